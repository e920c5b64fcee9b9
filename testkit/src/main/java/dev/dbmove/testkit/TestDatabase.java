package dev.dbmove.testkit;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A fresh database on a test server, dropped on close. */
public final class TestDatabase implements AutoCloseable {
    private final DatabaseServer server;
    private final Endpoint endpoint;

    TestDatabase(DatabaseServer server, Endpoint endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    public DatabaseServer server() {
        return server;
    }

    /** Administrator credentials for this database. */
    public Endpoint endpoint() {
        return endpoint;
    }

    public String name() {
        return endpoint.database();
    }

    public Dialect dialect() {
        return Dialect.of(endpoint.type());
    }

    public Connection connect() {
        return Jdbc.connect(endpoint, "test database");
    }

    /** Runs statements in order, each in its own auto-committed transaction. */
    public void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed on " + name() + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, as a long. */
    public long queryLong(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row from: " + sql);
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + name() + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, as text (null when SQL NULL). */
    public String queryString(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row from: " + sql);
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        Dialect dialect = dialect();
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute(endpoint.type().isMySqlFamily()
                    ? "DROP DATABASE IF EXISTS " + dialect.quote(name())
                    : "DROP DATABASE IF EXISTS " + dialect.quote(name()) + " WITH (FORCE)");
        } catch (SQLException | RuntimeException e) {
            // The server may be gone already at the end of a run; the database goes with it.
        }
    }

    @Override
    public String toString() {
        return name() + " on " + server.describe();
    }
}
