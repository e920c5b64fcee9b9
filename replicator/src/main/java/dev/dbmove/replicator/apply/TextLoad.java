package dev.dbmove.replicator.apply;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The target side of the fast full load: rows arrive as text in the bulk format both
 * engines read (tab between fields, {@code \N} for NULL, backslash escapes for backslash,
 * tab, newline and carriage return) and go into the table through PostgreSQL's
 * {@code COPY ... FROM STDIN} or MySQL/MariaDB's {@code LOAD DATA LOCAL INFILE} from a
 * stream, in one transaction per chunk that also adds the chunk to the table's copied count.
 * <p>
 * {@code LOAD DATA LOCAL} turns errors into warnings (a value cut short, a duplicate key
 * skipped); any warning therefore fails the chunk and rolls it back, so nothing is changed
 * silently.
 */
public final class TextLoad implements AutoCloseable {
    private final DatabaseType type;
    private final Dialect dialect;
    private final Connection connection;
    private final boolean mariaDriver;

    private TextLoad(DatabaseType type, Connection connection) throws SQLException {
        this.type = type;
        this.dialect = Dialect.of(type);
        this.connection = connection;
        this.mariaDriver = connection.isWrapperFor(org.mariadb.jdbc.Connection.class);
        try (Statement s = connection.createStatement()) {
            if (type == DatabaseType.POSTGRESQL) {
                // Text as the source rendered it: ISO dates, instants with their offset; a lost commit on a crash of
                // the target is re-copied (a later synchronous commit, the table's phase, makes every earlier one
                // durable, WAL being written in order).
                s.execute("SET DateStyle = 'ISO, YMD'; SET IntervalStyle = postgres; SET TimeZone = 'UTC';"
                        + " SET synchronous_commit = off");
            } else {
                s.execute(MySqlWriter.SESSION);
            }
        }
        connection.setAutoCommit(false);
    }

    /** A connection of its own to the target, for one loader thread. */
    public static TextLoad open(Endpoint target) {
        Properties extra = new Properties();
        if (target.type().isMySqlFamily()) {
            extra.setProperty("allowLocalInfile", "true");
            extra.setProperty("allowLoadLocalInfile", "true");
        }
        Connection c = Jdbc.connect(target, "target", Jdbc.DEFAULT_CONNECT_TIMEOUT_SECONDS, extra);
        try {
            return new TextLoad(target.type(), c);
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the first failure is the one to report
            }
            throw new IllegalStateException("cannot set up a target session for the full load: " + e.getMessage(), e);
        }
    }

    /** Whether a MySQL/MariaDB target accepts {@code LOAD DATA LOCAL} (its {@code local_infile} is on). */
    public static boolean acceptsLocalInfile(Connection target) throws SQLException {
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.local_infile")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    public Connection connection() {
        return connection;
    }

    /**
     * Loads the rows into the table, which holds none of their keys. A key met twice fails
     * with SQLState 23xxx (on MySQL/MariaDB, from the duplicate-key warning).
     *
     * @return the rows loaded
     */
    public long load(ApplyTable table, InputStream rows, boolean binary) throws SQLException {
        return bulk(dialect.qualify(table.target()), table.columns(), rows, binary);
    }

    /**
     * Loads the rows into a temporary table of the same columns, then inserts those whose key
     * the table does not hold yet. (A key the stream deleted before the rows were read was
     * deleted at the source before the read too, since the caller reads and writes inside its
     * turn on the table: no row of it is read.)
     *
     * @return the rows read (inserted or not)
     */
    public long loadAbsent(ApplyTable table, InputStream rows, boolean binary) throws SQLException {
        Stage stage = Stage.of(type, table, columnList(table.columns()));
        try (Statement s = connection.createStatement()) {
            stage.create(s);
            long read = bulk(stage.name(), table.columns(), rows, binary);
            stage.insertAbsent(s);
            return read;
        }
    }

    /** @param binary PostgreSQL's binary COPY format (from a PostgreSQL source's binary COPY of the same types) */
    private long bulk(String into, List<ColumnInfo> columns, InputStream rows, boolean binary) throws SQLException {
        String list = columnList(columns);
        if (type == DatabaseType.POSTGRESQL) {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + into + " (" + list + ") FROM STDIN" + (binary ? " (FORMAT binary)" : ""), rows,
                                64 * 1024);
            } catch (IOException e) {
                throw new SQLException("reading the source for COPY into " + into + " failed: " + e.getMessage(), e);
            }
        }
        try (Statement s = connection.createStatement()) {
            if (mariaDriver) {
                s.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(rows);
            } else {
                s.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(rows);
            }
            long loaded = s.executeUpdate("LOAD DATA LOCAL INFILE 'dbmove.tsv' INTO TABLE " + into
                    + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
                    + " (" + list + ")");
            List<String> warnings = new ArrayList<>();
            boolean duplicate = false;
            try (ResultSet rs = s.executeQuery("SHOW WARNINGS LIMIT 5")) {
                while (rs.next()) {
                    warnings.add(rs.getString("Message"));
                    duplicate |= rs.getInt("Code") == 1062;
                }
            }
            if (!warnings.isEmpty()) {
                throw new SQLException("LOAD DATA into " + into + " was not exact: " + String.join("; ", warnings),
                        duplicate ? "23000" : "22000");
            }
            return loaded;
        }
    }

    private String columnList(List<ColumnInfo> columns) {
        return columns.stream().map(c -> dialect.quote(c.name())).collect(Collectors.joining(", "));
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    public void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is closed or broken: nothing was committed
        }
    }

    @Override
    public void close() {
        rollback();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing only
        }
    }
}
