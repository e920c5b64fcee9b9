package dev.dbmove.cutover.steps;

import dev.dbmove.config.Durations;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A command line of the cutover section, run by {@code /bin/sh -c} as the operator would type it,
 * with its own environment variables and a time limit.
 *
 * <p>Its output goes to a temporary file, not a pipe: a start command that leaves a daemon behind
 * (the daemon inherits the output) must not keep the cutover waiting for the pipe to close.
 */
final class ShellCommand {
    private static final Set<String> SHELL_WORDS = Set.of("true", "false", ":", "exit", "echo", "test", "[", "cd",
            "exec", "printf", "sleep", "kill", "set", "export", "if", "for", "while", "until", "case", "{", "(", "!");
    private static final int TAIL_LINES = 10;
    private static final int TAIL_CHARS = 2000;
    private static final String MASK = "******";

    private ShellCommand() {
    }

    /** How a run ended: its exit status (-1 when it ran out of time) and the last lines it printed. */
    record Outcome(int exitCode, boolean timedOut, String outputTail) {
        boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        /** Why it failed, for the operator: the status or the time limit, and what it printed last. */
        String failure(String command, Duration timeout) {
            String why = timedOut ? "did not finish within " + Durations.format(timeout) + " and was stopped"
                    : "exited with status " + exitCode;
            return "'" + command + "' " + why + (outputTail.isBlank() ? "" : "; it printed: " + outputTail.strip());
        }
    }

    /**
     * Why the command's program cannot be run, if it cannot: its first word (after any
     * {@code NAME=value} assignments) is neither a shell word nor a program found on the PATH or
     * at the path given. Commands that start with something this cannot read (quotes, a variable,
     * a subshell) are given the benefit of the doubt.
     */
    static Optional<String> whyNotFound(String commandLine, String path) {
        List<String> words = Arrays.asList(commandLine.strip().split("\\s+"));
        String program = words.stream().filter(w -> !w.matches("[A-Za-z_][A-Za-z0-9_]*=.*")).findFirst().orElse("");
        if (program.isEmpty() || SHELL_WORDS.contains(program) || program.matches(".*[\"'$`(){}*?\\\\].*")) {
            return Optional.empty();
        }
        if (program.contains("/")) {
            Path p = Path.of(program);
            if (!Files.exists(p)) {
                return Optional.of("'" + program + "' does not exist");
            }
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.empty()
                    : Optional.of("'" + program + "' is not an executable file");
        }
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program)) && Files.isRegularFile(Path.of(dir, program))) {
                return Optional.empty();
            }
        }
        return Optional.of("'" + program + "' is not found on the PATH");
    }

    /**
     * Runs the command and waits for it, at most {@code timeout}; a command that runs longer is
     * stopped with its children.
     *
     * @param env     variables added to dbmove's own environment
     * @param secrets values that must not show in the output kept (masked there), nor reach the command
     *                unasked: a variable of dbmove's own environment holding one (the job file's
     *                {@code ${env:...}} of a password) is not passed on; {@code env} may set it again
     */
    static Outcome run(String commandLine, Map<String, String> env, Duration timeout, Collection<String> secrets)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("dbmove-cutover-command", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", commandLine)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().values().removeIf(value -> !value.isEmpty() && secrets.contains(value));
            pb.environment().putAll(env);
            Process process = pb.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                stop(process);
                throw e;
            }
            if (!finished) {
                stop(process);
            }
            String tail = mask(tail(Files.readString(output, StandardCharsets.UTF_8)), secrets);
            return new Outcome(finished ? process.exitValue() : -1, !finished, tail);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            all.forEach(ProcessHandle::destroyForcibly);
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        return tail.length() <= TAIL_CHARS ? tail : "..." + tail.substring(tail.length() - TAIL_CHARS);
    }

    static String mask(String text, Collection<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }
}
