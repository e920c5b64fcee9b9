package dev.dbmove.replicator.apply;

import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.dialect.Dialect;
import org.apache.kafka.connect.data.Struct;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The part of a {@link TargetWriter} every engine shares: one connection with one open
 * transaction, one pending JDBC batch of the same statement on the same table (sent before
 * anything else is written, so that source order is kept), and upserts and deletes bound
 * column by column; an engine says how a value is bound and how its upsert reads.
 * <p>
 * Upserts of a table whose only unique key is its row key, and that no foreign key of its
 * own refers to, are coalesced per key while they wait: a row changed many times in a run
 * of upserts is written once, with its last value, in the place of its first change. For
 * such a table the order of different keys' upserts cannot matter; for one with another
 * unique key or a self-reference it can (a value moving from one row to another), so those
 * are written change by change.
 * <p>
 * Changes of an {@linkplain ApplyTable#independent() independent} table (coalescible, and no
 * foreign key on it or to it) are not written in source order at all: each key's last change
 * waits in a per-table map and the maps are written when the transaction is flushed, each
 * table's deletes as one batch and its upserts as another. The target transaction holds
 * whole source transactions and commits them at once, and nothing the target checks before
 * that commit relates such a table's rows to another table's or one key's row to another's,
 * so the order in between is invisible; what is gained is that a stream of small source
 * transactions touching many tables (one row here, one there) is written in a few batches
 * instead of a round trip per change.
 */
abstract class BatchingWriter implements TargetWriter {
    private static final int BATCH = 1000;
    /** Entries the maps of independent tables gain before they are written, whatever the transaction's size. */
    private static final int NET_KEYS = 10_000;
    /**
     * Bytes of values (roughly: byte arrays and strings) that may wait in a batch or the maps before they are
     * written. Counting rows alone, a thousand rows of 64 MB values would wait: the heap holds a few.
     */
    static final long WAITING_BYTES = 32L * 1024 * 1024;

    enum Kind { INSERT, INSERT_ABSENT, UPSERT, DELETE }

    /**
     * The statement being batched; for coalesced upserts, the rows waiting per key (bound
     * when the batch is sent), else the count of rows added to the JDBC batch.
     */
    private record Batch(ApplyTable table, Kind kind, PreparedStatement statement, int[] size,
                         Map<List<Object>, Struct> rows) {
    }

    /** An independent table's waiting changes: per key, the last row written, or the key (or before image) deleted. */
    private record Net(ApplyTable table, Map<List<Object>, Struct> upserts, Map<List<Object>, Struct> deletes) {
    }

    final Dialect dialect;
    private final DataSource target;
    private Connection connection;
    private boolean inTransaction;
    private Batch pending;
    private final Map<dev.dbmove.core.TableId, Net> net = new LinkedHashMap<>();
    private int netKeys;
    /** {@link #weight} of the rows waiting in the maps, and in the pending batch. */
    private long netBytes;
    private long pendingBytes;

    BatchingWriter(DataSource target, Dialect dialect) {
        this.target = target;
        this.dialect = dialect;
    }

    /**
     * Binds one value for the column's declared target type.
     *
     * @throws IllegalArgumentException when the target type cannot hold the value
     */
    abstract void setParameter(PreparedStatement ps, int index, Object value, ColumnInfo column) throws SQLException;

    /** {@code INSERT ... } of the columns that replaces the row with the same key. */
    abstract String upsertSql(ApplyTable table, List<ColumnInfo> columns);

    /** The parameter a key column is compared with in a WHERE clause. */
    abstract String keyParameter(ColumnInfo key);

    @Override
    public void upsert(ApplyTable table, Struct after) throws SQLException {
        if (table.independent()) {
            // After a delete of the key, both wait: a table's deletes are written before its upserts.
            netBytes += weight(after); // a replaced row's weight stays counted: the count errs on the safe side
            if (net(table).upserts().put(table.keyValues(after), after) == null || netBytes >= WAITING_BYTES) {
                waiting();
            }
            return;
        }
        PreparedStatement ps = batch(table, Kind.UPSERT, () -> upsertSql(table, table.columns()));
        pendingBytes += weight(after);
        if (pending.rows() != null) {
            pending.rows().put(table.keyValues(after), after); // a key seen before keeps its place, takes this value
            if (pending.rows().size() >= BATCH || pendingBytes >= WAITING_BYTES) {
                sendRows(pending);
            }
            return;
        }
        bind(ps, table, after, table.columns());
        add(ps);
    }

