package dev.dbmove.replicator.apply;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.dialect.Dialect;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * The temporary table a bulk path loads rows into when the target table may already hold
 * some of their keys, and the insert of those whose key it lacks. One per target table and
 * column list, per session; empty between uses (PostgreSQL empties it at commit, MySQL after
 * the insert).
 *
 * @param name    the quoted name of the temporary table
 * @param target  the qualified target table
 * @param columns the quoted column list, in the order rows are loaded
 */
record Stage(DatabaseType type, String name, String target, String columns, ApplyTable table) {

    static Stage of(DatabaseType type, ApplyTable table, String columns) {
        Dialect dialect = Dialect.of(type);
        return new Stage(type, dialect.quote("dbmove_stage_" + Integer.toHexString((table.target() + columns).hashCode())),
                dialect.qualify(table.target()), columns, table);
    }

    /**
     * Makes the temporary table if this session has none. Every time, not once per session:
     * a PostgreSQL temporary table made in a transaction that rolls back is gone with it.
     */
    void create(Statement s) throws SQLException {
        s.execute(type == DatabaseType.POSTGRESQL
                ? "CREATE TEMPORARY TABLE IF NOT EXISTS " + name + " ON COMMIT DELETE ROWS AS SELECT " + columns + " FROM "
                + target + " WITH NO DATA"
                : "CREATE TEMPORARY TABLE IF NOT EXISTS " + name + " LIKE " + target);
    }

    /** Inserts the staged rows whose key the target table does not hold, and empties the stage. */
    void insertAbsent(Statement s) throws SQLException {
        Dialect dialect = Dialect.of(type);
        String insert = "INSERT INTO " + target + " (" + columns + ") SELECT " + columns + " FROM " + name;
        if (type == DatabaseType.POSTGRESQL) {
            s.executeUpdate(insert + " ON CONFLICT (" + table.key().stream().map(dialect::quote)
                    .collect(Collectors.joining(", ")) + ") DO NOTHING");
            s.execute("TRUNCATE " + name);
        } else {
            // Qualified: in INSERT ... SELECT a bare name could mean the selected table's column too.
            String first = target + "." + dialect.quote(table.key().get(0));
            s.executeUpdate(insert + " ON DUPLICATE KEY UPDATE " + first + " = " + first);
            s.executeUpdate("DELETE FROM " + name);
        }
    }
}
