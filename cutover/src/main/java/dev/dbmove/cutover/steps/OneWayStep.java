package dev.dbmove.cutover.steps;

import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

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
