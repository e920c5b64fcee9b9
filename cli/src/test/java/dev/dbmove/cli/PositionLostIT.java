package dev.dbmove.cli;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.testkit.EmbeddedMariaDb;
import dev.dbmove.testkit.EmbeddedPostgres;
import dev.dbmove.testkit.MariaDbOptions;
import dev.dbmove.testkit.PostgresOptions;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TableContents;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import dev.dbmove.testkit.WorkloadWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source loses the change log from the job's saved position on while {@code dbmove replicate}
 * is stopped: MariaDB binlog files purged, a PostgreSQL slot invalidated by
 * {@code max_slot_wal_keep_size} or dropped. The next run refuses with a message that the
 * snapshot must be redone (exit 4), leaves the target as it was, and {@code --resnapshot all}
 * copies everything again and streams on; {@code --resnapshot TABLE} copies one table again
 * while the saved position still holds. Ends with {@code dbmove replicate --cleanup}, which
 * leaves no slot behind.
 */
@ExtendWith(RealDatabases.class)
class PositionLostIT {
    @TempDir
    Path dir;

    @Test
    void aPurgedBinlogIsRefusedAndResnapshotAllCopiesEverythingAgain(TestServers servers) throws Exception {
        try (EmbeddedMariaDb sourceServer = EmbeddedMariaDb.start(MariaDbOptions.cdcSource());
             TestDatabase source = sourceServer.createDatabase("purged_src");
             TestDatabase target = servers.postgres().createDatabase("purged_tgt")) {
            source.execute("CREATE TABLE bulk (id INT PRIMARY KEY, payload VARCHAR(100))",
                    "INSERT INTO bulk SELECT seq, CONCAT('row ', seq) FROM seq_1_to_2000");
            WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 0, 3, 21);
            writer.createTable(200);
            Path job = jobFile("purged", "mariadb", source.endpoint(), target.endpoint());
            Process replicator = ChildDbmove.replicate(job, log());
            try {
                ChildDbmove.awaitStreaming(job, java.util.Map.of(), replicator, 2, this::logText);
                writer.run(100);
                ChildDbmove.await(Duration.ofSeconds(60), replicator, () -> writer.differences(target.endpoint())
                        .isEmpty(), "the first changes", this::logText);
            } finally {
                ChildDbmove.stop(replicator);
            }
            assertThat(replicator.exitValue()).as(logText()).isZero();

            // While dbmove is stopped: changes, then the binlog files holding them are purged.
            writer.run(200);
            source.execute("UPDATE bulk SET payload = 'changed while stopped' WHERE id <= 100");
            purgeBinaryLogs(sourceServer.adminEndpoint(source.name()));

            Finished refused = replicateToEnd(job);
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(4);
            assertThat(refused.output()).contains("no longer holds the saved position", "is gone",
                    "the snapshot must be redone", "--resnapshot all").doesNotContain("Exception");
            assertThat(target.queryLong("SELECT count(*) FROM bulk WHERE payload = 'changed while stopped'"))
                    .as("the refused run left the target as it was").isZero();

            Finished some = replicateToEnd(job, "--resnapshot", "bulk");
            assertThat(some.exitCode()).as(some.output()).isEqualTo(4);
            assertThat(some.output()).contains("the snapshot must be redone", "--resnapshot all");
            Finished unknown = replicateToEnd(job, "--resnapshot", "bulk,nosuch");
            assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(2);
            assertThat(unknown.output()).contains("nosuch", "not a table of this job", "bulk");

            replicator = ChildDbmove.replicate(job, log(), "--resnapshot", "all");
            try {
                ChildDbmove.await(Duration.ofSeconds(120), replicator, () -> ChildDbmove.streaming(target,
                        "dbmove_purged") && converged(writer, target), "the copy again", this::logText);
                assertThat(logText()).contains("every table is copied again (--resnapshot)");
                writer.run(100); // and it streams from the new position
                ChildDbmove.await(Duration.ofSeconds(60), replicator, () -> writer.differences(target.endpoint())
                        .isEmpty(), "changes after the copy again", this::logText);
                assertThat(TableContents.compare(source.endpoint(), target.endpoint(), "bulk", List.of("id", "payload"),
                        List.of("id"))).isEmpty();
                assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM items")).isZero();
            } finally {
                ChildDbmove.stop(replicator);
            }
        }
    }

    @Test
    void anInvalidatedSlotIsRefusedResnapshotRecoversAndCleanupLeavesNoSlot(TestServers servers) throws Exception {
        try (EmbeddedPostgres sourceServer = EmbeddedPostgres.start(PostgresOptions.cdcSource());
             TestDatabase source = sourceServer.createDatabase("slot_src");
             TestDatabase target = servers.postgres().createDatabase("slot_tgt")) {
            source.execute("CREATE TABLE parent (id INT PRIMARY KEY, name TEXT NOT NULL)",
                    "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL REFERENCES parent (id), note TEXT)",
                    "INSERT INTO parent SELECT g, 'parent ' || g FROM generate_series(1, 500) g",
                    "INSERT INTO child SELECT g, 1 + g % 500, 'child ' || g FROM generate_series(1, 3000) g");
            WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 0, 3, 22);
            writer.createTable(200);
            Path job = jobFile("slotlost", "postgresql", source.endpoint(), target.endpoint());
            Process replicator = ChildDbmove.replicate(job, log());
            try {
                ChildDbmove.awaitStreaming(job, java.util.Map.of(), replicator, 3, this::logText);
                writer.run(100);
                ChildDbmove.await(Duration.ofSeconds(60), replicator, () -> writer.differences(target.endpoint())
                        .isEmpty(), "the first changes", this::logText);
            } finally {
                ChildDbmove.stop(replicator);
            }

            // The saved position holds: one table copied again on request, foreign keys to it kept.
            target.execute("UPDATE parent SET name = 'wrong on the target' WHERE id <= 10");
            replicator = ChildDbmove.replicate(job, log(), "--resnapshot", "parent");
            try {
                ChildDbmove.await(Duration.ofSeconds(120), replicator, () -> logText().contains("copying 1 table(s) again:"
                        + " parent") && ChildDbmove.streaming(target, "dbmove_slotlost") && quietly(() -> target.queryLong(
                        "SELECT count(*) FROM parent WHERE name <> 'wrong on the target'") == 500),
                        "parent copied again", this::logText);
                ChildDbmove.await(Duration.ofSeconds(60), replicator, () -> target.queryLong(
                        "SELECT count(*) FROM pg_constraint WHERE conrelid = 'child'::regclass AND contype = 'f'") == 1,
                        "child's foreign key to the parent copied again", this::logText);
            } finally {
                ChildDbmove.stop(replicator);
            }

            // While dbmove is stopped: changes, then the server drops the WAL the slot kept.
            writer.run(200);
            source.execute("UPDATE parent SET name = 'changed while stopped' WHERE id <= 50");
            Endpoint admin = sourceServer.adminEndpoint(source.name());
            try (Connection c = Jdbc.connect(admin, "source"); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'");
                s.execute("SELECT pg_reload_conf()");
                for (int i = 0; i < 3; i++) {
                    s.execute("CREATE TEMP TABLE IF NOT EXISTS filler AS SELECT g FROM generate_series(1, 1000) g");
                    s.execute("SELECT pg_switch_wal()");
                }
                s.execute("CHECKPOINT");
                assertThat(status(s)).as("the slot is invalidated").isEqualTo("lost");
                s.execute("ALTER SYSTEM RESET max_slot_wal_keep_size");
                s.execute("SELECT pg_reload_conf()");
            }
            Finished refused = replicateToEnd(job);
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(4);
            assertThat(refused.output()).contains("has lost the WAL it kept", "the snapshot must be redone",
                    "--resnapshot all").doesNotContain("Exception");
            assertThat(target.queryLong("SELECT count(*) FROM parent WHERE name = 'changed while stopped'")).isZero();

            replicator = ChildDbmove.replicate(job, log(), "--resnapshot", "all");
            try {
                ChildDbmove.await(Duration.ofSeconds(120), replicator, () -> ChildDbmove.streaming(target,
                        "dbmove_slotlost") && converged(writer, target), "the copy again",
                        this::logText);
                writer.run(100);
                source.execute("UPDATE child SET note = 'after' WHERE id <= 20");
                ChildDbmove.await(Duration.ofSeconds(60), replicator, () -> writer.differences(target.endpoint())
                        .isEmpty() && target.queryLong("SELECT count(*) FROM child WHERE note = 'after'") == 20,
                        "changes after the copy again", this::logText);
                List<String> differences = new ArrayList<>(TableContents.compare(source.endpoint(), target.endpoint(),
                        "parent", List.of("id", "name"), List.of("id")));
                differences.addAll(TableContents.compare(source.endpoint(), target.endpoint(), "child",
                        List.of("id", "parent_id", "note"), List.of("id")));
                assertThat(differences).isEmpty();
            } finally {
                ChildDbmove.stop(replicator);
            }

            // dbmove replicate --cleanup from the command line: no slot is left; a run after it is refused.
            Finished cleanup = runToEnd(ChildDbmove.command("replicate", "--config", job.toString(), "--cleanup"));
            assertThat(cleanup.exitCode()).as(cleanup.output()).isZero();
            assertThat(cleanup.output()).contains("replication slot dbmove_slotlost: dropped",
                    "publication dbmove_slotlost: dropped");
            assertThat(source.queryLong("SELECT count(*) FROM pg_replication_slots")).isZero();
            Finished gone = replicateToEnd(job);
            assertThat(gone.exitCode()).as(gone.output()).isEqualTo(4);
            assertThat(gone.output()).contains("replication slot dbmove_slotlost is gone", "--resnapshot all");
        }
    }

    /**
     * Rotates the binary log and purges every file before the new one. MariaDB keeps a file until
     * its storage engines have checkpointed it (PURGE then only warns), so this retries until
     * the new file is the only one.
     */
    private static void purgeBinaryLogs(Endpoint admin) throws Exception {
        try (Connection c = Jdbc.connect(admin, "source"); Statement s = c.createStatement()) {
            s.execute("FLUSH BINARY LOGS");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                List<String> files = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
                    while (rs.next()) {
                        files.add(rs.getString(1));
                    }
                }
                if (files.size() == 1) {
                    System.out.println("binary logs purged: only " + files.get(0) + " is left");
                    return;
                }
                assertThat(System.nanoTime()).as("binary logs still there: " + files).isLessThan(deadline);
                s.execute("PURGE BINARY LOGS TO '" + files.get(files.size() - 1) + "'");
                Thread.sleep(500);
            }
        }
    }

    /** Whether the target holds the writer's rows; false while its table is being made again. */
    private static boolean converged(WorkloadWriter writer, TestDatabase target) {
        return quietly(() -> writer.differences(target.endpoint()).isEmpty());
    }

    /** The condition, false while a table it reads is being made again. */
    private static boolean quietly(java.util.function.BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (IllegalStateException notThereYet) {
            return false;
        }
    }

    private static String status(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT wal_status FROM pg_replication_slots")) {
            assertThat(rs.next()).as("the job's slot").isTrue();
            return rs.getString(1);
        }
    }

    private record Finished(int exitCode, String output) {
    }

    /** {@code dbmove replicate} with these options, which must end by itself within two minutes. */
    private Finished replicateToEnd(Path job, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("replicate", "--config", job.toString()));
        args.addAll(List.of(options));
        return runToEnd(ChildDbmove.command(args.toArray(String[]::new)));
    }

    private Finished runToEnd(ProcessBuilder command) throws Exception {
        Path out = Files.createTempFile(dir, "run", ".log");
        Process p = command.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("dbmove did not end:\n" + Files.readString(out));
        }
        String output = Files.readString(out);
        System.out.println("dbmove " + String.join(" ", command.command().subList(command.command().indexOf(
                Dbmove.class.getName()) + 1, command.command().size())) + " -> exit " + p.exitValue() + ":\n" + output);
        return new Finished(p.exitValue(), output);
    }

    private Path jobFile(String name, String type, Endpoint source, Endpoint target) throws Exception {
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: %s
                source: {type: %s, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                target: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                """.formatted(name, type, source.port(), source.database(), source.user(),
                source.password().reveal(), target.port(), target.database(), target.user(),
                target.password().reveal()));
    }

    private Path log() {
        return dir.resolve("replicate.log");
    }

    private String logText() {
        try {
            return Files.readString(log());
        } catch (Exception e) {
            return "";
        }
    }
}
