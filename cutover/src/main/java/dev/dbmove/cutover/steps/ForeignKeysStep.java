package dev.dbmove.cutover.steps;

import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.util.List;

/**
 * Creates the target's foreign keys when replication left them out (Kafka Connect's sink tasks
 * apply their partitions independently, so a child row may arrive before its parent): after
 * replication has stopped and before the applications start on the target. The undo drops them,
 * so that the resumed connectors can apply out of order again.
 */
final class ForeignKeysStep implements Step {
    static final String NAME = "foreign keys";

    private final Cutover cutover;

    ForeignKeysStep(Cutover cutover) {
        this.cutover = cutover;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return NAME + ": create the target's foreign keys, left out while " + cutover.replication().what()
                + " applied partitions independently";
    }

    @Override
    public StepKind kind() {
        return StepKind.OTHER;
    }

    @Override
    public List<String> preflight() {
        return List.of();
    }

    @Override
    public void run(StepContext context) throws Exception {
        int made = cutover.replication().createForeignKeys(context);
        context.progress(made + " foreign key(s) in place");
    }

    @Override
    public void check(StepContext context) {
        // run() throws when a key cannot be made
    }

    @Override
    public void undo(StepContext context) throws Exception {
        int dropped = cutover.replication().dropForeignKeys(context);
        context.progress(dropped + " foreign key(s) dropped, so that replication can resume");
    }
}
