package dev.dbmove.replicator.kafka;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.KafkaConnectSettings;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.TableId;
import dev.dbmove.replicator.engine.ConnectorProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The two connectors a job runs as on Kafka Connect, configured from the same job file as the
 * embedded engine: Debezium's source connector (the embedded engine's properties, with Kafka
 * for offsets and schema history, and Debezium's own snapshot for the full load, since the
 * rows must travel through Kafka to reach the sink tasks) and dbmove's sink connector (the
 * job file itself, read on the workers).
 */
public final class ConnectorConfigs {
    private static final String HEARTBEAT_PREFIX = "__debezium-heartbeat";
    private static final String JSON = "org.apache.kafka.connect.json.JsonConverter";
    /** The sink connector's class, in dbmove's plugin. */
    public static final String SINK_CLASS = "dev.dbmove.connect.DbmoveSinkConnector";

    private ConnectorConfigs() {
    }

    public static String sourceName(JobConfig job) {
        return job.names().job() + "-source";
    }

    public static String sinkName(JobConfig job) {
        return job.names().job() + "-sink";
    }

    /** Debezium's {@code topic.prefix}: the job file's, or the job's own. */
    /** The topic Debezium's heartbeats go to: each record there carries (as its source offset) the position read. */
    public static String heartbeatTopic(JobConfig job) {
        return HEARTBEAT_PREFIX + "." + topicPrefix(job);
    }

    public static String topicPrefix(JobConfig job) {
        KafkaConnectSettings kc = job.replication().kafkaConnect();
        return kc.topicPrefix() != null ? kc.topicPrefix() : job.names().replicationSlot();
    }

    /** The schema history topic (MySQL/MariaDB); outside the prefix's topics, which the sink reads. */
    public static String historyTopic(JobConfig job) {
        return topicPrefix(job) + "-schema-history";
    }

    /** The topics the sink reads: every topic under the prefix (row changes; transaction markers are skipped). */
    public static String sinkTopics(JobConfig job) {
        return Pattern.quote(topicPrefix(job)) + "\\..+";
    }

    public static Map<String, String> source(JobConfig job, DatabaseType flavour, List<TableId> tables,
                                             Map<String, List<String>> keyColumns, int serverId) {
        KafkaConnectSettings kc = job.replication().kafkaConnect();
        if (job.source().tls().caFile() != null) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "engine: kafka-connect does not take a CA file"
                    + " for the source yet (the workers would need it at the same path, in a trust store)",
                    "use engine: embedded for this job, or TLS without a CA file (tls: require)");
        }
        Properties embedded = ConnectorProperties.build(job.names(), job.source(), flavour, tables, keyColumns,
                Map.of(), serverId);
        Map<String, String> config = new LinkedHashMap<>();
        embedded.forEach((k, v) -> {
            String key = (String) k;
            if (!key.equals("name") && !key.startsWith("offset.") && !key.startsWith("schema.history.internal")) {
                config.put(key, (String) v);
            }
        });
        config.put("tasks.max", "1");
        config.put("topic.prefix", topicPrefix(job));
        // The full load travels through Kafka: Debezium reads the rows (in a consistent snapshot) and streams on.
        config.put("snapshot.mode", "initial");
        // Heartbeats move the position (and a PostgreSQL slot) while the tables are quiet; every 5 s is enough here.
        config.put("heartbeat.interval.ms", "5000");
        config.put("topic.heartbeat.prefix", HEARTBEAT_PREFIX);
        if (flavour != DatabaseType.POSTGRESQL) {
            config.put("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
            config.put("schema.history.internal.kafka.bootstrap.servers", kc.bootstrapServers());
            config.put("schema.history.internal.kafka.topic", historyTopic(job));
        }
        converters(config);
        // Topics made as Connect creates them: as many partitions as asked, the brokers' replication factor.
        config.put("topic.creation.default.partitions", Integer.toString(kc.partitions()));
        config.put("topic.creation.default.replication.factor", "-1");
        return config;
    }

    public static Map<String, String> sink(JobConfig job) {
        KafkaConnectSettings kc = job.replication().kafkaConnect();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", SINK_CLASS);
        config.put("tasks.max", Integer.toString(kc.tasksMax()));
        config.put("topics.regex", sinkTopics(job));
        config.put("dbmove.topic.prefix", topicPrefix(job));
        config.put("dbmove.job.yaml", jobText(job));
        config.put("errors.tolerance", "none");
        // A worker that dies holds its partitions until its consumer's session times out (45 s by default): 10 s
        // lets another task take them over sooner. Needs the workers' client override policy to allow it (All,
        // Kafka's default).
        config.put("consumer.override.session.timeout.ms", "10000");
        config.put("consumer.override.heartbeat.interval.ms", "3000");
        // The sink subscribes by pattern; the topics appear once Debezium writes to them (and when a table joins).
        // A consumer looks for new matching topics when it refreshes its metadata: every 5 minutes by default.
        config.put("consumer.override.metadata.max.age.ms", "5000");
        converters(config);
        return config;
    }

    /** Records as JSON with their schemas: the sink needs the column types Debezium names. */
    private static void converters(Map<String, String> config) {
        config.put("key.converter", JSON);
        config.put("key.converter.schemas.enable", "true");
        config.put("value.converter", JSON);
        config.put("value.converter.schemas.enable", "true");
    }

    private static String jobText(JobConfig job) {
        if (job.file() == null) {
            throw new IllegalStateException("a job for Kafka Connect comes from a job file");
        }
        try {
            return Files.readString(job.file());
        } catch (IOException e) {
            throw new DbmoveException(ErrorCode.BAD_JOB_FILE, "cannot read the job file " + job.file() + " again: "
                    + e.getMessage(), "check that it is still there and readable");
        }
    }
}
