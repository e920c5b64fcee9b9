package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.time.Instant;

/** Reads a Debezium change record (MySQL, MariaDB or PostgreSQL source) into a {@link ChangeEvent}. */
public final class ChangeParser {
    private ChangeParser() {
    }

    /** A record of Debezium's embedded engine, or one read back from Kafka by a sink. */
    public static ChangeEvent parse(ConnectRecord<?> record) {
        Struct value = (Struct) record.value();
        Struct source = value.getStruct("source");
        String schema = source.schema().field("db") != null && source.schema().field("schema") == null
                ? source.getString("db") : source.getString("schema");
        TableId table = new TableId(schema, source.getString("table"));
        ChangeEvent.Op op = ChangeEvent.Op.of(value.getString("op"));
        Object snapshot = source.get("snapshot");
        boolean isSnapshot = op == ChangeEvent.Op.READ
                || snapshot != null && !"false".equals(snapshot.toString()) && !"incremental".equals(snapshot.toString());
        Long ts = source.getInt64("ts_ms");
        return new ChangeEvent(table, op, (Struct) record.key(), value.getStruct("before"), value.getStruct("after"),
                ts == null ? null : Instant.ofEpochMilli(ts), isSnapshot, record);
    }
}
