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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dbmove replicate} as a separate process, killed with SIGKILL during the full load
 * and again while streaming, restarted each time, under a live workload: the target ends
 * identical to the source, row by row, with no duplicate.
 */
@ExtendWith(RealDatabases.class)
class KillAndResumeIT {
    @TempDir
    Path dir;

    @Test
    void killedDuringSnapshotAndStreamingConvergesAfterRestart(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("kill_src");
             TestDatabase target = servers.postgres().createDatabase("kill_tgt")) {
            // Big enough that the full load takes a few seconds on two cores.
            source.execute("CREATE TABLE bulk (id INT PRIMARY KEY, payload VARCHAR(200), n DECIMAL(12,2))",
                    "INSERT INTO bulk SELECT seq, REPEAT(CHAR(65 + seq % 26), 150), seq / 7 FROM seq_1_to_300000");
            WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 200, 4, 11);
            writer.createTable(1000);
            Path job = jobFile(source.endpoint(), target.endpoint());
            writer.start();

            Process first = ChildDbmove.replicate(job, dir.resolve("first.log"));
            awaitTrue(Duration.ofSeconds(120), () -> count(target, "bulk") > 0, "the full load to start");
            long copiedWhenKilled = count(target, "bulk");
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            System.out.println("kill point 1: SIGKILL during the full load, " + copiedWhenKilled + " of 300000 rows copied");
            assertThat(copiedWhenKilled).isLessThan(300_000);

            Process second = ChildDbmove.replicate(job, dir.resolve("second.log"));
            awaitTrue(Duration.ofSeconds(180), () -> streaming(target), "the second run to finish the full load");
            Thread.sleep(2_000);
            second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            System.out.println("kill point 2: SIGKILL while streaming");

            Process third = ChildDbmove.replicate(job, dir.resolve("third.log"));
            Thread.sleep(2_000);
            WorkloadReport report = writer.stop();
            System.out.println(report);
            awaitTrue(Duration.ofSeconds(120), () -> writer.differences(target.endpoint()).isEmpty()
                    && count(target, "bulk") == 300_000, "the target to catch up");

            List<String> differences = new ArrayList<>(TableContents.differences(
                    TableContents.read(source.endpoint(), "bulk", List.of("id", "payload", "n"), List.of("id")),
                    TableContents.read(target.endpoint(), "bulk", List.of("id", "payload", "n"), List.of("id"))));
            differences.addAll(writer.differences(target.endpoint()));
            assertThat(differences).isEmpty();
            assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM items")).isZero();

            third.destroy(); // SIGTERM: a clean stop
            assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(third.exitValue()).isZero();
            assertThat(target.queryString("SELECT phase FROM dbmove_kill_resume.job")).isEqualTo("stopped");

            // Started again after a clean stop, with every table copied: the job says it streams.
            Process fourth = ChildDbmove.replicate(job, dir.resolve("fourth.log"));
            try {
                awaitTrue(Duration.ofSeconds(60),
                        () -> "streaming".equals(target.queryString("SELECT phase FROM dbmove_kill_resume.job")),
                        "the resumed job's phase to be streaming");
            } finally {
                fourth.destroy();
                assertThat(fourth.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private Path jobFile(Endpoint source, Endpoint target) throws Exception {
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: kill-resume
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

    private static boolean streaming(TestDatabase target) {
        try {
            return target.queryLong("SELECT count(*) FROM dbmove_kill_resume.tables WHERE phase = 'streaming'") == 2;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
