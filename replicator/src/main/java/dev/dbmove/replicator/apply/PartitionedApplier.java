package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.replicator.state.OffsetKeys;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies Debezium change records that reach dbmove through Kafka (a sink task): records
 * come per topic partition, each partition in order (records are keyed by the row key, so
 * one row's changes share a partition), and may come again after a failure. Each batch is
 * one target transaction that also stores, per partition, the Kafka offset of the last
 * record it holds; a record at or below the stored offset was applied already and is
 * skipped. So the target receives every change exactly once, though Kafka delivers at least
 * once.
 *
 * <p>Snapshot rows (Debezium's {@code r}) are written like inserts: in this mode the full
 * load comes through Kafka too. A row with a column the target table lacks (added on the
 * source): the batch is rolled back, the {@link SchemaFollower} adds the column to the target
 * table as the embedded engine does, and the batch is applied again; without one (or when the
 * target refuses) the task stops with the fix, rather than losing the column's values.
 */
public final class PartitionedApplier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PartitionedApplier.class);
    /** A record with where Kafka holds it. */
    public record PartitionedRecord(String topic, int partition, long offset, ConnectRecord<?> record) {
    }

    /** A topic partition. */
    public record TopicPartition(String topic, int partition) {
    }

    /** Changes the target as the source's tables changed while streaming. */
    public interface SchemaFollower {
        /**
         * Adds the columns the source table gained to its target table (another task may have
         * added them already) and returns the job's tables as the target has them now.
         */
        Map<TableId, ApplyTable> addColumns(TableId table, List<String> columns);
    }

    /** Schema changes one batch may bring before it is given up as a loop. */
    private static final int SCHEMA_CHANGES_PER_BATCH = 20;

    private final String sinkName;
    private final String topicPrefix;
    private volatile Map<TableId, ApplyTable> tables;
    private final SchemaFollower follower;
    private final TargetWriter writer;
    private final StateStore state;
    /** Whether the job's state says it streams (the snapshot that came through Kafka is in); null until read. */
    private Boolean streaming;
    /** The last offset applied per partition: read from the target, then moved by each commit. */
    private final Map<TopicPartition, Long> applied = new HashMap<>();

    /**
     * @param sinkName the name the offsets are stored under (one per sink connector)
     * @param topicPrefix Debezium's {@code topic.prefix}: tells schema-change and transaction topics apart
     */
    public PartitionedApplier(String sinkName, String topicPrefix, Map<TableId, ApplyTable> tables,
                              TargetWriter writer, StateStore state) {
        this(sinkName, topicPrefix, tables, writer, state, null);
    }

    /** @param follower adds columns the source gained; null to stop with the fix instead */
    public PartitionedApplier(String sinkName, String topicPrefix, Map<TableId, ApplyTable> tables,
                              TargetWriter writer, StateStore state, SchemaFollower follower) {
        this.follower = follower;
        this.sinkName = sinkName;
        this.topicPrefix = topicPrefix;
        this.tables = Map.copyOf(tables);
        this.writer = writer;
        this.state = state;
    }

    /** The stored key of a partition's offset: the sink's name and the partition, as Debezium's keys are made. */
    public static String offsetKey(String sinkName, TopicPartition tp) {
        return OffsetKeys.key(sinkName, Map.of("topic", tp.topic(), "partition", tp.partition()));
    }

    /** The offset applied last for the partition, as stored in the target; empty when none was. */
    public Optional<Long> appliedOffset(TopicPartition tp) {
        Long known = applied.get(tp);
        if (known != null) {
            return Optional.of(known);
        }
        String stored = state.readOffsets().get(offsetKey(sinkName, tp));
        if (stored == null) {
            return Optional.empty();
        }
        Object offset = OffsetKeys.readValue(stored).get("offset");
        if (!(offset instanceof Number n)) {
            return Optional.empty();
        }
        applied.put(tp, n.longValue());
        return Optional.of(n.longValue());
    }

    /** Forgets what it knows of partitions this task no longer holds: another task may move them on. */
    public void forget(java.util.Collection<TopicPartition> partitions) {
        partitions.forEach(applied::remove);
    }

    /**
     * Writes the records' changes and commits them with each partition's last offset, in one
     * target transaction; on any failure nothing of it stays and the offsets do not move.
     *
     * @return how many changes were written (skipped redeliveries not counted)
     */
    public long apply(List<PartitionedRecord> records) throws SQLException {
        for (int changes = 0; ; changes++) {
            try {
                return applyOnce(records);
            } catch (SourceSchemaChangedException added) {
                // Nothing of the batch committed: the target table changes, then the whole batch is applied again.
                if (changes >= SCHEMA_CHANGES_PER_BATCH) {
                    throw new TablePausedException(added.table(), added.getMessage() + ", and the target table still"
                            + " lacks them after " + changes + " attempts to add them", ADD_BY_HAND);
                }
                try {
                    tables = follower.addColumns(added.table(), added.columns());
                } catch (dev.dbmove.core.DbmoveException refused) {
                    throw new TablePausedException(added.table(), added.getMessage() + ", and the target refused the"
                            + " same change: " + refused.getMessage(), ADD_BY_HAND);
                }
                LOG.info("{}: the target table has them now; the batch is applied again", added.getMessage());
            }
        }
    }

    private static final String ADD_BY_HAND = "add them to the target table (ALTER TABLE ... ADD COLUMN, the type as in"
            + " docs/type-mapping.md), then restart the sink's failed task (POST /connectors/NAME/tasks/N/restart)";

    private long applyOnce(List<PartitionedRecord> records) throws SQLException {
        Map<TopicPartition, PartitionedRecord> last = new LinkedHashMap<>();
        Map<ApplyTable, ChangeApplier.TableCounts> counts = new LinkedHashMap<>();
        long written = 0;
        Instant lastCommit = null;
        String position = null;
        boolean snapshotOver = false;
        long skipped = 0;
        try {
            for (PartitionedRecord r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Optional<Long> done = appliedOffset(tp);
                if (done.isPresent() && r.offset() <= done.get()) {
                    skipped++;
                    continue; // delivered again after a failure: already in the target
                }
                last.put(tp, r);
                if (r.record().value() == null || RecordKind.of(r.record(), topicPrefix) != RecordKind.CHANGE) {
                    continue; // a tombstone, a heartbeat, a transaction marker: only its offset counts
                }
                ChangeEvent change = ChangeParser.parse(r.record());
                ApplyTable table = tables.get(change.table());
                if (table == null) {
                    continue; // outside the job's tables
                }
                write(table, change);
                written++;
                snapshotOver |= snapshotOver(r.record());
                ChangeEvent.Op counted = change.countedAs();
                if (counted != null) {
                    counts.merge(table, ChangeApplier.TableCounts.NONE.plus(counted), ChangeApplier.TableCounts::sum);
                }
                if (!change.snapshot() && change.sourceCommitTime() != null) {
                    lastCommit = change.sourceCommitTime();
                }
                position = position(change, r.record());
            }
            if (skipped > 0) {
                LOG.info("skipped {} record(s) that Kafka delivered again: the target holds them already", skipped);
            }
            if (last.isEmpty()) {
                return 0;
            }
            writer.flush();
            Connection c = writer.connection();
            for (Map.Entry<TopicPartition, PartitionedRecord> e : last.entrySet()) {
                state.writeOffset(c, offsetKey(sinkName, e.getKey()),
                        OffsetKeys.value(Map.of("offset", e.getValue().offset())));
            }
            for (Map.Entry<ApplyTable, ChangeApplier.TableCounts> e : counts.entrySet()) {
                ChangeApplier.TableCounts n = e.getValue();
                state.addCounts(c, e.getKey().stateName(), n.inserts(), n.updates(), n.deletes(), 0, n.rowsCopied(),
                        lastCommit, position);
            }
            if (position != null) {
                state.recordApplied(c, position, lastCommit);
            }
            boolean nowStreaming = snapshotOver && !streaming();
            if (nowStreaming) {
                for (ApplyTable t : tables.values()) {
                    state.setTablePhase(c, t.stateName(), dev.dbmove.core.state.TablePhase.STREAMING, null);
                }
                state.setJobPhase(c, dev.dbmove.core.state.JobPhase.STREAMING, null);
            }
            writer.commit();
            if (nowStreaming) {
                streaming = true;
            }
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            last.keySet().forEach(applied::remove); // read again from the target: it holds what committed
            throw e;
        }
        last.forEach((tp, r) -> applied.put(tp, r.offset()));
        return written;
    }

    private boolean streaming() {
        if (streaming == null) {
            streaming = state.job().phase() == dev.dbmove.core.state.JobPhase.STREAMING;
        }
        return streaming;
    }

    /**
     * A change from the stream, or the snapshot's last row: the full load that came through
     * Kafka is over (rows of other partitions may still be on their way; the consumer lag says).
     */
    private static boolean snapshotOver(ConnectRecord<?> record) {
        Struct source = ((Struct) record.value()).getStruct("source");
        Object snapshot = source.schema().field("snapshot") == null ? null : source.get("snapshot");
        return snapshot == null || "false".equals(snapshot.toString()) || "last".equals(snapshot.toString());
    }

    private void write(ApplyTable table, ChangeEvent change) throws SQLException {
        Struct row = change.after() != null ? change.after() : change.before();
        if (row != null) {
            List<String> added = table.addedColumns(row);
            if (!added.isEmpty() && follower != null) {
                throw new SourceSchemaChangedException(change.table(), SourceSchemaChangedException.Change.ADDED, added);
            }
            if (!added.isEmpty()) {
                throw new TablePausedException(change.table(), "the source table " + change.table() + " has column(s) "
                        + String.join(", ", added) + " that the target table " + table.target() + " lacks", ADD_BY_HAND);
            }
        }
        switch (change.op()) {
            case READ, INSERT -> writer.upsertChange(table, change.after());
            case UPDATE -> {
                Struct before = change.before();
                if (before != null && !table.sameKey(before, change.after())) {
                    writer.delete(table, before);
                }
                writer.upsertChange(table, change.after());
            }
            case DELETE -> writer.delete(table, change.before() != null ? change.before() : change.key());
            case TRUNCATE -> writer.truncate(table);
        }
    }

    /** The change's source position as people read it, from the record's {@code source} block. */
    private static String position(ChangeEvent change, ConnectRecord<?> record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("source") == null) {
            return null;
        }
        Struct source = value.getStruct("source");
        Map<String, Object> offset = new HashMap<>();
        if (source.schema().field("lsn") != null && source.get("lsn") != null) {
            offset.put("lsn", source.get("lsn"));
        } else if (source.schema().field("file") != null && source.get("file") != null) {
            offset.put("file", source.get("file"));
            offset.put("pos", source.get("pos"));
            if (source.schema().field("gtid") != null && source.get("gtid") != null) {
                offset.put("gtids", source.get("gtid"));
            }
        } else {
            return null;
        }
        return Positions.describe(offset);
    }
}
