package dev.dbmove.core.db;

import dev.dbmove.core.Endpoint;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One connection kept open between uses, opened on first use and again after {@link #close()}
 * (which a caller does after a failure, so that a dropped connection is not used twice).
 */
public final class KeptConnection implements AutoCloseable {
    private final Endpoint endpoint;
    private final String side;
    private Connection connection;

    /** @param side "source" or "target", for the message when it cannot connect */
    public KeptConnection(Endpoint endpoint, String side) {
        this.endpoint = endpoint;
        this.side = side;
    }

    /** The open connection, in autocommit mode. */
    public Connection get() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = Jdbc.connect(endpoint, side);
            connection.setAutoCommit(true);
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is going anyway
            }
            connection = null;
        }
    }
}
