package dev.dbmove.cli;

import dev.dbmove.core.Endpoint;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers failing under a running {@code dbmove replicate} (a separate process) with a workload
 * writer: the target stopped for 30 s and started again, the source restarted while streaming.
 * dbmove waits with growing pauses, says what it waits for in its output and in
 * {@code dbmove status}, never exits, and the target converges to the source with no duplicate.
 */
@ExtendWith(RealDatabases.class)
class ServersFailingIT {
    @TempDir
    Path dir;

    @Test
    void theTargetDownForThirtySecondsIsWaitedForAndTheTargetConverges(TestServers servers) throws Exception {
        try (EmbeddedPostgres targetServer = EmbeddedPostgres.start(PostgresOptions.cdcSource());
             TestDatabase source = servers.mariadb().createDatabase("down_src");
             TestDatabase target = targetServer.createDatabase("down_tgt")) {
            source.execute("CREATE TABLE bulk (id INT PRIMARY KEY, payload VARCHAR(200))",
                    "INSERT INTO bulk SELECT seq, REPEAT('x', 100) FROM seq_1_to_50000");
            WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 150, 3, 5);
            writer.createTable(500);
            Path job = jobFile("target-down", source.endpoint(), target.endpoint());
            Process replicator = ChildDbmove.replicate(job, dir.resolve("replicate.log"));
            try {
                awaitTrue(Duration.ofSeconds(120), replicator, () -> streaming(target, "target_down"), "streaming");
                writer.start();
                Thread.sleep(2_000);

                targetServer.stop();
                long down = System.nanoTime();
                // While the target is down: dbmove keeps running and says what it waits for, in its output and
                // in dbmove status (which cannot read the state in the target).
                awaitTrue(Duration.ofSeconds(60), replicator, () -> log().contains("waiting for the target"),
                        "dbmove to say it waits for the target");
                CliRun status = CliRun.of("status", "--config", job.toString());
                System.out.println("dbmove status while the target is down:\n" + status.all());
                assertThat(status.all()).contains("waiting for the target", "127.0.0.1:" + targetServer.port());
                CliRun json = CliRun.of("status", "--config", job.toString(), "--json");
                assertThat(json.out()).contains("\"waiting\"", "\"side\" : \"target\"");
                while (System.nanoTime() - down < Duration.ofSeconds(30).toNanos()) {
                    assertThat(replicator.isAlive()).as(log()).isTrue();
                    Thread.sleep(500);
                }
                targetServer.restart();
                System.out.println("target down for " + (System.nanoTime() - down) / 1_000_000 + " ms");

                Thread.sleep(3_000);
                System.out.println(writer.stop());
                awaitTrue(Duration.ofSeconds(120), replicator, () -> writer.differences(target.endpoint()).isEmpty(),
                        "the target to catch up after the outage");
                assertThat(log()).contains("the target answers again");
                List<String> differences = new ArrayList<>(TableContents.compare(source.endpoint(), target.endpoint(),
                        "bulk", List.of("id", "payload"), List.of("id")));
                differences.addAll(writer.differences(target.endpoint()));
                assertThat(differences).isEmpty();
                assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM items")).isZero();
                CliRun after = CliRun.of("status", "--config", job.toString());
                assertThat(after.all()).doesNotContain("waiting for the");
            } finally {
                ChildDbmove.stop(replicator);
            }
        }
    }

    @Test
    void theSourceRestartedWhileStreamingIsFollowedAgain(TestServers servers) throws Exception {
        try (EmbeddedMariaDb sourceServer = EmbeddedMariaDb.start(MariaDbOptions.cdcSource());
             TestDatabase source = sourceServer.createDatabase("restart_src");
             TestDatabase target = servers.postgres().createDatabase("restart_tgt")) {
            // The binlog client reconnects within seconds (by default its keep-alive looks once a minute).
            followsARestartedSource(source, target, "source-restart", 9, sourceServer::stop, sourceServer::restart,
                    true, Duration.ofSeconds(30));
        }
    }

    @Test
    void aPostgresSourceRestartedWhileStreamingIsFollowedAgain(TestServers servers) throws Exception {
        try (EmbeddedPostgres sourceServer = EmbeddedPostgres.start(PostgresOptions.cdcSource());
             TestDatabase source = sourceServer.createDatabase("pgrestart_src");
             TestDatabase target = servers.postgres().createDatabase("pgrestart_tgt")) {
            // Debezium's engine restarts the PostgreSQL connector (errors.max.retries = -1), or dbmove's own
            // wait for the source does; either way the stream resumes from the slot.
            followsARestartedSource(source, target, "pg-source-restart", 10, sourceServer::stop,
                    sourceServer::restart, false, Duration.ofSeconds(90));
        }
    }

    /**
     * A running job under a workload writer; the source stopped for 5 s (dbmove stays alive, and
     * {@code status} says it cannot read the source if {@code statusSaysSourceDown}) and started:
     * the target catches up within {@code catchUp}, with no duplicate.
     */
    private void followsARestartedSource(TestDatabase source, TestDatabase target, String jobName, long seed,
                                         Runnable stop, Runnable restart, boolean statusSaysSourceDown,
                                         Duration catchUp) throws Exception {
        WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 150, 3, seed);
        writer.createTable(500);
        Path job = jobFile(jobName, source.endpoint(), target.endpoint());
        Process replicator = ChildDbmove.replicate(job, dir.resolve("replicate.log"));
        try {
            awaitTrue(Duration.ofSeconds(120), replicator, () -> streaming(target, jobName.replace('-', '_')),
                    "streaming");
            writer.start();
            Thread.sleep(2_000);
            writer.stop(); // a commit cut by the shutdown would leave the writer's model unsure
            stop.run();
            Thread.sleep(5_000);
            assertThat(replicator.isAlive()).as(log()).isTrue();
            if (statusSaysSourceDown) {
                CliRun status = CliRun.of("status", "--config", job.toString());
                System.out.println("dbmove status while the source is down:\n" + status.all());
                assertThat(status.all()).contains("cannot read the source's position");
            }
            restart.run();
            long restarted = System.nanoTime();
            writer.start();
            Thread.sleep(3_000);
            System.out.println(writer.stop());
            awaitTrue(catchUp, replicator, () -> writer.differences(target.endpoint()).isEmpty(),
                    "the target to catch up after the source's restart");
            System.out.println("caught up " + (System.nanoTime() - restarted) / 1_000_000 + " ms after the restart");
            assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM items")).isZero();
            assertThat(replicator.isAlive()).as(log()).isTrue();
        } finally {
            ChildDbmove.stop(replicator);
        }
    }

    private Path jobFile(String name, Endpoint source, Endpoint target) throws Exception {
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: %s
                source: {type: %s, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                target: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                """.formatted(name, source.type().name().toLowerCase(java.util.Locale.ROOT), source.port(),
                source.database(), source.user(), source.password().reveal(), target.port(), target.database(),
                target.user(), target.password().reveal()));
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("replicate.log"));
        } catch (Exception e) {
            return "";
        }
    }

    private static boolean streaming(TestDatabase target, String job) {
        return ChildDbmove.streaming(target, "dbmove_" + job);
    }

    private void awaitTrue(Duration timeout, Process p, BooleanSupplier condition, String what) throws Exception {
        ChildDbmove.await(timeout, p, condition, what, this::log);
    }
}
