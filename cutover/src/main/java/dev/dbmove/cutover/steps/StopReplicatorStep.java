package dev.dbmove.cutover.steps;

import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.util.List;

/**
 * Stops what replicates the job, cleanly, wherever it runs: a replicator process is asked
 * through the state schema, which it reads once a second; a Kafka Connect job's connectors are
 * stopped through the Connect REST API. The position stays saved either way. A process cannot
 * be started again from here (it may run on another machine): a rollback's report says to; the
 * connectors are resumed by the undo.
 */
final class StopReplicatorStep implements Step {
    static final String NAME = "stop the replicator";

    private final Cutover cutover;

    StopReplicatorStep(Cutover cutover) {
        this.cutover = cutover;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepKind kind() {
        return StepKind.OTHER;
    }

    @Override
    public String describe() {
        return NAME + ": " + cutover.replication().describeStop();
    }

    @Override
    public List<String> preflight() {
        return List.of();
    }

    @Override
    public void run(StepContext context) throws Exception {
        cutover.replication().stop(context);
    }

    @Override
    public void check(StepContext context) {
        if (!cutover.replication().stopped()) {
            throw new IllegalStateException(cutover.replication().what() + " still runs");
        }
    }

    @Override
    public void undo(StepContext context) throws Exception {
        cutover.replication().restart(context);
    }

    @Override
    public boolean undoable() {
        return cutover.replication().reversible();
    }
}
