package dev.dbmove.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A database server running as a child of this JVM that cannot outlive it.
 * The server is started by a small shell that waits on its standard input: when the JVM
 * exits for any reason (even SIGKILL) the pipe closes and the shell stops the server.
 */
final class ServerProcess implements AutoCloseable {
    private static final String GUARD = "\"$@\" & child=$!\n"
            + "echo $child > \"$DBMOVE_PID_FILE\"\n"
            + "cat > /dev/null\n"
            + "kill -\"$DBMOVE_STOP_SIGNAL\" $child 2>/dev/null\n"
            + "wait $child\n";

    private final Process guard;
    private final List<String> command;
    private final Path pidFile;
    private final Path logFile;
    private final String stopSignal;
    private final Path workingDirectory;

    private ServerProcess(Process guard, List<String> command, Path pidFile, Path logFile, String stopSignal,
                          Path workingDirectory) {
        this.guard = guard;
        this.command = List.copyOf(command);
        this.pidFile = pidFile;
        this.logFile = logFile;
        this.stopSignal = stopSignal;
        this.workingDirectory = workingDirectory;
    }

    /**
     * @param stopSignal the signal that shuts the server down quickly and cleanly (INT for PostgreSQL, TERM for MariaDB)
     */
    static ServerProcess start(List<String> command, Path logFile, Path pidFile, String stopSignal) {
        return start(command, logFile, pidFile, stopSignal, null);
    }

    /** @param workingDirectory where the server runs; null for this JVM's working directory */
    static ServerProcess start(List<String> command, Path logFile, Path pidFile, String stopSignal, Path workingDirectory) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", GUARD, "dbmove-server"));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        pb.environment().put("DBMOVE_PID_FILE", pidFile.toString());
        pb.environment().put("DBMOVE_STOP_SIGNAL", stopSignal);
        try {
            Files.deleteIfExists(pidFile); // a restart's: it names the stopped server, which is not alive
            return new ServerProcess(pb.start(), command, pidFile, logFile, stopSignal, workingDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** The same server started again (after {@link #stop} or {@link #kill}): same command, data, log and port. */
    ServerProcess again() {
        return start(command, logFile, pidFile, stopSignal, workingDirectory);
    }

    /** True while the server process itself runs. */
    boolean isAlive() {
        if (!guard.isAlive()) {
            return false;
        }
        try {
            if (!Files.exists(pidFile)) {
                return true; // not forked yet
            }
            String pid = Files.readString(pidFile).trim();
            return pid.isEmpty() || Files.exists(Path.of("/proc", pid));
        } catch (IOException e) {
            return true;
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and waits for it, up to the timeout; then kills it. */
    void stop(Duration timeout) {
        try {
            guard.getOutputStream().close();
            if (!guard.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killServer();
                guard.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            killServer();
            guard.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killServer();
            guard.destroyForcibly();
        }
    }

    /** Kills the server at once, as a crash would. */
    void kill() {
        killServer();
        stop(Duration.ofSeconds(10));
    }

    private void killServer() {
        try {
            String pid = Files.readString(pidFile).trim();
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | NumberFormatException e) {
            // never started: nothing to kill
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
