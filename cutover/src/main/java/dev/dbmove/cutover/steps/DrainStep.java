package dev.dbmove.cutover.steps;

import dev.dbmove.config.Durations;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.state.JobState;
import dev.dbmove.core.status.SourcePosition;
import dev.dbmove.core.status.StatusReader;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits, once the source is frozen, until the target has applied everything the source wrote:
 * the source's current position is read, and the step ends when the applied position the
 * replicator stores with the data has reached it (not when a timestamp looks old enough).
 *
 * <p>For a PostgreSQL source the replication slot's confirmed position counts too: WAL written
 * for other databases moves the server's position without a change for the job, and the
 * replicator confirms a position to the slot only after the target committed everything before it.
 */
final class DrainStep extends OneWayStep {
    static final String NAME = "drain";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final Cutover cutover;
    private volatile boolean drainedHere;

    DrainStep(Cutover cutover) {
        super(NAME, StepKind.DRAIN);
        this.cutover = cutover;
    }



    @Override
    public String describe() {
        return NAME + ": wait until the target has applied the source's position, at most "
                + Durations.format(cutover.job().cutover().drainTimeout());
    }


    @Override
    public void run(StepContext context) throws SQLException, InterruptedException {
        Duration timeout = cutover.job().cutover().drainTimeout();
        drainedHere = false;
        Instant deadline = context.now().plus(timeout);
        try (Connection source = cutover.sourceSession()) {
            DatabaseType type = Jdbc.flavour(source, cutover.job().source().type());
            String target = SourcePosition.current(source, type);
            context.progress("the source stands at " + target + "; waiting for the target to apply it");
            markEnd(source, type);
            Instant reported = context.now();
            while (true) {
                SourcePosition.Lag left = left(source, type, target);
                if (left != null && left.amount() == 0) {
                    drainedHere = true;
                    context.progress("drained: the target has applied the source up to " + target);
                    return;
                }
                if (!context.now().plus(POLL).isBefore(deadline)) {
                    throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the target had not applied the source's"
                            + " last changes after " + Durations.format(timeout) + " (cutover.drainTimeout): "
                            + describe(left) + " left" + (replicatorAlive() ? "" : "; the replicator is not running"),
                            "look at dbmove status for the replicator's errors; raise cutover.drainTimeout if it is only slow");
                }
                if (Duration.between(reported, context.now()).compareTo(REPORT_EVERY) >= 0) {
                    context.progress(describe(left) + " left to apply" + (replicatorAlive() ? "" : "; the replicator is not running"));
                    reported = context.now();
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /**
     * For PostgreSQL, a logical decoding message after the position: WAL written after it for
     * other databases (the target's own, on a shared server) reaches no slot of the job, so neither
     * the applied position nor the slot's would ever pass it; the message reaches the replicator,
     * which records its position once everything before it is applied.
     */
    private static void markEnd(Connection source, DatabaseType type) throws SQLException {
        if (type == DatabaseType.POSTGRESQL) {
            try (java.sql.Statement s = source.createStatement()) {
                s.executeQuery("SELECT pg_logical_emit_message(true, 'dbmove-drain', 'the source is frozen')").close();
            }
        }
    }

    @Override
    public void check(StepContext context) {
        // The source's position moves on (a PostgreSQL server's WAL with every other database's writes), so a
        // drain is known only to the run that saw the target reach the position it read; a resumed run drains again.
        if (!drainedHere) {
            throw new IllegalStateException("not known to be drained; waiting again");
        }
    }



    /** How far the applied position is behind {@code position}; zero when the slot confirmed it. Null when unknown. */
    private SourcePosition.Lag left(Connection source, DatabaseType type, String position) throws SQLException {
        JobState job = cutover.state().job();
        SourcePosition.Lag lag = job == null ? null : SourcePosition.lag(source, type, position, job.appliedPosition());
        if ((lag == null || lag.amount() > 0) && type == DatabaseType.POSTGRESQL
                && SourcePosition.slotConfirmed(source, cutover.job().names().replicationSlot(), position)) {
            return new SourcePosition.Lag(0, SourcePosition.BYTES);
        }
        return lag;
    }

    private boolean replicatorAlive() {
        return StatusReader.replicatorAlive(cutover.state().job(), cutover.clock().instant());
    }

    private static String describe(SourcePosition.Lag lag) {
        return lag == null ? "an unknown amount" : lag.amount() + " " + lag.unit();
    }
}
