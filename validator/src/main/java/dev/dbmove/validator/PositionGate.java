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
        boolean online = false;
        if (state != null) {
            JobState job = state.job();
            // Not the phase: a replicator resumed in streaming leaves it as it was. Its heartbeat says it runs.
            online = job != null && job.heartbeatAt() != null
                    && Duration.between(job.heartbeatAt(), clock.instant()).compareTo(StatusReader.ALIVE) <= 0
                    && (job.stoppedAt() == null || job.stoppedAt().isBefore(job.heartbeatAt()));
        }
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
                return sourceEngine == DatabaseType.POSTGRESQL && slotConfirmed(position);
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

    /**
     * Whether the job's replication slot has confirmed the position. WAL written for other tables and databases
     * moves the server's position without a change for the job, so its applied position may never reach it; but
     * dbmove confirms a position to the slot (Debezium's heartbeats carry it forward) only after the target
     * transaction holding everything before it has committed.
     */
    private boolean slotConfirmed(String position) throws SQLException {
        try (java.sql.PreparedStatement ps = source.prepareStatement(
                "SELECT confirmed_flush_lsn >= CAST(? AS pg_lsn) FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, position);
            ps.setString(2, slot);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
