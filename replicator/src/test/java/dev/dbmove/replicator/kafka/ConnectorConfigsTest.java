package dev.dbmove.replicator.kafka;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.JobFileLoader;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.TableId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The connector configurations a kafka-connect job file makes. */
class ConnectorConfigsTest {
    @TempDir
    Path dir;

    private JobConfig job(String kafkaConnect) throws Exception {
        Path file = Files.writeString(dir.resolve("dbmove.yaml"), """
                job: orders-move
                source: {type: mariadb, host: 127.0.0.1, port: 3306, database: shop, user: u, password: "s3cret"}
                target: {type: postgresql, host: 127.0.0.1, port: 5432, database: shop, user: t, password: "${env:TGT}"}
                replication:
                  engine: kafka-connect
                  kafkaConnect: %s
                """.formatted(kafkaConnect));
        return new JobFileLoader(Map.of("TGT", "target-pass")::get).load(file);
    }

    @Test
    void theSourceConnectorIsTheEmbeddedEngineWithKafkaForPositionsAndSnapshot() throws Exception {
        JobConfig job = job("{connectUrl: \"http://127.0.0.1:8083\", bootstrapServers: \"127.0.0.1:9092\", tasksMax: 3}");
        Map<String, String> source = ConnectorConfigs.source(job, DatabaseType.MARIADB,
                List.of(new TableId("shop", "orders")), Map.of(), 7777);
        assertThat(source).containsEntry("connector.class", "io.debezium.connector.mariadb.MariaDbConnector")
                .containsEntry("snapshot.mode", "initial")
                .containsEntry("topic.prefix", "dbmove_orders_move")
                .containsEntry("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory")
                .containsEntry("schema.history.internal.kafka.topic", "dbmove_orders_move-schema-history")
                .containsEntry("schema.history.internal.kafka.bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("topic.creation.default.partitions", "3")
                .containsEntry("value.converter.schemas.enable", "true")
                .containsEntry("tasks.max", "1")
                .containsEntry("decimal.handling.mode", "string");
        assertThat(source.keySet()).noneMatch(k -> k.startsWith("offset.") || k.equals("name")
                || k.startsWith("schema.history.internal.dbmove"));
    }

    @Test
    void theSinkReadsEveryChangeTopicOfThePrefixAndCarriesTheJobFileUnresolved() throws Exception {
        JobConfig job = job("{connectUrl: \"http://c:8083\", bootstrapServers: \"k:9092\", topicPrefix: \"shop.move\","
                + " tasksMax: 4, partitions: 8}");
        Map<String, String> sink = ConnectorConfigs.sink(job);
        assertThat(sink).containsEntry("connector.class", ConnectorConfigs.SINK_CLASS).containsEntry("tasks.max", "4")
                .containsEntry("dbmove.topic.prefix", "shop.move");
        // Secrets stay references, resolved on the workers.
        assertThat(sink.get("dbmove.job.yaml")).contains("${env:TGT}").doesNotContain("target-pass");
        Pattern topics = Pattern.compile(sink.get("topics.regex"));
        assertThat(topics.matcher("shop.move.shop.orders").matches()).isTrue();
        assertThat(topics.matcher("shop.move.transaction").matches()).isTrue();
        assertThat(topics.matcher("shop.move-schema-history").matches()).isFalse();
        assertThat(topics.matcher("shopXmove.shop.orders").matches()).as("the prefix's dot is literal").isFalse();
        assertThat(topics.matcher("__debezium-heartbeat.shop.move").matches()).isFalse();
        assertThat(topics.matcher("shop.move").matches()).as("the schema-change topic").isFalse();
    }
}
