package dev.dbmove.core.status;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running {@code dbmove replicate} waits for while a server is unreachable: kept in a
 * small file beside the job file ({@code .dbmove-replicate/JOB/waiting}), because the state in
 * the target cannot be written while the target is down. {@code dbmove status} on the same
 * machine reads it; the file is removed when the server answers again.
 *
 * @param side     "source" or "target"
 * @param endpoint host:port/database of that side (never credentials)
 * @param reason   why the last attempt failed, as one line
 * @param since    when the server was first found unreachable
 * @param attempt  attempts made so far
 * @param nextTry  when the next attempt is made
 * @param pid      the waiting replicator's process id
 */
public record Waiting(String side, String endpoint, String reason, Instant since, int attempt, Instant nextTry,
                      long pid) {

    /** Where the file of a job lives: beside the job file. */
    public static Path file(Path jobFile, String job) {
        Path dir = jobFile.toAbsolutePath().getParent();
        return dir.resolve(".dbmove-replicate").resolve(job).resolve("waiting");
    }

    /** One line for people. */
    public String describe(Instant now) {
        long waited = Math.max(0, now.getEpochSecond() - since.getEpochSecond());
        long next = Math.max(0, nextTry.getEpochSecond() - now.getEpochSecond());
        return "waiting for the " + side + " (" + endpoint + ") for " + waited + " s: " + reason + "; attempt "
                + attempt + ", next in " + next + " s; the applied position is saved, nothing is lost";
    }

    /** Writes the file (replacing it whole); a file that cannot be written is only a lost hint. */
    public boolean write(Path file) {
        Properties p = new Properties();
        p.setProperty("side", side);
        p.setProperty("endpoint", endpoint);
        p.setProperty("reason", reason);
        p.setProperty("since", since.toString());
        p.setProperty("attempt", Integer.toString(attempt));
        p.setProperty("nextTry", nextTry.toString());
        p.setProperty("pid", Long.toString(pid));
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                p.store(w, "dbmove replicate is waiting for a server");
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void clear(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale file names a process that is gone, and is then not shown
        }
    }

    /** The file's content if it exists and the process that wrote it still runs. */
    public static Optional<Waiting> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            Waiting w = new Waiting(p.getProperty("side"), p.getProperty("endpoint"), p.getProperty("reason"),
                    Instant.parse(p.getProperty("since")), Integer.parseInt(p.getProperty("attempt")),
                    Instant.parse(p.getProperty("nextTry")), Long.parseLong(p.getProperty("pid")));
            return ProcessHandle.of(w.pid()).filter(ProcessHandle::isAlive).map(h -> w);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
