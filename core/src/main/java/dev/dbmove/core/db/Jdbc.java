package dev.dbmove.core.db;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.dialect.Dialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Single connections for short tasks (preflight, status); long-running work uses {@link DataSources}. */
public final class Jdbc {
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

    private Jdbc() {
    }

    /**
     * Opens a connection or fails with a {@link DbmoveException} that explains why.
     *
     * @param side "source" or "target", for the message
     */
    public static Connection connect(Endpoint endpoint, String side, int connectTimeoutSeconds) {
        return connect(endpoint, side, connectTimeoutSeconds, new Properties());
    }

    /** {@link #connect(Endpoint, String, int)} with driver properties of the caller's ({@code allowLocalInfile}). */
    public static Connection connect(Endpoint endpoint, String side, int connectTimeoutSeconds, Properties extra) {
        Dialect dialect = Dialect.of(endpoint.type());
        Properties props = dialect.jdbcProperties(endpoint, connectTimeoutSeconds);
        props.putAll(extra);
        // A server that accepts TCP but never answers must not hang a preflight.
        // (MySQL drivers count milliseconds, the PostgreSQL driver seconds.)
        int handshakeTimeout = connectTimeoutSeconds * 3;
        props.setProperty("socketTimeout",
                Integer.toString(endpoint.type().isMySqlFamily() ? handshakeTimeout * 1000 : handshakeTimeout));
        try {
            Connection c = DriverManager.getConnection(dialect.jdbcUrl(endpoint), props);
            // Queries after the handshake may be slow (catalogs of big schemas): no socket timeout for them.
            c.setNetworkTimeout(Runnable::run, 0);
            return c;
        } catch (SQLException e) {
            throw ConnectionFailure.explain(e, endpoint, side);
        }
    }

    public static Connection connect(Endpoint endpoint, String side) {
        return connect(endpoint, side, DEFAULT_CONNECT_TIMEOUT_SECONDS);
    }

    /** MySQL or MariaDB as the server says, whatever the job file says; PostgreSQL as is. */
    public static DatabaseType flavour(Connection c, DatabaseType configured) throws SQLException {
        if (!configured.isMySqlFamily()) {
            return configured;
        }
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return flavourOfVersion(rs.getString(1));
        }
    }

    /** MariaDB when a MySQL-family server's {@code VERSION()} says so, else MySQL. */
    public static DatabaseType flavourOfVersion(String version) {
        return version.toLowerCase(java.util.Locale.ROOT).contains("mariadb") ? DatabaseType.MARIADB : DatabaseType.MYSQL;
    }
}
