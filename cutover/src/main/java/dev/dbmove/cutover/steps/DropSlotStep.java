package dev.dbmove.cutover.steps;

import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * With {@code --finish}, for a PostgreSQL source: drops the job's replication slot and
 * publication once the applications run on the target. A slot nobody reads keeps WAL on the
 * source without end; without {@code --finish} it stays, so that a rollback can resume
 * replication where it stopped.
 */
final class DropSlotStep extends OneWayStep {
    static final String NAME = "drop the replication slot";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Cutover cutover;

    DropSlotStep(Cutover cutover) {
        super(NAME, StepKind.OTHER);
        this.cutover = cutover;
    }



    @Override
    public String describe() {
        return NAME + ": drop slot " + slot() + " and publication " + cutover.job().names().publication()
                + " on the source (--finish); replication cannot be resumed afterwards";
    }

    private String slot() {
        return cutover.job().names().replicationSlot();
    }


    @Override
    public void run(StepContext context) throws Exception {
        try (Connection c = cutover.sourceSession()) {
            if (!await(context, WAIT, () -> !Boolean.TRUE.equals(active(c)))) {
                throw new IllegalStateException("the replication slot " + slot() + " is still in use after "
                        + WAIT.toSeconds() + " s; stop whatever reads it and run dbmove cutover --finish again");
            }
            if (active(c) != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                    ps.setString(1, slot());
                    ps.executeQuery().close();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP PUBLICATION IF EXISTS " + Dialect.of(cutover.job().source().type())
                        .quote(cutover.job().names().publication()));
            }
            context.progress("dropped slot " + slot() + " and its publication");
        }
    }

    /** Whether the slot is in use; null when it does not exist. */
    private Boolean active(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    @Override
    public void check(StepContext context) throws SQLException {
        try (Connection c = cutover.sourceSession()) {
            if (active(c) != null) {
                throw new IllegalStateException("the slot " + slot() + " still exists");
            }
        }
    }


}
