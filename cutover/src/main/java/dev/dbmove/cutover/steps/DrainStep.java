package dev.dbmove.cutover.steps;

import dev.dbmove.config.Durations;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.status.SourcePosition;
import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Waits, once the source is frozen, until the target has applied everything the source wrote:
 * the source's current position is read, and the step ends when what replicates the job has
 * applied it (not when a timestamp looks old enough): the applied position a replicator process
 * stores with the data, or for Kafka Connect the source connector's committed offset and then
 * every partition's records in the target (see {@link Replication#left}).
 *
 * <p>For a PostgreSQL source the replication slot's confirmed position counts too: WAL written
 * for other databases moves the server's position without a change for the job, and the
 * replicator confirms a position to the slot only after the target committed everything before it.
 */
final class DrainStep implements Step {
    static final String NAME = "drain";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final Cutover cutover;
    private volatile boolean drainedHere;

    DrainStep(Cutover cutover) {
        this.cutover = cutover;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepKind kind() {
        return StepKind.DRAIN;
    }

    @Override
    public List<String> preflight() {
        return List.of();
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
                SourcePosition.Lag left = cutover.replication().left(source, type, target, context);
                if (left != null && left.amount() == 0) {
                    drainedHere = true;
                    context.progress("drained: the target has applied the source up to " + target);
                    return;
                }
                if (!context.now().plus(POLL).isBefore(deadline)) {
                    throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the target had not applied the source's"
                            + " last changes after " + Durations.format(timeout) + " (cutover.drainTimeout): "
                            + describe(left) + " left" + trouble(),
                            "look at dbmove status for " + cutover.replication().what() + "'s errors; raise"
                                    + " cutover.drainTimeout if it is only slow");
                }
                if (Duration.between(reported, context.now()).compareTo(REPORT_EVERY) >= 0) {
                    context.progress(describe(left) + " left to apply" + trouble());
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



    /** Reverses what the drain did to speed itself up (a Kafka Connect source connector stopped early). */
    @Override
    public void undo(StepContext context) throws Exception {
        cutover.replication().undoDrain(context);
    }

    @Override
    public boolean undoable() {
        return cutover.replication().reversible();
    }

    private String trouble() {
        String trouble = cutover.replication().trouble();
        return trouble == null ? "" : "; " + trouble;
    }

    private static String describe(SourcePosition.Lag lag) {
        return lag == null ? "an unknown amount" : lag.amount() + " " + lag.unit();
    }
}
