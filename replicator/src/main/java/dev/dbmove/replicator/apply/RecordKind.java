package dev.dbmove.replicator.apply;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.connector.ConnectRecord;

/** What a record from the engine is, told apart by its topic and shape. */
public enum RecordKind {
    /** A row change (snapshot read, insert, update, delete). */
    CHANGE,
    /** BEGIN of a source transaction. */
    TRANSACTION_BEGIN,
    /** END of a source transaction: everything before it belongs to a committed source transaction. */
    TRANSACTION_END,
    /** A schema change (DDL) on the source. */
    SCHEMA_CHANGE,
    /** A heartbeat: no data, only a newer position. */
    HEARTBEAT,
    /** Anything else (tombstones, logical decoding messages): only its position matters. */
    OTHER;

    public static RecordKind of(ConnectRecord<?> record, String topicPrefix) {
        String topic = record.topic();
        if (topic.startsWith("__debezium-heartbeat")) {
            return HEARTBEAT;
        }
        if (topic.equals(topicPrefix + ".transaction")) {
            Struct value = (Struct) record.value();
            return "BEGIN".equals(value.getString("status")) ? TRANSACTION_BEGIN : TRANSACTION_END;
        }
        if (topic.equals(topicPrefix)) {
            return SCHEMA_CHANGE;
        }
        if (record.value() instanceof Struct value && value.schema().field("op") != null) {
            // A PostgreSQL logical decoding message (pg_logical_emit_message; op "m") carries no row, only a position.
            return "m".equals(value.getString("op")) ? OTHER : CHANGE;
        }
        return OTHER;
    }
}
