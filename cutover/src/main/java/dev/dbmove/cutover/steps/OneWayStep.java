package dev.dbmove.cutover.steps;

import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A step with nothing to undo: it waits, compares, asks or moves something forward that
 * harms nothing when left (a sequence), or cannot be taken back (a dropped slot).
 */
abstract class OneWayStep implements Step {
    private final String name;
    private final StepKind kind;

    OneWayStep(String name, StepKind kind) {
        this.name = name;
        this.kind = kind;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final StepKind kind() {
        return kind;
    }

    /** A condition a step waits for; it may ask a server. */
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Asks the condition every 200 ms until it holds (true) or {@code timeout} has passed (false). */
    static boolean await(StepContext context, Duration timeout, Condition condition) throws Exception {
        Instant deadline = context.now().plus(timeout);
        while (!condition.holds()) {
            if (context.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    @Override
    public List<String> preflight() {
        return List.of();
    }

    @Override
    public final void undo(StepContext context) {
        // nothing to undo
    }

    @Override
    public final boolean undoable() {
        return false;
    }
}
