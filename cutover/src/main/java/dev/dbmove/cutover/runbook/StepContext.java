package dev.dbmove.cutover.runbook;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** What a step's action, check or undo is told about the run it is part of. */
public final class StepContext {
    private final String runId;
    private final Step step;
    private final boolean interrupted;
    private final Clock clock;
    private final Listener listener;

    StepContext(String runId, Step step, boolean interrupted, Clock clock, Listener listener) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.step = Objects.requireNonNull(step, "step");
        this.interrupted = interrupted;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The cutover run's id, a UUID. */
    public String runId() {
        return runId;
    }

    /**
     * True when the world may hold part of this step's effect: an earlier attempt at its action
     * (or, for an undo, at its action or undo) began and did not end in the journal as done, after
     * a crash, a failure left by {@code --no-rollback}, or in the undo of the step that failed.
     */
    public boolean interrupted() {
        return interrupted;
    }

    /** The runbook's clock, so that waits and timeouts agree with the journal's times. */
    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** A line for the operator about a long action, e.g. "12 changes left to apply". Must not contain secrets. */
    public void progress(String message) {
        listener.progress(step, message);
    }
}
