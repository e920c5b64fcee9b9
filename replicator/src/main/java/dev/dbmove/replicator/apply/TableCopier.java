package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;
import dev.dbmove.core.state.StateStore;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes a copy engine's rows into the target while the stream is applied to the same
 * tables: in chunks, each in the table's turn ({@link LoadingTables}), skipping keys the
 * stream deleted and keys the target already holds. While the stream has not written to a
 * table yet, its chunks go through the plain bulk path (COPY, multi-row INSERT).
 * The engine's notifications say when a table (and the whole copy) is done.
 */
public final class TableCopier implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
    private static final int CHUNK = 5000;

    /** Told about the copy's progress; called on the copy engine's thread. */
    public interface Listener {
        /** Rows of the table committed (read rows, whether or not the target already held them). */
        void copied(TableId table, long rows);

        /** Every row of the table is committed. */
        void tableCopied(TableId table) throws SQLException;

        /** Every table of this copy is done. */
        void allCopied() throws SQLException;

        /** A copied row does not fit the target: the table pauses. */
        void paused(TablePausedException why);
    }

    private final String topicPrefix;
    private final String notificationTopic;
    private final Set<TableId> expected;
    private final Supplier<Map<TableId, ApplyTable>> tables;
    private final TargetWriter writer;
    private final StateStore state;
    private final LoadingTables loading;
    private final Listener listener;
    private final Map<TableId, List<Struct>> pending = new LinkedHashMap<>();
    private final java.util.Set<TableId> done = new java.util.HashSet<>();
    /** Rows received per table, and the number the engine says it read once a table's scan is complete. */
    private final Map<TableId, Long> received = new java.util.HashMap<>();
    private final Map<TableId, Long> scanned = new java.util.HashMap<>();

    public TableCopier(String topicPrefix, String notificationTopic, Set<TableId> expected,
                       Supplier<Map<TableId, ApplyTable>> tables, TargetWriter writer, StateStore state,
                       LoadingTables loading, Listener listener) {
        this.topicPrefix = topicPrefix;
        this.notificationTopic = notificationTopic;
        this.expected = Set.copyOf(expected);
        this.tables = tables;
        this.writer = writer;
        this.state = state;
        this.loading = loading;
        this.listener = listener;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        try {
            for (RecordChangeEvent<SourceRecord> event : records) {
                SourceRecord record = event.record();
                if (notificationTopic.equals(record.topic())) {
                    notification((Struct) record.value());
                } else if (RecordKind.of(record, topicPrefix) == RecordKind.CHANGE) {
                    ChangeEvent change = ChangeParser.parse(record);
                    if (change.op() != ChangeEvent.Op.READ || !expected.contains(change.table())) {
                        continue;
                    }
                    List<Struct> rows = pending.computeIfAbsent(change.table(), t -> new ArrayList<>());
                    rows.add(change.after());
                    received.merge(change.table(), 1L, Long::sum);
                    if (rows.size() >= CHUNK) {
                        write(change.table());
                    }
                    maybeDone(change.table());
                }
            }
            for (TableId table : List.copyOf(pending.keySet())) {
                write(table);
            }
            for (RecordChangeEvent<SourceRecord> event : records) {
                committer.markProcessed(event);
            }
            committer.markBatchFinished();
        } catch (SQLException e) {
            writer.rollback();
            throw new ChangeApplier.ApplyException("copying rows into the target failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            writer.rollback();
            throw e;
        }
    }

    private void notification(Struct value) throws SQLException, InterruptedException {
        String type = value.getString("type");
        Map<String, String> data = value.getMap("additional_data");
        switch (type) {
            case "TABLE_SCAN_COMPLETED" -> {
                TableId table = match(data == null ? null : data.get("scanned_collection"));
                if (table == null) {
                    return;
                }
                String status = data.get("status");
                if (status != null && !"SUCCEEDED".equals(status) && !"EMPTY".equals(status)) {
                    throw new IllegalStateException("copying " + table + " did not succeed: " + status);
                }
                // The engine holds a table's last row back to mark it, so the notification can come first.
                String total = data.get("total_rows_scanned");
                scanned.put(table, total == null ? 0L : Long.parseLong(total));
                maybeDone(table);
            }
            case "COMPLETED" -> {
                for (TableId table : List.copyOf(pending.keySet())) {
                    write(table);
                }
                for (TableId table : expected) {
                    if (done.add(table) && !loading.isPaused(table)) {
                        listener.tableCopied(table);
                    }
                }
                listener.allCopied();
            }
            case "ABORTED" -> throw new IllegalStateException("the copy was aborted by the source connector");
            default -> {
                // STARTED, IN_PROGRESS: nothing to do
            }
        }
    }

    /** A table is done once every row the engine read of it is committed. */
    private void maybeDone(TableId table) throws SQLException, InterruptedException {
        Long total = scanned.get(table);
        if (total != null && received.getOrDefault(table, 0L) >= total && !done.contains(table)) {
            write(table);
            done.add(table);
            if (!loading.isPaused(table)) {
                listener.tableCopied(table);
            }
        }
    }

    /** The expected table a notification names ("db.table" or "schema.table", maybe with a catalog first). */
    private TableId match(String collection) {
        if (collection == null) {
            return null;
        }
        String[] parts = collection.split("\\.");
        String name = parts[parts.length - 1];
        String schema = parts.length > 1 ? parts[parts.length - 2] : null;
        return expected.stream().filter(t -> t.name().equals(name) && (schema == null || t.schema().equals(schema)))
                .findFirst().orElse(null);
    }

    private void write(TableId table) throws SQLException, InterruptedException {
        List<Struct> rows = pending.remove(table);
        if (rows == null || rows.isEmpty()) {
            return;
        }
        LoadingTables.Loading load = loading.acquire(table);
        if (load == null) {
            return; // no longer loading (paused or dropped meanwhile): its rows are not wanted
        }
        try {
            ApplyTable at = tables.get().get(table);
            if (!load.touched()) {
                try {
                    writer.bulkInsert(at, rows);
                    commit(at, rows.size());
                    return;
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                    writer.rollback(); // a key met twice (it moved while being read): the careful path below
                }
            }
            List<Struct> absent = rows.stream()
                    .filter(r -> !load.deletedByStream(at.keyValues(r))).toList();
            writer.insertAbsent(at, absent);
            commit(at, rows.size());
        } catch (RowRejectedException r) {
            writer.rollback();
            loading.pause(table);
            listener.paused(TablePausedException.rejected(r));
        } finally {
            LoadingTables.release(load);
        }
    }

    private void commit(ApplyTable table, int rows) throws SQLException {
        state.addCounts(writer.connection(), table.stateName(), 0, 0, 0, 0, rows, null, null);
        writer.commit();
        listener.copied(table.source(), rows);
    }
}
