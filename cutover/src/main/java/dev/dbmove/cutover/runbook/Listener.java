package dev.dbmove.cutover.runbook;

import java.time.Instant;
import java.util.List;

/**
 * Hears what the {@link Runbook} does, as it does it, to show the operator. Called on the
 * runbook's thread, except {@link #progress}, which a step may call from a thread of its own.
 * A listener must not throw: the runbook does not expect it to, and could be stopped half way.
 * Every method does nothing unless overridden.
 */
public interface Listener {
    Listener NONE = new Listener() {
    };

    /** Preflights found problems, each "step: problem"; nothing will run. */
    default void preflightFailed(List<String> problems) {
    }

    /**
     * A step's action begins, or its undo when {@code undo}.
     *
     * @param recheck true when only the check of an interrupted action runs first (on a resume)
     */
    default void stepStarted(Step step, boolean undo, boolean recheck, Instant at) {
    }

    /** A step's action or undo ended, well or not. */
    default void stepFinished(StepTiming timing) {
    }

    /** A step is passed over, e.g. "done before the crash" or "nothing to undo". */
    default void stepSkipped(Step step, String reason) {
    }

    /** A line from a step about a long action. */
    default void progress(Step step, String message) {
    }

    /** Something the operator should know that does not stop the run, e.g. a journal that could not be written. */
    default void warning(String message) {
    }
}
