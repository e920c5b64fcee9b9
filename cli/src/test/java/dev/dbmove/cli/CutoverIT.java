package dev.dbmove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestServers;
import dev.dbmove.testkit.shop.ShopDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dbmove cutover} moving a real application (the demo shop, a separate process writing
 * orders, stopped and started by its control script) from the embedded MariaDB to the embedded
 * PostgreSQL while dbmove replicates: the move itself, the refusals that stop it before anything
 * is touched, the automatic rollback after a failing health check, and a cutover killed while
 * it drains, resumed in one test and rolled back in another.
 */
@ExtendWith(RealDatabases.class)
class CutoverIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theApplicationMovesToTheTargetWithEveryAcknowledgedWriteAndItsKeysContinuing(TestServers servers) throws Exception {
        try (ShopMove move = new ShopMove(servers, dir, "happy", ShopMove.section("""
                  maxLagSeconds: 10
                  requireValidation: 1h
                  verify: changed
                  health:
                    - http: http://127.0.0.1:@PORT@/health
                      expect: 200
                      within: 30s
                """))) {
            move.started().validated();

            // --dry-run: the plan, the checks and the diff; nothing touched.
            CliRun dry = CliRun.of("cutover", "--config", move.job.toString(), "--dry-run");
            assertThat(dry.exitCode()).as(dry.all()).isZero();
            assertThat(dry.out()).contains("stop applications", "freeze the source", "drain", "verify", "sequences",
                    "rewrite " + move.app.config(), "start applications", "health http://127.0.0.1:",
                    "-db.url=jdbc", "+db.url=jdbc", "every check passed");
            assertThat(Files.readAllBytes(move.app.config())).isEqualTo(move.originalConfig);
            assertThat(move.sourceReadOnly()).isFalse();
            assertThat(move.app.info().map(ShopDir.Info::database)).contains("MariaDB");

            List<Long> ackedBefore = move.app.ackedIds();
            CliRun run = CliRun.of("cutover", "--config", move.job.toString(), "--yes", "--json");
            assertThat(run.exitCode()).as(run.all() + move.logs()).isZero();
            JsonNode result = JSON.readTree(run.out());
            assertThat(result.get("outcome").asText()).isEqualTo("completed");
            JsonNode downtime = result.get("downtime");
            double down = downtime.get("applicationsDown").get("seconds").asDouble();
            double freeze = downtime.get("writeFreeze").get("seconds").asDouble();
            assertThat(down).isPositive();
            assertThat(freeze).isPositive().isLessThanOrEqualTo(down);
            System.out.printf("cutover of the shop application: applications down %.1f s (first stop to first passing"
                            + " health check), source write freeze %.1f s, drain %.1f s, verify %.1f s%n", down, freeze,
                    downtime.get("drainSeconds").asDouble(), downtime.get("verifySeconds").asDouble());

            // The application runs on the target and goes on writing, with new keys.
            move.await(Duration.ofSeconds(30), () -> move.app.info().map(ShopDir.Info::database).equals(Optional.of("PostgreSQL")),
                    "the application to run on PostgreSQL");
            move.await(Duration.ofSeconds(30), () -> move.app.ackedIds().size() >= ackedBefore.size() + 20,
                    "orders written on the target");
            List<Long> acked = move.app.ackedIds();
            Set<Long> onTarget = new HashSet<>(move.targetOrderIds());
            assertThat(acked).doesNotHaveDuplicates();
            assertThat(onTarget).containsAll(acked);
            long lastOnSource = move.source.queryLong("SELECT MAX(id) FROM orders");
            List<Long> afterCutover = acked.stream().filter(id -> id > lastOnSource).toList();
            assertThat(afterCutover).isNotEmpty();
            // Every order acknowledged before the stop is one the source holds and the target has.
            assertThat(acked.stream().filter(id -> id <= lastOnSource)).containsAll(ackedBefore);
            // The sequence continued past the source's counter: keys the source handed out are not handed out again.
            long sourceNext = move.source.queryLong("SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE"
                    + " TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders'");
            assertThat(afterCutover.get(0)).isGreaterThanOrEqualTo(sourceNext);
            assertThat(move.app.info().orElseThrow().failures()).isZero();

            // The source stays frozen; the replicator was asked to stop and did, cleanly.
            assertThat(move.sourceReadOnly()).isTrue();
            assertThat(move.replicator().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(move.replicator().exitValue()).isZero();
            // A second cutover is not a thing: the last one completed and the replicator is gone.
            CliRun again = CliRun.of("cutover", "--config", move.job.toString(), "--yes");
            assertThat(again.exitCode()).isEqualTo(4);
        }
    }

