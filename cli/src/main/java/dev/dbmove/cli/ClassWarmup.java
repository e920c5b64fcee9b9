package dev.dbmove.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Loads the classes a replication run loads, and nothing else, so that the launcher can keep
 * them in a class-data archive ({@code -XX:ArchiveClassesAtExit}) once per build: every later
 * start maps them instead of reading, parsing and verifying them again, which took about
 * 0.7 s of a full load's start and 1.2 s of its CPU on the benchmark machine
 * (docs/benchmarks.md). The list, {@code cds-classes.txt}, is what
 * {@code -XX:DumpLoadedClassList} printed for replications MariaDB -> PostgreSQL and
 * PostgreSQL -> PostgreSQL ({@code bench/cds-classes.sh} makes it again); a class it names
 * that is not there any more is passed over, one it misses is loaded as before.
 * Not a subcommand: it is the launcher's, not the user's.
 */
public final class ClassWarmup {
    private ClassWarmup() {
    }

    public static void main(String[] args) throws IOException {
        ClassLoader loader = ClassWarmup.class.getClassLoader();
        int loaded = 0;
        int missing = 0;
        try (InputStream in = ClassWarmup.class.getResourceAsStream("cds-classes.txt")) {
            if (in == null) {
                throw new IOException("cds-classes.txt is not in the application jar");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String name;
            while ((name = lines.readLine()) != null) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    Class.forName(name.strip(), false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    missing++;
                }
            }
        }
        if (args.length > 0 && args[0].equals("--verbose")) {
            System.out.println(loaded + " classes loaded, " + missing + " not found");
        }
    }
}
