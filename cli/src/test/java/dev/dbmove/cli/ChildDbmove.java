package dev.dbmove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.testkit.TestDatabase;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dbmove run as a separate JVM, as a user runs it (a SIGKILL or SIGTERM reaches it alone), and
 * the waits the tests do on it.
 */
final class ChildDbmove {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChildDbmove() {
    }

    /** The java command that runs dbmove with these arguments, with the launcher's heap. */
    static ProcessBuilder command(String... args) {
        return command(List.of(), args);
    }

    /** The same with more JVM options after the heap (GC logging, the launcher's kill on OutOfMemoryError). */
    static ProcessBuilder command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Dbmove.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** {@code dbmove replicate --config JOB OPTIONS}, its output appended to {@code log}. */
    static Process replicate(Path job, Path log, String... options) throws IOException {
        return replicate(job, log, Map.of(), options);
    }

    /** The same with variables added to its environment. */
    static Process replicate(Path job, Path log, Map<String, String> env, String... options) throws IOException {
        return replicate(job, log, env, List.of(), options);
    }

    /** The same with more JVM options (see {@link #command(List, String...)}). */
    static Process replicate(Path job, Path log, Map<String, String> env, List<String> jvmOptions, String... options)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("replicate", "--config", job.toString()));
        args.addAll(List.of(options));
        ProcessBuilder pb = command(jvmOptions, args.toArray(String[]::new));
        pb.environment().putAll(env);
        return pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    /** SIGTERM (a clean stop), and SIGKILL if it has not ended within a minute. */
    static void stop(Process replicator) throws InterruptedException {
        replicator.destroy();
        if (!replicator.waitFor(60, TimeUnit.SECONDS)) {
            replicator.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Polls {@code dbmove status --json} until it lists {@code tables} tables, all streaming; fails
     * with the log if the replicator exits or two minutes pass.
     */
    static void awaitStreaming(Path job, Map<String, String> env, Process replicator, int tables,
                               Supplier<String> log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            CliRun status = CliRun.of(env, "status", "--config", job.toString(), "--json");
            if (status.exitCode() == 0) {
                JsonNode listed = JSON.readTree(status.out()).get("tables");
                boolean all = listed.size() == tables;
                for (JsonNode t : listed) {
                    all &= "streaming".equals(t.get("phase").asText());
                }
                if (all) {
                    return;
                }
            }
            assertThat(replicator.isAlive()).as(log.get()).isTrue();
            Thread.sleep(300);
        }
        throw new AssertionError("the tables did not stream: " + log.get());
    }

    /** Whether the job streams, read from its state schema: the job and every table. */
    static boolean streaming(TestDatabase target, String stateSchema) {
        try {
            return "streaming".equals(target.queryString("SELECT phase FROM " + stateSchema + ".job"))
                    && target.queryLong("SELECT count(*) FROM " + stateSchema + ".tables WHERE phase <> 'streaming'")
                    == 0;
        } catch (IllegalStateException e) {
            return false; // not created yet
        }
    }

    /** Polls the condition; fails with the log if the replicator exits first or time runs out. */
    static void await(Duration timeout, Process replicator, BooleanSupplier condition, String what,
                      Supplier<String> log) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!replicator.isAlive()) {
                throw new AssertionError("dbmove replicate exited (" + replicator.exitValue() + ") while waiting for "
                        + what + ":\n" + log.get());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + ":\n" + log.get());
    }
}
