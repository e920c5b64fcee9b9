package dev.dbmove.validator;

import dev.dbmove.core.DatabaseType;
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
    private static final Duration IDLE_MARGIN = Duration.ofSeconds(2);

    private final Connection source;
    private final DatabaseType sourceEngine;
    private final StateStore state;
    private final boolean online;
    private final Clock clock;
    private final String slot;

    private PositionGate(Connection source, DatabaseType sourceEngine, StateStore state, boolean online, Clock clock,
                         String slot) {
        this.slot = slot;
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
    static PositionGate open(Connection source, DatabaseType sourceEngine, StateStore state, Clock clock, String slot) {
        boolean online = state != null && StatusReader.replicatorAlive(state.job(), clock.instant());
        return new PositionGate(source, sourceEngine, state, online, clock, slot);
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
        Instant asked = clock.instant();
        while (true) {
            if (applied(position) || reportedIdleSince(asked)) {
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
        try {
            synchronized (this) {
                if (job != null && job.appliedPosition() != null) {
                    SourcePosition.Lag lag = SourcePosition.lag(source, sourceEngine, position, job.appliedPosition());
                    if (lag != null && lag.amount() == 0) {
                        return true;
                    }
                }
                return sourceEngine == DatabaseType.POSTGRESQL && SourcePosition.slotConfirmed(source, slot, position);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Whether the replicator, in a report made well after {@code asked}, had nothing left to apply. The fallback for a
     * source whose log moves with writes the job does not capture (other tables, other databases, or the job's own
     * state on the same PostgreSQL server), so that the applied position may stay behind the current one while
     * every change of the job is applied. Changes the source committed before {@code asked} have reached the
     * replicator within the margin unless it is behind in reading, and then it has changes pending.
     */
    private boolean reportedIdleSince(Instant asked) {
        dev.dbmove.core.state.LiveState live = state.live();
        return live != null && live.reportedAt() != null && live.pendingSince() == null
                && live.reportedAt().isAfter(asked.plus(IDLE_MARGIN));
    }
}
