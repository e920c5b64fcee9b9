package dev.dbmove.cutover.runbook;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Runs a cutover's steps in order, journaling each, and undoes them in reverse when one fails.
 *
 * <p>The rules, in the order they apply:
 * <ol>
 *   <li>Every step's preflight runs before any action. One problem, and no action runs: the
 *       result lists every problem (exit 4 for the command).</li>
 *   <li>Each step: journal "started", run the action, run its check, journal "done".</li>
 *   <li>An action or check that throws, or a journal that cannot take a step's entry, fails the
 *       step: journal "failed"; then, with auto-rollback, undo the failed step and every done
 *       step, in reverse. An undo that throws is journaled and the others are still made.</li>
 *   <li>A resumed run skips the steps journaled done. A step the journal shows started and not
 *       done is checked first: if its check passes it is done, else its action runs again
 *       (actions are idempotent, see {@link Step}). Preflights run for the steps not yet begun.</li>
 *   <li>A rollback undoes, in reverse, every step the journal shows begun and not yet undone.</li>
 * </ol>
 * Journal entries about the run itself record its {@link RunOutcome}. Once a step may have
 * acted, a journal failure never stops an undo: it becomes a warning in the result. An
 * {@link Error} thrown by a step is not caught; the journal then shows the step started,
 * and a resume or rollback takes it from there. An interrupt of the runbook's thread counts
 * as a failure of the step it stopped; the rollback still runs, and the thread's interrupt
 * flag is set again before the result is returned.
 *
 * <p>One invocation at a time; the class holds no state between them.
 */
public final class Runbook {
    private final List<Step> steps;
    private final List<String> names;
    private final Map<String, Step> byName;
    private final Map<String, StepKind> kinds;
    private final Journal journal;
    private final Clock clock;
    private final Listener listener;

