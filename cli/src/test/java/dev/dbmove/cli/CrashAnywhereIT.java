package dev.dbmove.cli;

import dev.dbmove.core.Endpoint;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TableContents;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import dev.dbmove.testkit.WorkloadReport;
import dev.dbmove.testkit.WorkloadWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dbmove replicate} killed with SIGKILL at random moments, at least 22 times, while a
 * workload writer keeps changing the source: during the full load, while streaming, and inside
 * large source transactions (150,000-row updates, killed while the target transaction holding
 * them is open). Restarted after each kill, it ends with the target identical to the source, row
 * by row, with no duplicate. Every kill point is printed; the seed is printed and can be set with
 * {@code -Ddbmove.crash.seed=N} to repeat a run's delays.
 */
@ExtendWith(RealDatabases.class)
class CrashAnywhereIT {
    private static final int BULK_ROWS = 400_000;
    private static final int BIG_TRANSACTION_ROWS = 150_000;
    private static final int KILLS = 22;

    private enum Where { FULL_LOAD, STREAMING, LARGE_TRANSACTION }

    @TempDir
    Path dir;

    @Test
    void killedTwentyTwoTimesAnywhereTheTargetEndsIdenticalWithoutDuplicates(TestServers servers) throws Exception {
        long seed = Long.getLong("dbmove.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("CrashAnywhereIT seed " + seed);
        try (TestDatabase source = servers.mariadb().createDatabase("crash_src");
             TestDatabase target = servers.postgres().createDatabase("crash_tgt")) {
            source.execute("CREATE TABLE bulk (id INT PRIMARY KEY, payload VARCHAR(200), n BIGINT)",
                    "INSERT INTO bulk SELECT seq, REPEAT(CHAR(65 + seq % 26), 150), seq FROM seq_1_to_" + BULK_ROWS);
            WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 150, 3, seed);
            writer.createTable(1000);
            Path job = jobFile(source.endpoint(), target.endpoint());
            writer.start();

            List<String> points = new ArrayList<>();
            Map<Where, Integer> counts = new EnumMap<>(Where.class);
            int bigTransactions = 0;
            int run = 0;
            // The plan: the first kills during the full load, then streaming and large-transaction kills mixed.
            while (points.size() < KILLS) {
                run++;
                Process p = ChildDbmove.replicate(job, dir.resolve("run" + run + ".log"));
                String point;
                Where where;
                if (counts.getOrDefault(Where.FULL_LOAD, 0) < 5 && points.size() < 10) {
                    // A kill during the full load, once a random share of the bulk rows has arrived (the load takes
                    // about a second on two cores: a random delay would mostly miss it).
                    long threshold = 1 + random.nextInt(BULK_ROWS * 3 / 4);
                    awaitTrue(Duration.ofSeconds(120), p, () -> count(target, "bulk") >= threshold || streaming(target),
                            "the full load to copy " + threshold + " rows");
                    long copied = count(target, "bulk");
                    where = streaming(target) ? Where.STREAMING : Where.FULL_LOAD;
                    kill(p);
                    point = where == Where.FULL_LOAD ? "during the full load, " + copied + " of " + BULK_ROWS
                            + " bulk rows copied" : "while streaming (the full load had just ended)";
                } else if (random.nextBoolean()) {
                    awaitTrue(Duration.ofSeconds(180), p, () -> streaming(target), "the job to stream");
                    int delay = 200 + random.nextInt(3000);
                    Thread.sleep(delay);
                    kill(p);
                    where = Where.STREAMING;
                    point = "while streaming, " + delay + " ms after the job streamed";
                } else {
                    awaitTrue(Duration.ofSeconds(180), p, () -> streaming(target), "the job to stream");
                    bigTransactions++;
                    source.execute("UPDATE bulk SET n = n + 1 WHERE id <= " + BIG_TRANSACTION_ROWS);
                    // Killed once the target transaction applying it has been open for a random while.
                    int open = 200 + random.nextInt(2000);
                    boolean inside = awaitOpenWrite(target, bigTransactions, open, Duration.ofSeconds(60), p);
                    long applied = target.queryLong("SELECT n - id FROM bulk WHERE id = 1");
                    kill(p);
                    where = inside ? Where.LARGE_TRANSACTION : Where.STREAMING;
                    point = inside ? "inside large source transaction " + bigTransactions + " (" + BIG_TRANSACTION_ROWS
                            + " rows), the target transaction open for >= " + open + " ms; " + applied
                            + " of " + bigTransactions + " such transactions committed on the target"
                            : "while streaming (large transaction " + bigTransactions + " was applied before the kill)";
                }
                counts.merge(where, 1, Integer::sum);
                points.add(point);
                System.out.println("kill point " + points.size() + ": SIGKILL " + point);
            }
            System.out.println("kills: " + counts);

            Process last = ChildDbmove.replicate(job, dir.resolve("last.log"));
            try {
                awaitTrue(Duration.ofSeconds(180), last, () -> streaming(target), "the last run to stream");
                Thread.sleep(1000);
                WorkloadReport report = writer.stop();
                System.out.println(report);
                awaitTrue(Duration.ofSeconds(240), last, () -> writer.differences(target.endpoint()).isEmpty()
                        && target.queryLong("SELECT n - id FROM bulk WHERE id = 1") == bigTransactionsCommitted(source),
                        "the target to catch up");
                List<String> differences = new ArrayList<>(TableContents.differences(
                        TableContents.read(source.endpoint(), "bulk", List.of("id", "payload", "n"), List.of("id")),
                        TableContents.read(target.endpoint(), "bulk", List.of("id", "payload", "n"), List.of("id"))));
                differences.addAll(writer.differences(target.endpoint()));
                assertThat(differences).as("differences after %d kills (seed %d)", KILLS, seed).isEmpty();
                assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM items")).isZero();
                assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM bulk")).isZero();
                assertThat(target.queryLong("SELECT count(*) FROM bulk")).isEqualTo(BULK_ROWS);
            } finally {
                last.destroy();
                last.waitFor(60, TimeUnit.SECONDS);
            }
            assertThat(points).hasSizeGreaterThanOrEqualTo(20);
            assertThat(counts.getOrDefault(Where.FULL_LOAD, 0)).as("kills during the full load").isGreaterThanOrEqualTo(3);
            assertThat(counts.getOrDefault(Where.STREAMING, 0)).as("kills while streaming").isGreaterThanOrEqualTo(3);
            assertThat(counts.getOrDefault(Where.LARGE_TRANSACTION, 0)).as("kills inside a large transaction")
                    .isGreaterThanOrEqualTo(3);
        }
    }

