package dev.dbmove.cutover.steps;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.state.JobState;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.SourcePosition;
import dev.dbmove.core.status.StatusReader;
import dev.dbmove.cutover.runbook.StepContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * A dbmove replicator process (the embedded engine), wherever it runs: it writes its heartbeat
 * and the applied position to the state schema with the data, and reads its stop requests from
 * there once a second. dbmove cannot start a process on another machine, so a rollback tells the
 * operator to start it again.
 */
public final class ProcessReplication implements Replication {
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final JobConfig job;
    private final StateStore state;
    private final Clock clock;

    public ProcessReplication(JobConfig job, StateStore state, Clock clock) {
        this.job = job;
        this.state = state;
        this.clock = clock;
    }

    @Override
    public String what() {
        return "the replicator";
    }

    @Override
    public String notRunning(JobStatus status) {
        if (status.replicator().running()) {
            return null;
        }
        return "the replicator is not running (" + status.replicator().note() + "): the last changes could"
                + " not reach the target; start dbmove replicate --config " + job.file()
                + " and wait until dbmove status shows it streaming with no lag";
    }

    @Override
    public Double lagSeconds(JobStatus status) {
        return status.lagSeconds();
    }

    /** How far the applied position is behind {@code position}; zero when the slot confirmed it. Null when unknown. */
    @Override
    public SourcePosition.Lag left(Connection source, DatabaseType type, String position, StepContext context)
            throws SQLException {
        JobState stored = state.job();
        SourcePosition.Lag lag = stored == null ? null : SourcePosition.lag(source, type, position, stored.appliedPosition());
        if ((lag == null || lag.amount() > 0) && type == DatabaseType.POSTGRESQL
                && SourcePosition.slotConfirmed(source, job.names().replicationSlot(), position)) {
            return new SourcePosition.Lag(0, SourcePosition.BYTES);
        }
        return lag;
    }

    @Override
    public String trouble() {
        return alive() ? null : "the replicator is not running";
    }

    @Override
    public boolean reversible() {
        return false;
    }

    @Override
    public void undoDrain(StepContext context) {
        // the drain only waited
    }

    @Override
    public String describeStop() {
        return "ask it to stop cleanly (its position stays saved in the target)";
    }

    @Override
    public void stop(StepContext context) throws Exception {
        if (!alive()) {
            return;
        }
        state.requestStop();
        context.progress("asked the replicator to stop");
        if (!OneWayStep.await(context, STOP_WAIT, () -> !alive())) {
            JobState stored = state.job();
            throw new IllegalStateException("the replicator on " + stored.replicatorHost() + " (pid "
                    + stored.replicatorPid() + ") did not stop within " + STOP_WAIT.toSeconds() + " s of being asked;"
                    + " stop it (SIGTERM) and resume the cutover with --resume");
        }
    }

    @Override
    public boolean stopped() {
        return !alive();
    }

    @Override
    public void restart(StepContext context) {
        throw new UnsupportedOperationException("a replicator process is started with dbmove replicate");
    }

    private boolean alive() {
        return StatusReader.replicatorAlive(state.job(), clock.instant());
    }
}
