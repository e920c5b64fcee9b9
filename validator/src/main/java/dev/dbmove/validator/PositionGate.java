package dev.dbmove.validator;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.state.JobPhase;
import dev.dbmove.core.state.JobState;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.status.SourcePosition;
import dev.dbmove.core.status.StatusReader;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tells whether replication is running into the target and waits until it has applied the source past a position.
 * A difference seen while replication runs may be a change in flight: it counts only when it outlives the wait.
 */
final class PositionGate {
    private static final Duration POLL = Duration.ofMillis(200);

    private final Connection source;
    private final DatabaseType sourceEngine;
    private final StateStore state;
    private final boolean online;
    private final Clock clock;

    private PositionGate(Connection source, DatabaseType sourceEngine, StateStore state, boolean online, Clock clock) {
        this.source = source;
        this.sourceEngine = sourceEngine;
        this.state = state;
        this.online = online;
        this.clock = clock;
    }

    /**
     * @param source a connection of its own to the source, for reading positions
     * @param state  the job's state store, or null when the target holds none
     */
    static PositionGate open(Connection source, DatabaseType sourceEngine, StateStore state, Clock clock) {
        boolean online = false;
        if (state != null) {
            JobState job = state.job();
            online = job != null && job.heartbeatAt() != null && job.phase() != JobPhase.STOPPED
                    && Duration.between(job.heartbeatAt(), clock.instant()).compareTo(StatusReader.ALIVE) <= 0
                    && (job.stoppedAt() == null || job.stoppedAt().isBefore(job.heartbeatAt()));
        }
        return new PositionGate(source, sourceEngine, state, online, clock);
    }

    /** Whether a replicator is applying changes to the target now. */
    boolean online() {
        return online;
    }

    /** The source's current position, or null when the source cannot say (its log is off). */
    synchronized String sourcePosition() {
        try {
            return SourcePosition.current(source, sourceEngine);
        } catch (SQLException e) {
            return null;
        }
    }

    /** Waits until the target has applied the source up to {@code position}; false when the deadline came first. */
    boolean awaitApplied(String position, Instant deadline) throws InterruptedException {
        if (position == null) {
            return false;
        }
        while (true) {
            if (applied(position)) {
                return true;
            }
            if (!clock.instant().plus(POLL).isBefore(deadline)) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private boolean applied(String position) {
        JobState job = state.job();
        if (job == null || job.appliedPosition() == null) {
            return false;
        }
        try {
            SourcePosition.Lag lag;
            synchronized (this) {
                lag = SourcePosition.lag(source, sourceEngine, position, job.appliedPosition());
            }
            return lag != null && lag.amount() == 0;
        } catch (SQLException e) {
            return false;
        }
    }
}
