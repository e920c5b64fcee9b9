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
    private final AppliedCheck check;
    private final boolean online;
    private final Clock clock;

    private PositionGate(Connection source, DatabaseType sourceEngine, AppliedCheck check, Clock clock) {
        this.source = source;
        this.sourceEngine = sourceEngine;
        this.check = check;
        this.online = check.online();
        this.clock = clock;
    }

    /**
     * @param source a connection of its own to the source, for reading positions
     * @param check  what replication has applied
     */
    static PositionGate open(Connection source, DatabaseType sourceEngine, AppliedCheck check, Clock clock) {
        return new PositionGate(source, sourceEngine, check, clock);
    }

    /** What a dbmove replicator process has applied, from the job's state; {@code state} null when the target holds none. */
    static AppliedCheck process(StateStore state, Clock clock, String slot) {
        return new ProcessApplied(state, clock, slot);
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
            if (applied(position, asked)) {
                return true;
            }
            if (!clock.instant().plus(POLL).isBefore(deadline)) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private boolean applied(String position, Instant asked) {
        try {
            synchronized (this) {
                return check.applied(source, sourceEngine, position, asked);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** A dbmove replicator process: its applied position and reports in the state, and a PostgreSQL slot's confirmed position. */
    private record ProcessApplied(StateStore state, Clock clock, String slot) implements AppliedCheck {
        @Override
        public boolean online() {
            return state != null && StatusReader.replicatorAlive(state.job(), clock.instant());
        }

        @Override
        public boolean applied(Connection source, DatabaseType sourceEngine, String position, Instant asked)
                throws SQLException {
            JobState job = state.job();
            if (job != null && job.appliedPosition() != null) {
                SourcePosition.Lag lag = SourcePosition.lag(source, sourceEngine, position, job.appliedPosition());
                if (lag != null && lag.amount() == 0) {
                    return true;
                }
            }
            return sourceEngine == DatabaseType.POSTGRESQL && SourcePosition.slotConfirmed(source, slot, position)
                    || reportedIdleSince(asked);
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
}
