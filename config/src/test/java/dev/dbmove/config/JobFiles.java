package dev.dbmove.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Writes job files into a test's directory and loads them with a fixed environment. */
final class JobFiles {
    /** A complete, valid job file; tests replace single lines to break it. */
    static final String VALID = """
            job: shop-move
            source:
              type: mariadb
              host: 127.0.0.1
              port: 3306
              database: shop
              user: repl
              password: s3cr3t-Pa55w0rd
              tls:
                mode: prefer
            target:
              type: postgresql
              host: 127.0.0.1
              port: 5432
              database: shop
              schema: public
              user: dbmove
              password: ${env:TARGET_PASSWORD}
            tables:
              include: ["*"]
              exclude: ["audit_*"]
            """;

    static final Map<String, String> ENV = Map.of("TARGET_PASSWORD", "target-pw");

    private final Path dir;
    private final Map<String, String> env;

    JobFiles(Path dir) {
        this(dir, ENV);
    }

    JobFiles(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    Path dir() {
        return dir;
    }

    Path write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes dbmove.yaml and loads it. */
    JobConfig load(String text) {
        return loader().load(write("dbmove.yaml", text));
    }

    JobFileLoader loader() {
        return new JobFileLoader(env::get);
    }

    /** Writes dbmove.yaml, expects it to fail to load, and returns the failure. */
    JobFileException failure(String text) {
        return failure(write("dbmove.yaml", text));
    }

    JobFileException failure(Path file) {
        JobFileException[] caught = new JobFileException[1];
        assertThatThrownBy(() -> loader().load(file))
                .isInstanceOfSatisfying(JobFileException.class, e -> caught[0] = e);
        return caught[0];
    }

    /** The one problem reported for the key path; fails when there is none or several. */
    static JobFileProblem problemAt(JobFileException e, String keyPath) {
        var matching = e.problems().stream().filter(p -> p.keyPath().equals(keyPath)).toList();
        if (matching.size() != 1) {
            fail("expected one problem at '" + keyPath + "', found " + matching.size() + " in:\n" + e.getMessage());
        }
        return matching.get(0);
    }

    /** {@link #VALID} with one line replaced; the line must exist exactly once. */
    static String validWith(String line, String replacement) {
        String from = line + "\n";
        if (VALID.indexOf(from) < 0 || VALID.indexOf(from) != VALID.lastIndexOf(from)) {
            throw new IllegalArgumentException("not a unique line of VALID: " + line);
        }
        return VALID.replace(from, replacement.isEmpty() ? "" : replacement + "\n");
    }
}