    /**
     * Roughly the heap a row's values hold: the lengths of its bytes and strings. Only large values
     * matter here, and those are one or the other.
     */
    static long weight(Struct row) {
        long bytes = 0;
        for (org.apache.kafka.connect.data.Field field : row.schema().fields()) {
            Object value = row.get(field);
            if (value instanceof byte[] b) {
                bytes += b.length;
            } else if (value instanceof java.nio.ByteBuffer b) {
                bytes += b.remaining();
            } else if (value instanceof String text) {
                bytes += text.length();
            }
        }
        return bytes;
    }

    /** Binds the coalesced rows waiting in the batch and sends them. */
    private void sendRows(Batch batch) throws SQLException {
        send(batch.statement(), batch.table(), batch.table().columns(), batch.rows().values());
        batch.rows().clear();
        pendingBytes = 0;
    }

    /** Binds the rows' values of the columns and sends them, a thousand at a time (fewer when they are large). */
    private void send(PreparedStatement ps, ApplyTable table, List<ColumnInfo> columns,
                      java.util.Collection<Struct> rows) throws SQLException {
        int n = 0;
        long bytes = 0;
        for (Struct row : rows) {
            bind(ps, table, row, columns);
            ps.addBatch();
            n++;
            bytes += weight(row);
            if (n == BATCH || bytes >= WAITING_BYTES) {
                ps.executeBatch();
                n = 0;
                bytes = 0;
            }
        }
        if (n > 0) {
            ps.executeBatch();
        }
    }

    private Net net(ApplyTable table) throws SQLException {
        Net n = net.get(table.source());
        if (n == null || n.table() != table) {
            if (n != null) {
                sendNet(); // the table was set up anew (a schema change): what waits was made for the old one
            }
            n = new Net(table, new LinkedHashMap<>(), new LinkedHashMap<>());
            net.put(table.source(), n);
        }
        return n;
    }

    /** A map gained an entry (or a large row); past the bounds, everything waiting is written (the transaction stays open). */
    private void waiting() throws SQLException {
        if (++netKeys >= NET_KEYS || netBytes >= WAITING_BYTES) {
            sendNet();
        }
    }

    /** Writes every independent table's waiting changes: per table, the deletes, then the upserts. */
    private void sendNet() throws SQLException {
        if (net.isEmpty()) {
            return;
        }
        try {
            flushOrdered();
            for (Net n : net.values()) {
                ApplyTable table = n.table();
                if (!n.deletes().isEmpty()) {
                    sendAll(table, deleteSql(table), table.keyColumns(), n.deletes().values());
                }
                if (!n.upserts().isEmpty()) {
                    sendAll(table, upsertSql(table, table.columns()), table.columns(), n.upserts().values());
                }
            }
        } finally {
            net.clear();
            netKeys = 0;
            netBytes = 0;
        }
    }

