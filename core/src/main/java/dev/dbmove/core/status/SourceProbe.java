package dev.dbmove.core.status;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.db.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads a source's current position, and how far an applied position is behind it, over
 * one connection kept open between readings and opened again after a failure.
 */
public final class SourceProbe implements AutoCloseable {
    /** The source's position now, and the lag of the applied position (null when they cannot be compared). */
    public record Reading(String position, SourcePosition.Lag lag) {
    }

    private final Endpoint source;
    private Connection connection;

    public SourceProbe(Endpoint source) {
        this.source = source;
    }

    /** @throws SQLException when the source cannot be asked; the connection is closed and opened on the next call */
    public Reading read(String appliedPosition) throws SQLException {
        try {
            if (connection == null || connection.isClosed()) {
                connection = Jdbc.connect(source, "source");
            }
            String current = SourcePosition.current(connection, source.type());
            return new Reading(current, SourcePosition.lag(connection, source.type(), current, appliedPosition));
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
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
