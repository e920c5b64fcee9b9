package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.replicator.state.OffsetKeys;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the engine's records to the target, the heart of exactly-once delivery:
 * <ol>
 * <li>changes are written in source order into one open target transaction;</li>
 * <li>that transaction commits only on a source-transaction boundary (an END marker), so
 *     the target never shows half a source transaction;</li>
 * <li>the engine's offset of the last record in it is written in the same transaction,
 *     so after any crash the engine resumes exactly after what the target holds;</li>
 * <li>records are marked processed only after that commit.</li>
 * </ol>
 * Several small source transactions share one target transaction, committed when the
 * engine's batch runs out or enough work has gathered. Rows are not copied here: the
 * stream engine starts without reading rows, and tables being copied meanwhile are
 * written in turns with their copy ({@link LoadingTables}).
 */
public final class ChangeApplier implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
    private static final int COMMIT_CHANGES = 5000;
    private static final long COMMIT_NANOS = 500_000_000L;

    /** Told about progress; the replicator's console and metrics listen. */
    public interface Listener {
        void committed(Map<TableId, TableCounts> counts, Instant lastSourceCommit);

        /**
         * The first record of the stream proper is committed: the start position is fixed
         * (and saved), so rows copied from now on are read after it.
         */
        void streamStarted();

        /** A target transaction of this many changes committed, this long after its first change was written. */
        default void batchCommitted(long changes, long nanos) {
        }
    }

    /** What one commit added for one table. */
    public record TableCounts(long rowsCopied, long inserts, long updates, long deletes) {
        static final TableCounts NONE = new TableCounts(0, 0, 0, 0);

        TableCounts sum(TableCounts other) {
            return new TableCounts(rowsCopied + other.rowsCopied, inserts + other.inserts, updates + other.updates,
                    deletes + other.deletes);
        }

        TableCounts plus(ChangeEvent.Op op) {
            return switch (op) {
                case READ -> new TableCounts(rowsCopied + 1, inserts, updates, deletes);
                case INSERT -> new TableCounts(rowsCopied, inserts + 1, updates, deletes);
                case UPDATE -> new TableCounts(rowsCopied, inserts, updates + 1, deletes);
                case DELETE -> new TableCounts(rowsCopied, inserts, updates, deletes + 1);
                case TRUNCATE -> this;
            };
        }
    }

    private final String engineName;
    private final String topicPrefix;
    private final Map<TableId, ApplyTable> tables;
    private final TargetWriter writer;
    private final StateStore state;
    private final Listener listener;
    private final SourceSchema sourceSchema;
    private final LoadingTables loading;
    private final ZeroDateGuard zeroDates;
    private final ApplyProgress progress;
    /** Tables being copied that this open transaction wrote to: their turn is held until it ends. */
    private final Map<TableId, LoadingTables.Loading> turns = new LinkedHashMap<>();

    /**
     * Per source partition, the last record written and not yet committed: the engine keeps only the last offset
     * marked per partition, so marking it marks those before it; holding every record instead would hold a big
     * source transaction whole in the heap until its end.
     */
    private final Map<Map<String, ?>, RecordChangeEvent<SourceRecord>> uncommitted = new LinkedHashMap<>();
    /** The last row schema seen per table that matched its columns: Connect reuses schema objects. */
    private final Map<TableId, org.apache.kafka.connect.data.Schema> checkedSchemas = new HashMap<>();
    private final Map<TableId, TableCounts> counts = new LinkedHashMap<>();
    private boolean inSourceTransaction;
    private boolean streamStarted;
    private boolean streamStartsOnCommit;
    private long changesSinceCommit;
    private long openedAt;
    private Instant lastSourceCommit;
    private SourceRecord lastApplied;
    /** The id of the last source transaction that ended (a GTID on MySQL/MariaDB), or null. */
    private String lastTransaction;

    public ChangeApplier(String engineName, String topicPrefix, Map<TableId, ApplyTable> tables, TargetWriter writer,
                         StateStore state, boolean streamStarted, Listener listener,
                         SourceSchema sourceSchema, LoadingTables loading, ZeroDateGuard zeroDates,
                         ApplyProgress progress) {
        this.engineName = engineName;
        this.topicPrefix = topicPrefix;
        this.tables = Map.copyOf(tables);
        this.writer = writer;
        this.state = state;
        this.streamStarted = streamStarted;
        this.loading = loading;
        this.listener = listener;
        this.sourceSchema = sourceSchema;
        this.zeroDates = zeroDates;
        this.progress = progress;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        try {
            // Every change of the batch is pending from now on (for lag), before a write can block.
            RecordKind[] kinds = new RecordKind[records.size()];
            ChangeEvent[] changes = new ChangeEvent[records.size()];
            for (int i = 0; i < records.size(); i++) {
                SourceRecord record = records.get(i).record();
                kinds[i] = RecordKind.of(record, topicPrefix);
                if (kinds[i] == RecordKind.CHANGE) {
                    changes[i] = ChangeParser.parse(record);
                }
            }
            stillPending(changes, 0);
            for (int i = 0; i < records.size(); i++) {
                RecordChangeEvent<SourceRecord> event = records.get(i);
                SourceRecord record = event.record();
                switch (kinds[i]) {
                    case CHANGE -> apply(changes[i]);
                    case TRANSACTION_BEGIN -> inSourceTransaction = true;
                    case TRANSACTION_END -> {
                        inSourceTransaction = false;
                        if (record.value() instanceof Struct end && end.schema().field("id") != null) {
                            lastTransaction = end.getString("id");
                        }
                    }
                    case SCHEMA_CHANGE -> schemaChange(record);
                    case HEARTBEAT, OTHER -> {
                        // no rows; the position still moves with the next commit
                    }
                }
                if (!streamStarted && streamingRecord(record)) {
                    streamStartsOnCommit = true;
                }
                uncommitted.put(record.sourcePartition(), event);
                lastApplied = record;
                boolean lastInBatch = i == records.size() - 1;
                if (!inSourceTransaction && (lastInBatch || changesSinceCommit >= COMMIT_CHANGES
                        || System.nanoTime() - openedAt >= COMMIT_NANOS)) {
                    commit(committer);
                    stillPending(changes, i + 1);
                }
            }
            committer.markBatchFinished();
        } catch (SQLException e) {
            rollback();
            throw new ApplyException("writing to the target failed: " + e.getMessage(), e);
        } catch (RowRejectedException r) {
            // found when its change was written or when its batch was sent
            rollback();
            throw TablePausedException.rejected(r);
        } catch (RuntimeException | InterruptedException e) {
            rollback();
            throw e;
        }
    }

    /**
     * The batch's changes from {@code from} on are what is pending: at its start (with those
     * held since an earlier batch was given back), and after each commit inside it.
     */
    private void stillPending(ChangeEvent[] changes, int from) {
        if (from > 0) {
            progress.settled();
        }
        for (int j = from; j < changes.length; j++) {
            if (changes[j] != null && tables.containsKey(changes[j].table()) && !changes[j].snapshot()
                    && !loading.isPaused(changes[j].table())) {
                progress.received(changes[j].table(), changes[j].sourceCommitTime());
            }
        }
    }

    private void rollback() {
        // What was pending stays pending: the engine delivers it again.
        writer.rollback();
        zeroDates.clear();
        uncommitted.clear();
        counts.clear();
        changesSinceCommit = 0;
        releaseTurns();
    }

    private void releaseTurns() {
        turns.values().forEach(LoadingTables::release);
        turns.clear();
    }

    /** Passes a MySQL DDL statement on to the source schema, for each selected table it changed. */
    private void schemaChange(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("ddl") == null
                || value.schema().field("tableChanges") == null) {
            return;
        }
        String ddl = value.getString("ddl");
        List<Object> changes = value.getArray("tableChanges");
        if (ddl == null || changes == null) {
            return;
        }
        for (Object c : changes) {
            if (c instanceof Struct tc && tc.schema().field("id") != null) {
                List<String> parts = quotedParts(tc.getString("id"));
                if (parts.size() >= 2) {
                    TableId id = new TableId(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
                    if (tables.containsKey(id)) {
                        sourceSchema.ddl(id, ddl);
                    }
                }
            }
        }
    }

    /**
     * The parts of a Debezium table id as {@code TableId.toDoubleQuotedString} writes it:
     * {@code "db"."a.b"} is {@code [db, a.b]}, a quote inside a part doubled. Debezium's own
     * parser reads it back.
     */
    static List<String> quotedParts(String id) {
        return List.of(io.debezium.relational.TableId.parseParts(id));
    }

    private void apply(ChangeEvent change) throws SQLException, InterruptedException {
        ApplyTable table = tables.get(change.table());
        if (table == null || loading.isPaused(change.table())) {
            return; // a table outside the selection, or paused until replication starts again
        }
        applyTo(table, change);
    }


    private void applyTo(ApplyTable table, ChangeEvent change) throws SQLException, InterruptedException {
        Struct row = change.after() != null ? change.after() : change.before();
        if (row != null && row.schema() != checkedSchemas.get(change.table())) {
            boolean shapeChanged = checkedSchemas.containsKey(change.table());
            List<String> added = table.addedColumns(row);
            List<String> absent = table.absentColumns(row);
            java.util.Set<String> current = absent.isEmpty() ? java.util.Set.of() : sourceSchema.currentColumns(change.table());
            List<String> dropped = absent.stream().filter(c -> !current.contains(c)).toList();
            if (!added.isEmpty() && !dropped.isEmpty()) {
                Map<String, String> renamed = sourceSchema.renamedColumns(change.table(), dropped, added);
                if (!renamed.isEmpty()) {
                    throw new SourceSchemaChangedException(change.table(), renamed);
                }
                if (sourceSchema.knowsRenames(change.table())) {
                    // Really dropped and added: the drop first, the add is found when the engine resumes.
                    throw new SourceSchemaChangedException(change.table(), SourceSchemaChangedException.Change.DROPPED,
                            dropped);
                }
                throw new TablePausedException(change.table(), "the source table " + change.table() + " lost"
                        + " column(s) " + String.join(", ", dropped) + " and gained " + String.join(", ", added)
                        + " at once (a rename?), and the statement that did it was not seen in this run",
                        "nothing to change: restart dbmove replicate and " + change.table().name() + " is copied"
                        + " again with its new columns (with schema: existing, first make the target table match,"
                        + " e.g. ALTER TABLE ... RENAME COLUMN)");
            }
            if (!added.isEmpty()) {
                // Writing on would lose the new columns' values: the replicator adds them and resumes here.
                throw new SourceSchemaChangedException(change.table(), SourceSchemaChangedException.Change.ADDED, added);
            }
            if (!dropped.isEmpty()) {
                throw new SourceSchemaChangedException(change.table(), SourceSchemaChangedException.Change.DROPPED, dropped);
            }
            if (shapeChanged) {
                // A new row shape within this run: a column may have a new type (a wider VARCHAR, INT to BIGINT).
                List<String> retyped = sourceSchema.retypedColumns(change.table());
                if (!retyped.isEmpty()) {
                    throw new SourceSchemaChangedException(change.table(), SourceSchemaChangedException.Change.RETYPED,
                            retyped);
                }
            }
            // Columns absent from the row but still at the source: a change from before they were added.
            checkedSchemas.put(change.table(), row.schema());
        }
        LoadingTables.Loading load = turns.get(change.table());
        if (load == null && loading.isLoading(change.table())) {
            writer.flush(); // nothing of this transaction waits in a batch while we wait for the copy's turn
            load = loading.acquire(change.table());
            if (load != null) {
                turns.put(change.table(), load);
                load.restoreKey(); // the load may have left the key off the empty table; upserts need it
            }
        }
        if (changesSinceCommit == 0) {
            openedAt = System.nanoTime();
        }
        changesSinceCommit++;
        ChangeEvent.Op counted = change.countedAs();
        if (counted != null) {
            counts.compute(change.table(), (t, sum) -> (sum == null ? TableCounts.NONE : sum).plus(counted));
        }
        if (change.sourceCommitTime() != null && !change.snapshot()) {
            lastSourceCommit = change.sourceCommitTime();
        }
        if (load != null) {
            LoadingTables.touched(load);
        }
        switch (change.op()) {
            case READ -> throw new IllegalStateException("a snapshot row of " + change.table() + " reached the stream"
                    + " applier; rows are copied by the copy engine");
            case INSERT -> {
                zeroDates.observe(table, change.after());
                writer.upsertChange(table, change.after());
            }
            case UPDATE -> {
                zeroDates.observe(table, change.after());
                Struct before = change.before();
                if (before != null && !table.sameKey(before, change.after())) {
                    delete(table, load, before);
                }
                writer.upsertChange(table, change.after());
            }
            case DELETE -> delete(table, load, change.before() != null ? change.before() : change.key());
            case TRUNCATE -> {
                if (load != null) {
                    throw new TablePausedException(change.table(), "the source table " + change.table()
                            + " was truncated while its rows were being copied", "restart dbmove replicate: "
                            + change.table().name() + " is copied again");
                }
                writer.truncate(table);
            }
        }
    }

    private void delete(ApplyTable table, LoadingTables.Loading load, Struct keyOrBefore) throws SQLException {
        if (load != null) {
            LoadingTables.deleted(load, table.keyValues(keyOrBefore));
        }
        writer.delete(table, keyOrBefore);
    }

    private void commit(DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws SQLException, InterruptedException {
        if (uncommitted.isEmpty()) {
            return;
        }
        writer.flush();
        zeroDates.verify(); // before anything of this transaction is committed
        var c = writer.connection();
        state.writeOffset(c, OffsetKeys.key(engineName, lastApplied.sourcePartition()),
                OffsetKeys.value(lastApplied.sourceOffset()));
        String position = Positions.describe(lastApplied.sourceOffset(),
                inSourceTransaction ? null : lastTransaction);
        for (Map.Entry<TableId, TableCounts> e : counts.entrySet()) {
            TableCounts t = e.getValue();
            state.addCounts(c, tables.get(e.getKey()).stateName(), t.inserts(), t.updates(), t.deletes(), 0,
                    t.rowsCopied(), lastSourceCommit, position);
        }
        state.recordApplied(c, position, lastSourceCommit);
        writer.commit();
        releaseTurns();
        progress.applied(changesSinceCommit, position);
        listener.batchCommitted(changesSinceCommit, System.nanoTime() - openedAt);
        for (RecordChangeEvent<SourceRecord> event : uncommitted.values()) {
            committer.markProcessed(event);
        }
        uncommitted.clear();
        listener.committed(new HashMap<>(counts), lastSourceCommit);
        counts.clear();
        changesSinceCommit = 0;
        if (streamStartsOnCommit) {
            streamStartsOnCommit = false;
            streamStarted = true;
            listener.streamStarted();
        }
    }

    /** A record from the streaming phase: its offset no longer carries the snapshot flag. */
    private static boolean streamingRecord(SourceRecord record) {
        return record.sourceOffset() != null && !Positions.duringSnapshot(record.sourceOffset());
    }

    /** A failure while applying; the engine stops and the position stays before the failed records. */
    public static final class ApplyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ApplyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