    private void sendAll(ApplyTable table, String sql, List<ColumnInfo> columns, java.util.Collection<Struct> rows)
            throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            send(ps, table, columns, rows);
        }
    }

    private String deleteSql(ApplyTable table) {
        return "DELETE FROM " + dialect.qualify(table.target()) + " WHERE " + table.keyColumns().stream()
                .map(k -> dialect.quote(k.name()) + " = " + keyParameter(k)).collect(Collectors.joining(" AND "));
    }

    @Override
    public void upsertAvailable(ApplyTable table, Struct after) throws SQLException {
        flush();
        List<ColumnInfo> available = table.availableColumns(after);
        try (PreparedStatement ps = connection().prepareStatement(upsertSql(table, available))) {
            bind(ps, table, after, available);
            ps.executeUpdate();
        }
    }

    @Override
    public void delete(ApplyTable table, Struct keyOrBefore) throws SQLException {
        if (table.independent()) {
            Net n = net(table);
            List<Object> key = table.keyValues(keyOrBefore);
            n.upserts().remove(key);
            netBytes += weight(keyOrBefore); // the before image is held whole, large values and all
            if (n.deletes().put(key, keyOrBefore) == null || netBytes >= WAITING_BYTES) {
                waiting();
            }
            return;
        }
        PreparedStatement ps = batch(table, Kind.DELETE, () -> deleteSql(table));
        bind(ps, table, keyOrBefore, table.keyColumns());
        add(ps);
    }

    /**
     * Adds a bound row of these values to the pending batch; sends it every thousand rows, and
     * sooner when their values are large.
     */
    void add(PreparedStatement ps, Struct row) throws SQLException {
        pendingBytes += weight(row);
        add(ps);
    }

    /**
     * Refuses a row the target cannot take whole, whatever its values (a MySQL statement longer
     * than max_allowed_packet); nothing by default.
     *
     * @throws RowRejectedException naming the table, the row and the setting
     */
    void checkRow(ApplyTable table, Struct row, List<ColumnInfo> columns) {
    }

    /** Binds the row's values of the columns as parameters 1, 2, ... */
    void bind(PreparedStatement ps, ApplyTable table, Struct row, List<ColumnInfo> columns) throws SQLException {
        checkRow(table, row, columns);
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo column = columns.get(i);
            try {
                setParameter(ps, i + 1, ApplyTable.value(row, column.name()), column);
            } catch (IllegalArgumentException e) {
                throw rejected(table, row, column, e);
            }
        }
    }

    /** A value the target column cannot hold, with table, key and column named. */
    static RowRejectedException rejected(ApplyTable table, Struct row, ColumnInfo column, IllegalArgumentException e) {
        return new RowRejectedException(table.source(), "table " + table.source() + ", row " + table.describeKey(row) + ", column "
                + column.name() + ": " + e.getMessage());
    }

    String columnList(List<ColumnInfo> columns) {
        return columns.stream().map(c -> dialect.quote(c.name())).collect(Collectors.joining(", "));
    }

    /** Session settings, once per connection. */
    void onNewConnection(Connection c) throws SQLException {
    }

    /** Settings that last one transaction, at the start of each. */
    void onNewTransaction(Connection c) throws SQLException {
    }

    @Override
    public Connection connection() throws SQLException {
        if (connection == null) {
            connection = target.getConnection();
            connection.setAutoCommit(false);
            onNewConnection(connection);
        }
        if (!inTransaction) {
            onNewTransaction(connection);
            inTransaction = true;
        }
        return connection;
    }

    /** The pending batch's statement when it is of this kind and table; else sends the pending one and starts another. */
    PreparedStatement batch(ApplyTable table, Kind kind, Supplier<String> sql) throws SQLException {
        if (pending != null && pending.table() == table && pending.kind() == kind) {
            return pending.statement();
        }
        flush();
        pending = new Batch(table, kind, connection().prepareStatement(sql.get()), new int[1],
                kind == Kind.UPSERT && table.coalescible() ? new LinkedHashMap<>() : null);
        return pending.statement();
    }

    /** Adds the bound row to the pending batch, sending it every thousand rows. */
    void add(PreparedStatement ps) throws SQLException {
        ps.addBatch();
        if (++pending.size()[0] >= BATCH || pendingBytes >= WAITING_BYTES) {
            ps.executeBatch();
            pending.size()[0] = 0;
            pendingBytes = 0;
        }
    }

    @Override
    public void flush() throws SQLException {
        sendNet();
        flushOrdered();
    }

    /** Sends the pending batch of changes written in source order. */
    private void flushOrdered() throws SQLException {
        if (pending != null) {
            try (PreparedStatement ps = pending.statement()) {
                if (pending.rows() != null) {
                    if (!pending.rows().isEmpty()) {
                        sendRows(pending);
                    }
                } else if (pending.size()[0] > 0) {
                    ps.executeBatch();
                }
            } finally {
                pending = null;
                pendingBytes = 0;
            }
        }
    }

    @Override
    public void commit() throws SQLException {
        flush();
        if (connection != null) {
            connection.commit();
            inTransaction = false;
        }
    }

    @Override
    public void rollback() {
        pending = null;
        pendingBytes = 0;
        net.clear();
        netKeys = 0;
        netBytes = 0;
        inTransaction = false;
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException ignored) {
                // the connection is broken; it goes
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        rollback();
    }
}
