package dev.dbmove.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a job file, located so an editor can jump to it.
 *
 * @param file    the job file as the user named it
 * @param line    1-based; 0 when the problem concerns the whole file (missing, empty, too large)
 * @param column  1-based; 0 together with line 0
 * @param keyPath dotted path of the key, e.g. {@code source.tls.mode} or {@code tables.include[2]};
 *                empty for problems of the whole document
 * @param problem what is wrong; never contains a password
 * @param fix     what to change; never contains a password
 */
public record JobFileProblem(Path file, int line, int column, String keyPath, String problem, String fix) {
    public JobFileProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
        keyPath = keyPath == null ? "" : keyPath;
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative");
        }
    }

    /** {@code file:line:column}, or just the file when the problem has no position. */
    public String location() {
        return line == 0 ? file.toString() : file + ":" + line + ":" + column;
    }

    /** Compiler style, so terminals and editors recognise the location: the problem, then the fix on its own line. */
    public String describe() {
        String key = keyPath.isEmpty() ? "" : keyPath + ": ";
        return location() + ": " + key + problem + "\n  fix: " + fix;
    }
}
