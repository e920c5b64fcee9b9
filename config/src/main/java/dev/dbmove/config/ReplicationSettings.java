package dev.dbmove.config;

import java.util.Objects;

/**
 * The {@code replication} section: how the target schema comes about.
 *
 * @param schema    {@code create}: dbmove creates the target tables from the source catalog;
 *                  {@code existing}: the tables are there and dbmove checks they are compatible
 * @param zeroDates what to do with MySQL zero dates
 * @param fullLoad  how the rows already there are copied
 * @param engine    what runs the replication: dbmove's embedded Debezium, or a Kafka Connect cluster
 * @param kafkaConnect the cluster, for {@code engine: kafka-connect}; null otherwise
 */
public record ReplicationSettings(SchemaMode schema, ZeroDates zeroDates, FullLoad fullLoad, Engine engine,
                                  KafkaConnectSettings kafkaConnect) {
    public static final ReplicationSettings DEFAULT = new ReplicationSettings(SchemaMode.CREATE, ZeroDates.FAIL, FullLoad.FAST);

    public ReplicationSettings {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(zeroDates, "zeroDates");
        Objects.requireNonNull(fullLoad, "fullLoad");
        Objects.requireNonNull(engine, "engine");
        if ((engine == Engine.KAFKA_CONNECT) != (kafkaConnect != null)) {
            throw new IllegalArgumentException("kafkaConnect settings go with engine: kafka-connect, and only with it");
        }
    }

    public ReplicationSettings(SchemaMode schema, ZeroDates zeroDates, FullLoad fullLoad) {
        this(schema, zeroDates, fullLoad, Engine.EMBEDDED, null);
    }

    /**
     * {@code embedded}: Debezium inside {@code dbmove replicate}, one process. {@code
     * kafka-connect}: the Debezium source connector and dbmove's sink connector on an existing
     * Kafka Connect cluster, which {@code dbmove replicate} sets up and leaves running.
     */
    public enum Engine {
        EMBEDDED, KAFKA_CONNECT;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public ReplicationSettings(SchemaMode schema, ZeroDates zeroDates) {
        this(schema, zeroDates, FullLoad.FAST);
    }

    /**
     * {@code fast}: dbmove's own parallel readers, in key ranges, straight into the target's
     * bulk path (COPY, LOAD DATA), for every table whose column types it can carry as text
     * exactly; the others go through Debezium's snapshot. {@code debezium}: every table
     * through Debezium's snapshot.
     */
    public enum FullLoad {
        FAST, DEBEZIUM;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * MySQL zero dates ({@code 0000-00-00}, or a zero year, month or day), which no other
     * engine can hold: {@code fail} refuses to start while the source has any, {@code to-null}
     * copies them as NULL (Debezium delivers them as NULL either way). Not "null": YAML would
     * read that as no value at all.
     */
    public enum ZeroDates {
        FAIL, TO_NULL;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public enum SchemaMode {
        CREATE, EXISTING;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