    /**
     * @param steps the plan, in order; names unique
     * @throws IllegalArgumentException when a step has no name, a blank one or one another step has
     */
    public Runbook(List<Step> steps, Journal journal, Clock clock, Listener listener) {
        this.steps = List.copyOf(steps);
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        Map<String, Step> named = new LinkedHashMap<>();
        Map<String, StepKind> stepKinds = new HashMap<>();
        for (Step step : this.steps) {
            String name = step.name();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a step has no name: " + step);
            }
            if (named.putIfAbsent(name, step) != null) {
                throw new IllegalArgumentException("two steps are named '" + name + "': the journal could not tell them apart");
            }
            stepKinds.put(name, Objects.requireNonNull(step.kind(), () -> "step '" + name + "' has no kind"));
        }
        this.names = List.copyOf(named.keySet());
        this.byName = Map.copyOf(named);
        this.kinds = Map.copyOf(stepKinds);
    }

    /**
     * A new run: every preflight, then every step.
     *
     * @param autoRollback whether a failure undoes what was done ({@code false} for {@code --no-rollback})
     * @throws DbmoveException when the journal cannot take the run's first entry; nothing was done then
     */
    public Result run(boolean autoRollback) {
        Execution x = execution(UUID.randomUUID().toString(), List.of(), autoRollback);
        List<String> problems = preflight(steps);
        if (!problems.isEmpty()) {
            listener.preflightFailed(problems);
            x.recordQuietly(null, RunOutcome.PREFLIGHT_FAILED, String.join("\n", problems));
            return x.result(RunOutcome.PREFLIGHT_FAILED, problems);
        }
        x.record(null, RunOutcome.RUNNING, steps.size() + " steps: " + String.join(", ", names));
        return x.forward(0, -1);
    }

    /**
     * Continues a run that crashed, or that failed with auto-rollback off. When the preflights of
     * the steps not yet begun find problems, nothing runs, nothing is journaled and the result's
     * outcome is {@link RunOutcome#PREFLIGHT_FAILED}; the run stays as it was.
     *
     * @param previous the run's journal, by seq
     * @throws DbmoveException when the run cannot be resumed: it completed, was rolled back or began a
     *                         rollback, never passed its preflight, or its journal names other steps
     *                         than this plan, in another order
     */
    public Result resume(List<JournalEntry> previous, boolean autoRollback) {
        RunHistory history = RunHistory.of(previous);
        history.requireResumable();
        List<String> reached = history.steps();
        requirePlanBegins(history);
        boolean lastDone = history.lastStepDone();
        int from = lastDone ? reached.size() : reached.size() - 1;
        Execution x = execution(history.runId(), previous, autoRollback);
        List<String> problems = preflight(steps.subList(reached.size(), steps.size()));
        if (!problems.isEmpty()) {
            listener.preflightFailed(problems);
            return x.result(RunOutcome.PREFLIGHT_FAILED, problems);
        }
        for (Step done : steps.subList(0, from)) {
            listener.stepSkipped(done, "done before");
        }
        x.record(null, RunOutcome.RUNNING, from == steps.size() ? "resumed after the last step"
                : "resumed at step '" + steps.get(from).name() + "'");
        return x.forward(from, lastDone ? -1 : from);
    }

    /**
     * Undoes, in reverse, every step of a run that its journal shows begun and not yet undone.
     * A run with nothing left to undo that was rolled back (or never passed its preflight)
     * is left as it is, and nothing is journaled.
     *
     * @param previous the run's journal, by seq
     * @throws DbmoveException when the journal names a step this plan does not have, or the journal
     *                         cannot take the rollback's first entry; nothing was undone then
     */
    public Result rollback(List<JournalEntry> previous) {
        RunHistory history = RunHistory.of(previous);
        List<String> unknown = history.steps().stream().filter(name -> !byName.containsKey(name)).toList();
        if (!unknown.isEmpty()) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cutover run " + history.runId()
                    + " reached steps the plan no longer has: " + quoted(unknown)
                    + "; their undo is not known, so nothing is undone",
                    "restore the job file's cutover section as it was when the run began");
        }
        List<Step> toUndo = new ArrayList<>();
        Set<String> partial = new HashSet<>();
        for (String name : history.steps()) {
            StepEvent event = history.lastEvents().get(name);
            if (event != StepEvent.UNDONE) {
                toUndo.add(byName.get(name));
            }
            if (event != StepEvent.DONE) {
                partial.add(name);
            }
        }
        Collections.reverse(toUndo);
        Execution x = execution(history.runId(), previous, true);
        boolean settled = history.outcome() == RunOutcome.ROLLED_BACK || history.outcome() == RunOutcome.PREFLIGHT_FAILED;
        if (settled && toUndo.stream().noneMatch(Step::undoable)) {
            toUndo.forEach(step -> listener.stepSkipped(step, "nothing to undo"));
            return x.result(history.outcome(), List.of());
        }
        x.record(null, RunOutcome.RUNNING, "rollback of " + toUndo.size() + " steps");
        RunOutcome outcome = x.undo(toUndo, partial) ? RunOutcome.ROLLED_BACK : RunOutcome.FAILED_ROLLBACK;
        return x.finish(outcome, null);
    }

    private Execution execution(String runId, List<JournalEntry> previous, boolean autoRollback) {
        return new Execution(steps, kinds, journal, clock, listener, runId, previous, autoRollback);
    }

    private List<String> preflight(List<Step> which) {
        List<String> problems = new ArrayList<>();
        for (Step step : which) {
            try {
                for (String problem : Objects.requireNonNull(step.preflight(), "the preflight returned null")) {
                    problems.add(step.name() + ": " + problem);
                }
            } catch (RuntimeException e) {
                problems.add(step.name() + ": the preflight itself failed: " + message(e));
            }
        }
        return problems;
    }

    /** The steps the run reached must be the plan's first ones, in the same order. */
    private void requirePlanBegins(RunHistory history) {
        List<String> reached = history.steps();
        if (reached.size() <= names.size() && names.subList(0, reached.size()).equals(reached)) {
            return;
        }
        throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the plan does not match cutover run "
                + history.runId() + ": its journal reached the steps " + quoted(reached) + ", but the plan begins "
                + quoted(names.subList(0, Math.min(names.size(), reached.size() + 1)))
                + "; the job file's cutover section changed since the run began",
                "restore the cutover section as it was when the run began, or undo the run with --rollback");
    }

    private static String quoted(List<String> names) {
        return "[" + String.join(", ", names.stream().map(n -> "'" + n + "'").toList()) + "]";
    }

    /** An exception as the operator reads it: a DbmoveException with its fix. */
    static String message(Exception e) {
        if (e instanceof DbmoveException d) {
            return d.describe();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
