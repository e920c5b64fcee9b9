package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.time.Instant;

/**
 * One row change read from a Debezium record: which table, what happened, the key and
 * the row images. Snapshot reads are {@link Op#READ}.
 *
 * @param before the row before the change (updates, deletes); null otherwise
 * @param after  the row after the change (reads, inserts, updates); null for deletes
 * @param sourceCommitTime when the source committed the change (the snapshot's time for reads)
 */
public record ChangeEvent(TableId table, Op op, Struct key, Struct before, Struct after, Instant sourceCommitTime,
                          boolean snapshot, ConnectRecord<?> record) {

    /**
     * What the change counts as for people: Debezium's binlog connectors send a primary-key
     * update as a delete (with header {@code __debezium.newkey}) and a create (with header
     * {@code __debezium.oldkey}); the pair counts as one update. Null for the delete half.
     */
    public Op countedAs() {
        if (record != null && record.headers() != null) {
            if (op == Op.DELETE && record.headers().lastWithName("__debezium.newkey") != null) {
                return null;
            }
            if (op == Op.INSERT && record.headers().lastWithName("__debezium.oldkey") != null) {
                return Op.UPDATE;
            }
        }
        return op;
    }

    public enum Op {
        READ, INSERT, UPDATE, DELETE, TRUNCATE;

        static Op of(String code) {
            return switch (code) {
                case "r" -> READ;
                case "c" -> INSERT;
                case "u" -> UPDATE;
                case "d" -> DELETE;
                case "t" -> TRUNCATE;
                default -> throw new IllegalArgumentException("unknown Debezium operation '" + code + "'");
            };
        }
    }
}
