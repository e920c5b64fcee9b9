package dev.dbmove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.core.Endpoint;
import dev.dbmove.testkit.KafkaCluster;
import dev.dbmove.testkit.KafkaClusterOptions;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TableContents;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import dev.dbmove.testkit.WorkloadReport;
import dev.dbmove.testkit.WorkloadWriter;
import dev.dbmove.testkit.shop.ShopDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MariaDB -> PostgreSQL job run by a Kafka Connect cluster ({@code engine: kafka-connect}):
 * a real KRaft broker and two distributed-mode workers, started from Maven artifacts with
 * dbmove's plugin directory on their plugin.path. {@code dbmove replicate} sets up the target
 * and both connectors and returns; under a workload writer one worker is SIGKILLed; the other
 * takes its tasks over, the target ends identical with no duplicate, {@code status --json}
 * shows the consumer lag going to 0, and {@code dbmove validate} finds every table identical.
 */
@ExtendWith(RealDatabases.class)
class KafkaConnectIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path job;

    @Test
    void aJobRunByKafkaConnectSurvivesAWorkerKilledAndConverges(TestServers servers) throws Exception {
        Path plugin = Path.of("..", "connect", "target", "plugin").toAbsolutePath().normalize();
        assertThat(plugin.resolve("dbmove-connect")).as("dbmove's plugin directory (./mvnw package makes it)")
                .isDirectory();
        try (TestDatabase source = servers.mariadb().createDatabase("kc_src");
             TestDatabase target = servers.postgres().createDatabase("kc_tgt");
             // Offsets reach Kafka every 20 s (Connect's default is 60 s): the killed worker's tasks leave many
             // records that Kafka delivers again to the task that takes over, and that the target holds already.
             KafkaCluster kafka = KafkaCluster.start(KafkaClusterOptions.workers(2, List.of(plugin))
                     .withWorkerProperty("offset.flush.interval.ms", "20000"))) {
            source.execute("CREATE TABLE bulk (id INT PRIMARY KEY, payload VARCHAR(100), amount DECIMAL(12,2))",
                    "INSERT INTO bulk SELECT seq, CONCAT('row ', seq), seq / 7 FROM seq_1_to_20000");
            WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 100, 3, 31);
            writer.createTable(300);
            job = jobFile(source.endpoint(), target.endpoint(), kafka);

            CliRun replicate = CliRun.of("replicate", "--config", job.toString());
            System.out.println("dbmove replicate (kafka-connect):\n" + replicate.all());
            assertThat(replicate.exitCode()).as(replicate.all()).isZero();
            assertThat(replicate.out()).contains("kafkaconn-source", "kafkaconn-sink", "both run");

            await(Duration.ofSeconds(180), () -> target.queryLong("SELECT count(*) FROM bulk") == 20_000
                    && streaming(job), "the full load through Kafka", kafka);
            writer.start();
            Thread.sleep(3_000);
            // The worker that does not run Debezium's task (so the source produces nothing twice) loses its sink
            // tasks: their partitions move to the other worker, which must not apply again what the target holds.
            String sourceWorker = kafka.connect(0).status("kafkaconn-source").orElseThrow().tasks().get(0).workerId();
            int victim = 1 - kafka.workerIndex(sourceWorker);
            // The job file lists both workers, the one about to die first: dbmove must turn to the other.
            Files.writeString(job, Files.readString(job).replace(kafka.connectUrl(0) + ", " + kafka.connectUrl(1),
                    kafka.connectUrl(victim) + ", " + kafka.connectUrl(1 - victim)));
            System.out.println("connectors before the kill:\n" + CliRun.of("status", "--config", job.toString()).all());
            long killed = System.nanoTime();
            kafka.kill(victim);
            System.out.println("killed worker " + victim + " (" + kafka.workerId(victim) + ")");
            // The lag as dbmove status reads it from Kafka, sampled while the dead worker's partitions wait for the
            // group to notice, and until the target has caught up.
            List<Long> lags = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                lags.add(totalLag(job));
                Thread.sleep(500);
            }
            source.execute("UPDATE bulk SET payload = 'after the kill' WHERE id <= 500");
            Thread.sleep(3_000);
            WorkloadReport written = writer.stop();
            System.out.println(written);
            await(Duration.ofSeconds(180), () -> {
                lags.add(totalLag(job));
                return writer.differences(target.endpoint()).isEmpty()
                        && target.queryLong("SELECT count(*) FROM bulk WHERE payload = 'after the kill'") == 500;
            }, "the target to converge after the worker was killed", kafka);
            System.out.println("converged " + (System.nanoTime() - killed) / 1_000_000 + " ms after the kill");
            await(Duration.ofSeconds(60), () -> {
                lags.add(totalLag(job));
                return lags.get(lags.size() - 1) == 0;
            }, "the consumer lag to reach 0", kafka);
            System.out.println("consumer lag seen by dbmove status --json: " + lags);
            // With nothing waiting in Kafka, the lag in seconds is 0 for the job and each table (read from the sink's partitions).
            JsonNode caughtUp = status(job);
            assertThat(caughtUp.path("lagSeconds").isNumber()).as(caughtUp.toString()).isTrue();
            assertThat(caughtUp.get("lagSeconds").asDouble()).as(caughtUp.toString()).isZero();
            for (JsonNode t : caughtUp.get("tables")) {
                assertThat(t.path("lagSeconds").isNumber()).as(t.toString()).isTrue();
                assertThat(t.get("lagSeconds").asDouble()).as(t.toString()).isZero();
            }
            assertThat(lags).as("the lag rose while a worker was gone, then went to 0").anyMatch(lag -> lag > 0);
            assertThat(lags.get(lags.size() - 1)).isZero();
            System.out.println(CliRun.of("status", "--config", job.toString()).all());

            List<String> differences = new ArrayList<>(TableContents.compare(source.endpoint(), target.endpoint(),
                    "bulk", List.of("id", "payload", "amount"), List.of("id")));
            differences.addAll(writer.differences(target.endpoint()));
            assertThat(differences).isEmpty();
            assertThat(target.queryLong("SELECT count(*) - count(DISTINCT id) FROM items")).isZero();
            // Each change applied once: the state's counters are the writer's (a key update counts as one update).
            JsonNode items = null;
            for (JsonNode t : status(job).get("tables")) {
                if ("items".equals(t.get("name").asText())) {
                    items = t;
                }
            }
            assertThat(items).isNotNull();
            System.out.println("items as the state counts it: " + items);
            assertThat(List.of(items.get("inserts").asLong(), items.get("updates").asLong(),
                    items.get("deletes").asLong())).as(items.toString())
                    .containsExactly(written.inserts(), written.updates() + written.keyUpdates(), written.deletes());

            CliRun validate = CliRun.of("validate", "--config", job.toString(), "--json");
            assertThat(validate.exitCode()).as(validate.all()).isZero();
            for (JsonNode t : JSON.readTree(validate.out()).get("tables")) {
                assertThat(t.get("result").asText()).as(t.toString()).isEqualTo("identical");
            }

            CliRun stop = CliRun.of("replicate", "--config", job.toString(), "--stop");
            assertThat(stop.exitCode()).as(stop.all()).isZero();
            assertThat(stop.out()).contains("connector kafkaconn-source: removed", "connector kafkaconn-sink: removed");
        }
    }

    /**
     * {@code dbmove validate} and {@code dbmove cutover} on a job Kafka Connect runs, with the
     * demo shop writing orders: a first cutover whose health check fails rolls back (the
     * connectors run again and carry the orders written since); the second moves the shop to the
     * target with every acknowledged order. The worker would commit source offsets only every 10
     * minutes, so each drain has to make the source connector commit (by stopping it).
     */
    @Test
    void validateAndCutoverWorkOnAJobKafkaConnectRuns(TestServers servers) throws Exception {
        Path plugin = Path.of("..", "connect", "target", "plugin").toAbsolutePath().normalize();
        String section = ShopMove.section("""
                  maxLagSeconds: 10
                  requireValidation: 1h
                  verify: changed
                  health:
                    - http: http://127.0.0.1:@PORT@/health
                      expect: 200
                      within: 8s
                """).replace("@TARGET_PASSWORD@", "not-the-password");
        // Source offsets would reach Kafka only every 10 minutes (Connect's default is 60 s): the drain cannot wait for
        // them, it must make the source connector commit.
        try (KafkaCluster kafka = KafkaCluster.start(KafkaClusterOptions.workers(1, List.of(plugin))
                .withWorkerProperty("offset.flush.interval.ms", "600000"));
             ShopMove move = new ShopMove(servers, dir, "kafkacut", section, """
                     replication:
                       engine: kafka-connect
                       kafkaConnect:
                         connectUrl: "%s"
                         bootstrapServers: "%s"
                         partitions: 2
                     """.formatted(kafka.connectUrl(0), kafka.bootstrapServers()))) {
            job = move.job;
            move.startedOnKafkaConnect().validated();
            String source = "co-kafkacut-source";
            String sink = "co-kafkacut-sink";

            // The rewrite gives the shop a wrong password for the target: the health check fails, all is undone.
            CliRun failed = CliRun.of("cutover", "--config", move.job.toString(), "--yes");
            System.out.println("first cutover (health check fails):\n" + failed.all());
            assertThat(failed.exitCode()).as(failed.all() + move.logs()).isEqualTo(1);
            assertThat(failed.out()).contains("drain", "stopping connector " + source + " so that it commits its offset now",
                    "Kafka holds every change up to", "did not pass within 8s",
                    "Cutover rolled back", "undo foreign keys", "undo stop the replicator", "connector " + sink + " resumed",
                    "undo freeze the source", "Replication runs again: the connectors the cutover stopped were resumed");
            assertThat(move.sourceReadOnly()).isFalse();
            assertThat(kafka.connect(0).status(source).orElseThrow().running()).isTrue();
            assertThat(kafka.connect(0).status(sink).orElseThrow().running()).isTrue();
            move.await(Duration.ofSeconds(30), () -> move.app.info().map(ShopDir.Info::database)
                    .equals(Optional.of("MariaDB")), "the application to run on MariaDB again");
            List<Long> ackedAfterRollback = move.app.ackedIds();
            // Orders written after the rollback reach the target through the resumed connectors.
            move.await(Duration.ofSeconds(60), () -> new HashSet<>(move.targetOrderIds()).containsAll(ackedAfterRollback),
                    "the orders written since the rollback to reach the target");

            Files.writeString(move.job, Files.readString(move.job).replace("not-the-password",
                    move.target.endpoint().password().reveal()));
            List<Long> ackedBefore = move.app.ackedIds();
            CliRun run = CliRun.of("cutover", "--config", move.job.toString(), "--yes", "--json");
            System.out.println("second cutover:\n" + run.all());
            assertThat(run.exitCode()).as(run.all() + move.logs()).isZero();
            JsonNode result = JSON.readTree(run.out());
            assertThat(result.get("outcome").asText()).isEqualTo("completed");
            assertThat(run.err()).contains("stopping connector " + source + " so that it commits its offset now");
            JsonNode downtime = result.get("downtime");
            System.out.printf("cutover on Kafka Connect: applications down %.1f s, source write freeze %.1f s,"
                            + " drain %.1f s, verify %.1f s%n", downtime.get("applicationsDown").get("seconds").asDouble(),
                    downtime.get("writeFreeze").get("seconds").asDouble(), downtime.get("drainSeconds").asDouble(),
                    downtime.get("verifySeconds").asDouble());

            move.await(Duration.ofSeconds(30), () -> move.app.info().map(ShopDir.Info::database)
                    .equals(Optional.of("PostgreSQL")), "the application to run on PostgreSQL");
            move.await(Duration.ofSeconds(30), () -> move.app.ackedIds().size() >= ackedBefore.size() + 20,
                    "orders written on the target");
            List<Long> acked = move.app.ackedIds();
            assertThat(acked).doesNotHaveDuplicates();
            assertThat(new HashSet<>(move.targetOrderIds())).containsAll(acked);
            long lastOnSource = move.source.queryLong("SELECT MAX(id) FROM orders");
            assertThat(acked.stream().filter(id -> id <= lastOnSource)).containsAll(ackedBefore);
            assertThat(acked.stream().filter(id -> id > lastOnSource)).isNotEmpty();
            assertThat(move.app.info().orElseThrow().failures()).isZero();
            // Replication is stopped, not removed: configurations and offsets stay on the cluster.
            assertThat(kafka.connect(0).status(source).orElseThrow().state()).isEqualTo("STOPPED");
            assertThat(kafka.connect(0).status(sink).orElseThrow().state()).isEqualTo("STOPPED");
            assertThat(move.sourceReadOnly()).isTrue();
        }
    }

    /**
     * A PostgreSQL -> PostgreSQL job on Kafka Connect: Debezium's PostgreSQL connector (pgoutput,
     * the job's slot and publication) through Kafka into dbmove's sink, with the types a
     * PostgreSQL schema commonly has; changes (a key update, a transaction over both tables and
     * a column added on the source among them) converge, {@code validate} finds both tables identical, and {@code cutover
     * --finish} freezes, drains (the drain's logical message reaches Kafka too), stops the
     * connectors, creates the foreign key the sink could not have, and drops the slot.
     */
    @Test
    void aPostgresSourceRunsThroughKafkaConnectAndCutsOver(TestServers servers) throws Exception {
        Path plugin = Path.of("..", "connect", "target", "plugin").toAbsolutePath().normalize();
        try (TestDatabase source = servers.postgres().createDatabase("kcpg_src");
             TestDatabase target = servers.postgres().createDatabase("kcpg_tgt");
             KafkaCluster kafka = KafkaCluster.start(KafkaClusterOptions.workers(1, List.of(plugin)))) {
            source.execute("CREATE TABLE tickets (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, title TEXT NOT NULL,"
                            + " price NUMERIC(12,2), opened TIMESTAMPTZ, doc JSONB, blob BYTEA, ref UUID, done BOOLEAN)",
                    "INSERT INTO tickets (title, price, opened, doc, blob, ref, done) SELECT 'ticket ' || g, g * 1.25,"
                            + " TIMESTAMPTZ '2026-01-01 10:00:00.123456+02' + g * INTERVAL '1 minute',"
                            + " jsonb_build_object('n', g, 'tags', jsonb_build_array('a', g)), decode(md5(g::text), 'hex'),"
                            + " md5(g::text)::uuid, g % 2 = 0 FROM generate_series(1, 2000) g",
                    "CREATE TABLE notes (ticket BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE ON UPDATE CASCADE,"
                            + " line INT NOT NULL, body TEXT, PRIMARY KEY (ticket, line))",
                    "INSERT INTO notes SELECT g, 1, 'first note of ' || g FROM generate_series(1, 500) g");
            job = Files.writeString(dir.resolve("dbmove.yaml"), """
                    job: kcpg
                    source: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                    target: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                    replication:
                      engine: kafka-connect
                      kafkaConnect: {connectUrl: "%s", bootstrapServers: "%s", partitions: 2}
                    cutover:
                      maxLagSeconds: 30
                      requireValidation: none
                      verify: all
                      drainTimeout: 60s
                    """.formatted(source.endpoint().port(), source.endpoint().database(), source.endpoint().user(),
                    source.endpoint().password().reveal(), target.endpoint().port(), target.endpoint().database(),
                    target.endpoint().user(), target.endpoint().password().reveal(), kafka.connectUrl(0),
                    kafka.bootstrapServers()));
            CliRun replicate = CliRun.of("replicate", "--config", job.toString());
            System.out.println("dbmove replicate (PostgreSQL source, kafka-connect):\n" + replicate.all());
            assertThat(replicate.exitCode()).as(replicate.all()).isZero();
            await(Duration.ofSeconds(180), () -> target.queryLong("SELECT count(*) FROM tickets") == 2000
                    && target.queryLong("SELECT count(*) FROM notes") == 500 && streaming(job), "the full load", kafka);

            source.execute("UPDATE tickets SET title = 'changed', price = price + 1, doc = doc || '{\"x\": 1}' WHERE id <= 100",
                    "DELETE FROM tickets WHERE id BETWEEN 101 AND 150",
                    "UPDATE tickets SET id = id + 100000 WHERE id BETWEEN 151 AND 160",
                    "INSERT INTO tickets (title, price, opened, blob, ref, done) VALUES ('new', 0.01, now(), '\\x00ff'::bytea,"
                            + " gen_random_uuid(), true)",
                    "BEGIN; INSERT INTO notes SELECT g, 2, 'second' FROM generate_series(1, 50) g;"
                            + " UPDATE tickets SET done = NOT done WHERE id BETWEEN 1 AND 50; COMMIT");
            // A column the source gains while streaming: the sink adds it to the target table (as the embedded engine does).
            source.execute("ALTER TABLE tickets ADD COLUMN priority INT DEFAULT 3",
                    "UPDATE tickets SET priority = 7 WHERE id <= 10",
                    "INSERT INTO tickets (title, priority) VALUES ('with a priority', 9)");
            List<String> columns = List.of("id", "title", "price", "opened", "doc", "blob", "ref", "done", "priority");
            await(Duration.ofSeconds(120), () -> TableContents.compare(source.endpoint(), target.endpoint(), "tickets",
                    columns, List.of("id")).isEmpty() && TableContents.compare(source.endpoint(), target.endpoint(),
                    "notes", List.of("ticket", "line", "body"), List.of("ticket", "line")).isEmpty(),
                    "the changes to reach the target", kafka);

            CliRun validate = CliRun.of("validate", "--config", job.toString(), "--json");
            assertThat(validate.exitCode()).as(validate.all()).isZero();
            for (JsonNode t : JSON.readTree(validate.out()).get("tables")) {
                assertThat(t.get("result").asText()).as(t.toString()).isEqualTo("identical");
            }

            source.execute("INSERT INTO tickets (title) VALUES ('just before the cutover')");
            CliRun cutover = CliRun.of("cutover", "--config", job.toString(), "--yes", "--finish", "--json");
            System.out.println("cutover (PostgreSQL source on Kafka Connect):\n" + cutover.all());
            assertThat(cutover.exitCode()).as(cutover.all()).isZero();
            JsonNode result = JSON.readTree(cutover.out());
            assertThat(result.get("outcome").asText()).isEqualTo("completed");
            assertThat(result.get("steps").findValuesAsText("step")).containsExactly("check replication",
                    "freeze the source", "drain", "verify", "stop the replicator", "foreign keys", "sequences",
                    "drop the replication slot");
            assertThat(target.queryLong("SELECT count(*) FROM tickets WHERE title = 'just before the cutover'")).isOne();
            assertThat(TableContents.compare(source.endpoint(), target.endpoint(), "tickets", columns, List.of("id")))
                    .isEmpty();
            assertThat(source.queryLong("SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"))
                    .isZero();
            assertThat(kafka.connect(0).status("kcpg-source").orElseThrow().state()).isEqualTo("STOPPED");
            // The identity continues past the source's counter.
            target.execute("INSERT INTO tickets (title) VALUES ('first on the target')");
            assertThat(target.queryLong("SELECT id FROM tickets WHERE title = 'first on the target'"))
                    .isGreaterThan(source.queryLong("SELECT last_value FROM tickets_id_seq"));
            // Left out while the sink's tasks applied partitions independently, the foreign key is made at the cutover.
            assertThat(target.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                    + " AND conrelid = 'notes'::regclass")).isOne();
            target.execute("DELETE FROM tickets WHERE id = 1");
            assertThat(target.queryLong("SELECT count(*) FROM notes WHERE ticket = 1")).as("ON DELETE CASCADE").isZero();
        }
    }

    /** The total consumer lag {@code dbmove status --json} reports, -1 while it reports none. */
    private static long totalLag(Path job) {
        JsonNode s = status(job);
        JsonNode kafka = s == null ? null : s.get("kafka");
        return kafka == null || !kafka.has("totalLag") ? -1 : kafka.get("totalLag").asLong();
    }

    private static boolean streaming(Path job) {
        JsonNode s = status(job);
        return s != null && "streaming".equals(s.path("phase").asText());
    }

    private static JsonNode status(Path job) {
        CliRun status = CliRun.of("status", "--config", job.toString(), "--json");
        try {
            return status.exitCode() == 0 ? JSON.readTree(status.out()) : null;
        } catch (Exception e) {
            throw new IllegalStateException(status.all(), e);
        }
    }

    private void await(Duration timeout, BooleanSupplier condition, String what, KafkaCluster kafka)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // a table not made yet, a status not readable yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what + "; dbmove status:\n" + CliRun.of("status", "--config",
                job.toString()).all() + "\nworker 0 log:\n" + kafka.workerLogTail(0, 60));
    }

    private Path jobFile(Endpoint source, Endpoint target, KafkaCluster kafka) throws Exception {
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: kafkaconn
                source: {type: mariadb, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                target: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                replication:
                  engine: kafka-connect
                  kafkaConnect:
                    connectUrl: "%s, %s"
                    bootstrapServers: "%s"
                    tasksMax: 2
                    partitions: 4
                """.formatted(source.port(), source.database(), source.user(), source.password().reveal(),
                target.port(), target.database(), target.user(), target.password().reveal(), kafka.connectUrl(0),
                kafka.connectUrl(1), kafka.bootstrapServers()));
    }
}