    @Test
    void eachRefusalComesBeforeAnythingIsStopped(TestServers servers) throws Exception {
        try (ShopMove move = new ShopMove(servers, dir, "refuse", ShopMove.section("""
                  maxLagSeconds: 3
                  requireValidation: 1h
                  health:
                    - http: http://127.0.0.1:@PORT@/health
                      within: 30s
                """))) {
            move.started();
            long pid = Long.parseLong(Files.readString(move.app.pid()).strip());

            // No validation yet.
            assertRefused(move, move.job, pid, "no clean validation", "dbmove validate");
            move.validated();

            // A replace pattern that matches nothing.
            Path legacy = Files.writeString(dir.resolve("legacy.rb"), "config['database_host'] = 'db-old.internal'\n");
            Path replaceJob = variant(move, "  rewrite:\n", "  rewrite:\n    - file: " + legacy + "\n      replace: {pattern:"
                    + " \"db_host = '.*'\", with: \"db_host = '${target.host}'\"}\n");
            assertRefused(move, replaceJob, pid, legacy.toString(), "matches nothing");

            // An unwritable config file.
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                // root may write any file whatever its mode; an immutable one it may not.
                ShopMove.run("chattr", "+i", move.app.config().toString());
            } else {
                Files.setPosixFilePermissions(move.app.config(), PosixFilePermissions.fromString("r--r--r--"));
            }
            try {
                assertRefused(move, move.job, pid, move.app.config().toString(), "not writable");
            } finally {
                if (root) {
                    ShopMove.run("chattr", "-i", move.app.config().toString());
                } else {
                    Files.setPosixFilePermissions(move.app.config(), PosixFilePermissions.fromString("rw-r--r--"));
                }
            }

            // Replication lagging: the target's orders table locked while the application writes.
            try (Connection lock = move.target.connect(); Statement s = lock.createStatement()) {
                lock.setAutoCommit(false);
                s.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
                move.await(Duration.ofSeconds(30), () -> move.status().get("lagSeconds").asDouble() > 5, "lag over 5 s");
                assertRefused(move, move.job, pid, "replication lags", "maxLagSeconds");
                lock.rollback();
            }
        }
    }

    @Test
    void aFailingHealthCheckRollsBackToTheSource(TestServers servers) throws Exception {
        // The rewrite gives the application a wrong password for the target: it cannot work there.
        String section = ShopMove.section("""
                  maxLagSeconds: 10
                  requireValidation: 1h
                  health:
                    - http: http://127.0.0.1:@PORT@/health
                      expect: 200
                      within: 6s
                """).replace("@TARGET_PASSWORD@", "not-the-password");
        try (ShopMove move = new ShopMove(servers, dir, "health", section)) {
            move.started().validated();
            List<Long> ackedBefore = move.app.ackedIds();

            CliRun run = CliRun.of("cutover", "--config", move.job.toString(), "--yes");
            assertThat(run.exitCode()).as(run.all() + move.logs()).isEqualTo(1);
            assertThat(run.out()).contains("health http://127.0.0.1:", "did not pass within 6s", "Cutover rolled back",
                    "Downtime report", "undo rewrite " + move.app.config(), "undo freeze the source",
                    "undo stop applications");

            assertThat(Files.readAllBytes(move.app.config())).isEqualTo(move.originalConfig);
            assertThat(move.sourceReadOnly()).isFalse();
            move.await(Duration.ofSeconds(30), () -> move.app.info().map(ShopDir.Info::database).equals(Optional.of("MariaDB")),
                    "the application to run on MariaDB again");
            move.await(Duration.ofSeconds(30), () -> move.app.ackedIds().size() >= ackedBefore.size() + 20,
                    "orders written on the source again");
            long lastOnSource = move.source.queryLong("SELECT MAX(id) FROM orders");
            List<Long> acked = move.app.ackedIds();
            assertThat(acked).doesNotHaveDuplicates();
            assertThat(acked.get(acked.size() - 1)).isLessThanOrEqualTo(lastOnSource);
            assertThat(move.source.queryLong("SELECT COUNT(*) FROM orders WHERE id = " + acked.get(acked.size() - 1))).isOne();
        }
    }

    @Test
    void aCutoverKilledWhileDrainingIsResumed(TestServers servers) throws Exception {
        try (ShopMove move = new ShopMove(servers, dir, "resume", drainingSection())) {
            move.started().validated();
            killWhileDraining(move);

            CliRun resumed = CliRun.of("cutover", "--config", move.job.toString(), "--resume", "--yes");
            assertThat(resumed.exitCode()).as(resumed.all() + move.logs()).isZero();
            assertThat(resumed.out()).contains("skip  stop applications", "check drain", "Cutover completed");
            move.await(Duration.ofSeconds(30), () -> move.app.info().map(ShopDir.Info::database).equals(Optional.of("PostgreSQL")),
                    "the application to run on PostgreSQL");
            List<Long> acked = move.app.ackedIds();
            assertThat(new HashSet<>(move.targetOrderIds())).containsAll(acked);
        }
    }

    @Test
    void aCutoverKilledWhileDrainingIsRolledBack(TestServers servers) throws Exception {
        try (ShopMove move = new ShopMove(servers, dir, "rollback", drainingSection())) {
            move.started().validated();
            killWhileDraining(move);
            int ackedAtKill = move.app.ackedIds().size();

            CliRun rolledBack = CliRun.of("cutover", "--config", move.job.toString(), "--rollback");
            assertThat(rolledBack.exitCode()).as(rolledBack.all() + move.logs()).isZero();
            assertThat(rolledBack.out()).contains("undo  freeze the source", "undo  stop applications", "Cutover rolled back");
            assertThat(move.sourceReadOnly()).isFalse();
            assertThat(Files.readAllBytes(move.app.config())).isEqualTo(move.originalConfig);
            move.await(Duration.ofSeconds(30), () -> move.app.ackedIds().size() >= ackedAtKill + 20,
                    "the application to write to the source again");
            assertThat(move.app.info().map(ShopDir.Info::database)).contains("MariaDB");
            // Rolled back, the run is settled: a new cutover is allowed (and its dry run says so).
            CliRun dry = CliRun.of("cutover", "--config", move.job.toString(), "--dry-run");
            assertThat(dry.out()).doesNotContain("unfinished");
        }
    }

    private static String drainingSection() {
        return ShopMove.section("""
                  maxLagSeconds: 60
                  requireValidation: 1h
                  health:
                    - http: http://127.0.0.1:@PORT@/health
                      within: 30s
                """);
    }

    /**
     * Starts the cutover in a process of its own while the target's orders table is locked, so
     * that the drain cannot end, and kills it (SIGKILL) once it drains; then releases the lock.
     */
    private void killWhileDraining(ShopMove move) throws Exception {
        Path output = dir.resolve("cutover.log");
        try (Connection lock = move.target.connect(); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process cutover = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    Dbmove.class.getName(), "cutover", "--config", move.job.toString(), "--yes")
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try {
                move.await(Duration.ofSeconds(60), () -> read(output).contains("waiting for the target to apply")
                        || !cutover.isAlive(), "the cutover to drain");
                assertThat(cutover.isAlive()).as(read(output)).isTrue();
                Thread.sleep(1000);
            } finally {
                cutover.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            lock.rollback();
        }
        // Killed in the drain: the application is stopped and the source frozen.
        assertThat(move.app.running()).isFalse();
        assertThat(move.sourceReadOnly()).isTrue();
        assertThat(Files.readAllBytes(move.app.config())).isEqualTo(move.originalConfig);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** A copy of the move's job file with one text replaced, beside it (so it shares the cutover's work directory). */
    private static Path variant(ShopMove move, String text, String replacement) throws Exception {
        String job = Files.readString(move.job);
        assertThat(job).contains(text);
        return Files.writeString(move.job.resolveSibling("variant.yaml"), job.replace(text, replacement));
    }

    /** The cutover is refused with these words, and nothing was touched. */
    private static void assertRefused(ShopMove move, Path job, long appPid, String... reasons) throws Exception {
        CliRun run = CliRun.of("cutover", "--config", job.toString(), "--yes");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(4);
        assertThat(run.out()).contains("Cutover refused").contains(reasons);
        assertThat(Long.parseLong(Files.readString(move.app.pid()).strip())).isEqualTo(appPid);
        assertThat(move.app.running()).isTrue();
        assertThat(move.sourceReadOnly()).isFalse();
        assertThat(Files.readAllBytes(move.app.config())).isEqualTo(move.originalConfig);
        int acked = move.app.ackedIds().size();
        move.await(Duration.ofSeconds(10), () -> move.app.ackedIds().size() > acked + 5, "the application to keep writing");
    }
}
