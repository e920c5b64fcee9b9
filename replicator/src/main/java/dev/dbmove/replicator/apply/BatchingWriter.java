package dev.dbmove.replicator.apply;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The part of a {@link TargetWriter} every engine shares: one connection with one open
 * transaction, and one pending JDBC batch of the same statement on the same table, sent
 * before anything else is written so that source order is kept.
 */
abstract class BatchingWriter implements TargetWriter {
    private static final int BATCH = 1000;

    enum Kind { INSERT, INSERT_ABSENT, UPSERT, DELETE }

    private record Batch(ApplyTable table, Kind kind, PreparedStatement statement, int[] size) {
    }

    private final DataSource target;
    private Connection connection;
    private boolean inTransaction;
    private Batch pending;

    BatchingWriter(DataSource target) {
        this.target = target;
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
        pending = new Batch(table, kind, connection().prepareStatement(sql.get()), new int[1]);
        return pending.statement();
    }

    /** Adds the bound row to the pending batch, sending it every thousand rows. */
    void add(PreparedStatement ps) throws SQLException {
        ps.addBatch();
        if (++pending.size()[0] >= BATCH) {
            ps.executeBatch();
            pending.size()[0] = 0;
        }
    }

    @Override
    public void flush() throws SQLException {
        if (pending != null) {
            try (PreparedStatement ps = pending.statement()) {
                if (pending.size()[0] > 0) {
                    ps.executeBatch();
                }
            } finally {
                pending = null;
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
