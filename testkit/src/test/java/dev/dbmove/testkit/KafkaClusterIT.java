package dev.dbmove.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka broker and two Connect workers start from Maven artifacts alone; Debezium's MariaDB connector,
 * installed on the plugin path as a plugin directory, captures a table through the cluster, and its task
 * moves to the other worker when the one running it is SIGKILLed.
 */
@ExtendWith(RealDatabases.class)
class KafkaClusterIT {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterIT.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path pluginPath;
    static TestDatabase source;
    static KafkaCluster kafka;
    static long startMillis;

    @BeforeAll
    static void setUp(TestServers servers) {
        source = servers.mariadb().createDatabase("kafka_cluster");
        source.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
                "INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        ConnectPlugins.debezium(DatabaseType.MARIADB, pluginPath);
        ConnectPlugins.debezium(DatabaseType.POSTGRESQL, pluginPath);
        long t0 = System.nanoTime();
        kafka = KafkaCluster.start(KafkaClusterOptions.workers(2, List.of(pluginPath)));
        startMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @AfterAll
    static void tearDown() {
        if (kafka != null) {
            kafka.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void theClusterStartsFromMavenArtifactsOnLoopbackPortsAndCarriesRecords() throws Exception {
        LOG.info("broker and 2 workers ready in {} ms: {}", startMillis, kafka.describe());
        assertThat(kafka.workers()).isEqualTo(2);
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        for (int i = 0; i < kafka.workers(); i++) {
            assertThat(kafka.connectUrl(i)).startsWith("http://127.0.0.1:");
            JsonNode root = kafka.connect(i).get("/").json();
            assertThat(root.path("version").asText()).isEqualTo("4.1.1");
            assertThat(kafka.connect(i).get("/connectors").status()).isEqualTo(200);
        }
        assertThat(Files.readString(kafka.brokerLog())).contains("Kafka Server started");

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("plain", "k" + i, "{\"n\":" + i + "}")).get(30, TimeUnit.SECONDS);
            }
        }
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "plain")) {
            reader.await("n = 2", v -> v.path("n").asInt() == 2, WAIT);
            assertThat(reader.values()).extracting(v -> v.path("n").asInt()).containsExactly(0, 1, 2);
        }
    }

    @Test
    void theWorkersHaveExactlyTheConnectorsOfThePluginPath() {
        for (int i = 0; i < kafka.workers(); i++) {
            assertThat(kafka.connect(i).get("/connector-plugins?connectorsOnly=true").json().findValuesAsText("class"))
                    .containsExactlyInAnyOrder("io.debezium.connector.mariadb.MariaDbConnector",
                            "io.debezium.connector.postgresql.PostgresConnector");
        }
        // The MySQL connector was not installed there (though Debezium's MySQL jars share most of MariaDB's).
        ConnectRest.Response r = kafka.connect(0).put("/connectors/not-installed/config",
                "{\"connector.class\": \"io.debezium.connector.mysql.MySqlConnector\", \"tasks.max\": \"1\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("Failed to find any class that implements Connector");
    }

    @Test
    void debeziumCapturesThroughTheClusterAndItsTaskMovesWhenItsWorkerIsKilled() {
        String prefix = "it" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36).substring(0, 6);
        String topic = prefix + "." + source.name() + ".items";
        ConnectRest rest = kafka.connect(0);
        long t0 = System.nanoTime();
        rest.putConnector("mariadb-source", mariadbSource(source.endpoint(), prefix));
        ConnectRest.ConnectorStatus running = awaitStatus(rest, "running", ConnectRest.ConnectorStatus::running);
        LOG.info("connector running in {} ms: {}", millis(t0), running);

        int victim = -1;
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            for (int id = 1; id <= 3; id++) {
                reader.await("snapshot of id " + id, change("r", id), WAIT);
            }
            LOG.info("snapshot of 3 rows read from {} {} ms after the connector was created", topic, millis(t0));
            source.execute("INSERT INTO items VALUES (4, 'four')");
            reader.await("insert of id 4", change("c", 4), WAIT);
            // A worker killed before the task's offsets are flushed (every second) takes them along, and the
            // next task snapshots again, as Debezium should: the takeover is tested from a streaming position.
            JsonNode committed = awaitStreamingOffset(rest);
            LOG.info("streaming position committed {} ms after the connector was created: {}", millis(t0), committed);

            victim = kafka.workerIndex(running.tasks().get(0).workerId());
            int survivor = 1 - victim;
            assertThat(victim).as("the task's worker %s", running.tasks().get(0).workerId()).isIn(0, 1);
            long killed = System.nanoTime();
            kafka.kill(victim);
            assertThat(kafka.isRunning(victim)).isFalse();
            ConnectRest.ConnectorStatus moved = awaitStatus(kafka.connect(survivor), "its task running on worker " + survivor,
                    s -> s.running() && s.tasks().get(0).workerId().equals(kafka.workerId(survivor)));
            long takeover = millis(killed);
            source.execute("INSERT INTO items VALUES (5, 'five')", "UPDATE items SET name = 'uno' WHERE id = 1");
            reader.await("insert of id 5", change("c", 5), WAIT);
            reader.await("update of id 1", change("u", 1).and(v -> "uno".equals(v.at("/payload/after/name").asText())), WAIT);
            assertThat(reader.values()).as("no second snapshot").filteredOn(change("r", 1)).hasSize(1);
            LOG.info("worker {} killed: task running on worker {} after {} ms, new changes read after {} ms ({})",
                    victim, survivor, takeover, millis(killed), moved);

            long restarted = System.nanoTime();
            kafka.start(victim);
            LOG.info("worker {} back in the group in {} ms", victim, millis(restarted));
            assertThat(kafka.connect(victim).get("/connectors").body()).isEqualTo("[\"mariadb-source\"]");
        } finally {
            if (victim >= 0 && !kafka.isRunning(victim)) {
                kafka.start(victim); // for the other tests, whatever failed here
            }
            kafka.connect(0).deleteConnector("mariadb-source");
        }
    }

    /** Waits until the offsets topic holds a binlog position of the connector's that is not the snapshot's. */
    private static JsonNode awaitStreamingOffset(ConnectRest rest) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = rest.offsets("mariadb-source");
            JsonNode offset = last.path("offsets").path(0).path("offset");
            if (offset.has("pos") && !offset.has("snapshot")) {
                return offset;
            }
            EmbeddedMariaDb.sleep(200);
        }
        throw new AssertionError("no streaming offset committed for mariadb-source after " + WAIT.toSeconds() + " s: " + last);
    }

    private static Map<String, String> mariadbSource(Endpoint db, String prefix) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        c.put("tasks.max", "1");
        c.put("database.hostname", db.host());
        c.put("database.port", Integer.toString(db.port()));
        c.put("database.user", db.user());
        c.put("database.password", db.password().reveal());
        c.put("database.ssl.mode", "disable");
        c.put("database.server.id", Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 1_000_000)));
        // The worker's JVM zone may have no name in the server's (absent) time zone tables.
        c.put("database.timezone", "+00:00");
        c.put("database.include.list", db.database());
        c.put("table.include.list", db.database() + ".items");
        c.put("topic.prefix", prefix);
        c.put("snapshot.mode", "initial");
        c.put("include.schema.changes", "false");
        c.put("schema.history.internal.kafka.bootstrap.servers", kafka.bootstrapServers());
        c.put("schema.history.internal.kafka.topic", prefix + ".schema-history");
        return c;
    }

    /** A Debezium change event with schemas: {"schema": ..., "payload": {"op": ..., "after"/"before": {"id": ...}}}. */
    private static Predicate<JsonNode> change(String op, int id) {
        return v -> op.equals(v.at("/payload/op").asText())
                && v.at(op.equals("d") ? "/payload/before/id" : "/payload/after/id").asInt() == id;
    }

    private static ConnectRest.ConnectorStatus awaitStatus(ConnectRest rest, String what,
                                                           Predicate<ConnectRest.ConnectorStatus> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ConnectRest.ConnectorStatus last = null;
        while (System.nanoTime() < deadline) {
            last = rest.status("mariadb-source").orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            EmbeddedMariaDb.sleep(200);
        }
        throw new AssertionError("mariadb-source not " + what + " after " + WAIT.toSeconds() + " s: " + last
                + "\nworker 0's log:\n" + kafka.workerLogTail(0, 40) + "\nworker 1's log:\n" + kafka.workerLogTail(1, 40));
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
