package dev.dbmove.cutover.steps;

import dev.dbmove.core.state.JobState;
import dev.dbmove.core.status.StatusReader;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.time.Duration;

/**
 * Stops the replicator cleanly, wherever it runs: asked through the state schema, which it reads
 * once a second. Its position stays saved, so {@code dbmove replicate} resumes it after a
 * rollback. Not undone: dbmove cannot start a process on another machine; the rollback's report
 * says to start it again.
 */
final class StopReplicatorStep extends OneWayStep {
    static final String NAME = "stop the replicator";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Cutover cutover;

    StopReplicatorStep(Cutover cutover) {
        super(NAME, StepKind.OTHER);
        this.cutover = cutover;
    }



    @Override
    public String describe() {
        return NAME + ": ask it to stop cleanly (its position stays saved in the target)";
    }


    @Override
    public void run(StepContext context) throws Exception {
        if (!running()) {
            return;
        }
        cutover.state().requestStop();
        context.progress("asked the replicator to stop");
        if (!await(context, WAIT, () -> !running())) {
            JobState job = cutover.state().job();
            throw new IllegalStateException("the replicator on " + job.replicatorHost() + " (pid " + job.replicatorPid()
                    + ") did not stop within " + WAIT.toSeconds() + " s of being asked; stop it (SIGTERM) and"
                    + " resume the cutover with --resume");
        }
    }

    private boolean running() {
        return StatusReader.replicatorAlive(cutover.state().job(), cutover.clock().instant());
    }

    @Override
    public void check(StepContext context) {
        if (running()) {
            throw new IllegalStateException("the replicator is still running");
        }
    }


}
