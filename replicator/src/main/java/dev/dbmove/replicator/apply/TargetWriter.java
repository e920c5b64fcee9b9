package dev.dbmove.replicator.apply;

import org.apache.kafka.connect.data.Struct;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes row changes into the target inside one open transaction, in the order given.
 * Implementations batch consecutive operations of the same kind on the same table and
 * flush a batch before anything else is written, so source order is kept.
 */
public interface TargetWriter extends AutoCloseable {

    /** The connection of the open transaction, for state written with the data. */
    Connection connection() throws SQLException;

    /** Copied rows of one table through the target's bulk path; the table holds none of their keys. */
    void bulkInsert(ApplyTable table, List<Struct> rows) throws SQLException;

    /** Copied rows of one table, each inserted only when the table has no row with its key. */
    void insertAbsent(ApplyTable table, List<Struct> rows) throws SQLException;

    /** Removes every row of the table (a TRUNCATE at the source), inside the open transaction. */
    void truncate(ApplyTable table) throws SQLException;

    /** Inserts the row or replaces the row with the same key. */
    void upsert(ApplyTable table, Struct after) throws SQLException;

    /**
     * Inserts or updates the row with only the columns the source sent: PostgreSQL leaves
     * unchanged TOASTed values out, and a change from before a column was added has no value
     * for it. The target keeps (or defaults) the others.
     */
    void upsertAvailable(ApplyTable table, Struct after) throws SQLException;

    /** Deletes the row with the key found in {@code keyOrBefore}. */
    void delete(ApplyTable table, Struct keyOrBefore) throws SQLException;

    /** A change's row: whole, or only the columns it carries when some were left out (unavailable values). */
    default void upsertChange(ApplyTable table, Struct after) throws SQLException {
        if (table.hasUnavailable(after)) {
            upsertAvailable(table, after);
        } else {
            upsert(table, after);
        }
    }

    /** Sends every pending batch. */
    void flush() throws SQLException;

    /** Flushes and commits the transaction; the next write opens a new one. */
    void commit() throws SQLException;

    /** Drops everything not committed. */
    void rollback();

    @Override
    void close();
}
