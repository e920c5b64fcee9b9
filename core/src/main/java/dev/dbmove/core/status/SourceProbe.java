package dev.dbmove.core.status;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.db.KeptConnection;

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
    private final KeptConnection connection;

    public SourceProbe(Endpoint source) {
        this.source = source;
        this.connection = new KeptConnection(source, "source");
    }

    /** @throws SQLException when the source cannot be asked; the connection is closed and opened on the next call */
    public Reading read(String appliedPosition) throws SQLException {
        try {
            Connection c = connection.get();
            String current = SourcePosition.current(c, source.type());
            return new Reading(current, SourcePosition.lag(c, source.type(), current, appliedPosition));
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
