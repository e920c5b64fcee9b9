package dev.dbmove.cutover.runbook;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Runbook} run, resume or rollback came to.
 *
 * @param runId    the cutover run's id
 * @param outcome  where the run stands now; {@link RunOutcome#PREFLIGHT_FAILED} when nothing ran
 *                 because of {@code problems}
 * @param problems the preflight problems, each "step: problem"; empty unless the preflight failed
 * @param downtime the downtime report, with every attempt at an action or undo of the whole run
 * @param warnings what went wrong without changing the outcome, e.g. journal entries that could not be written
 */
public record Result(String runId, RunOutcome outcome, List<String> problems, DowntimeReport downtime,
                     List<String> warnings) {
    public Result {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(outcome, "outcome");
        problems = List.copyOf(problems);
        Objects.requireNonNull(downtime, "downtime");
        warnings = List.copyOf(warnings);
    }

    /** Every attempt at an action or undo, in the order they began, with start, end and outcome. */
    public List<StepTiming> steps() {
        return downtime.steps();
    }

    /** Each failed action or undo of the run as "step: message" ("undo step: message"), in the order they began. */
    public List<String> failures() {
        return steps().stream().filter(s -> s.outcome() == StepTiming.Outcome.FAILED
                        || s.outcome() == StepTiming.Outcome.UNDO_FAILED)
                .map(s -> (s.undo() ? "undo " : "") + s.step() + ": " + s.detail()).toList();
    }

    /** Whether every step is done. */
    public boolean completed() {
        return outcome == RunOutcome.COMPLETED;
    }
}