    private static long bigTransactionsCommitted(TestDatabase source) {
        return source.queryLong("SELECT n - id FROM bulk WHERE id = 1");
    }

    /**
     * Waits until a write transaction on the target database (one with a transaction id: dbmove
     * applying rows) has been open at least {@code millis}; false if the large transaction
     * ({@code expected} updates of the first row) shows on the target first.
     */
    private static boolean awaitOpenWrite(TestDatabase target, long expected, int millis, Duration timeout,
                                          Process p) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            long open = target.queryLong("SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)"
                    + " * 1000), -1)::bigint FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND application_name = 'dbmove' AND backend_xid IS NOT NULL");
            if (open >= millis) {
                return true;
            }
            if (target.queryLong("SELECT n - id FROM bulk WHERE id = 1") == expected) {
                return false;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private Path jobFile(Endpoint source, Endpoint target) throws Exception {
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: crash-anywhere
                source: {type: mariadb, host: 127.0.0.1, port: %d, database: %s, user: %s}
                target: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                """.formatted(source.port(), source.database(), source.user(), target.port(), target.database(),
                target.user(), target.password().reveal()));
    }

    private static long count(TestDatabase db, String table) {
        try {
            return db.queryLong("SELECT count(*) FROM " + table);
        } catch (IllegalStateException e) {
            return 0; // not created yet
        }
    }

    private String lastLog() {
        try (var files = Files.list(dir)) {
            Path newest = files.filter(f -> f.toString().endsWith(".log"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElse(null);
            return newest == null ? "" : Files.readString(newest);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private boolean streaming(TestDatabase target) {
        return ChildDbmove.streaming(target, "dbmove_crash_anywhere");
    }

    private void awaitTrue(Duration timeout, Process p, BooleanSupplier condition, String what) throws Exception {
        ChildDbmove.await(timeout, p, condition, what, this::lastLog);
    }
}
