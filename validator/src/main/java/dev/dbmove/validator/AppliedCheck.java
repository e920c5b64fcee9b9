package dev.dbmove.validator;

import dev.dbmove.core.DatabaseType;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * How the validator learns what replication has applied to the target, so that a difference
 * seen while changes are in flight counts only once the target has caught up with the source.
 * The default reads a dbmove replicator process's applied position from the state schema; a job
 * Kafka Connect runs has one of its own (the connectors' offsets and the sink's partitions).
 */
public interface AppliedCheck {
    /** Whether replication is applying changes to the target now; read once, when a validation begins. */
    boolean online();

    /**
     * Whether the target has applied everything the source wrote up to {@code position};
     * asked again and again (every 200 ms) until it has or the settle timeout passed.
     *
     * @param source a connection to the source, for position arithmetic
     * @param asked  when the wait for this position began
     */
    boolean applied(Connection source, DatabaseType sourceEngine, String position, Instant asked) throws SQLException;
}
