package dev.dbmove.cutover.runbook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One invocation of a {@link Runbook}: the run's journal so far, what this invocation adds to
 * it, and the running of steps and undos. Used once, on one thread.
 */
final class Execution {
    private final List<Step> steps;
    private final Map<String, StepKind> kinds;
    private final Journal journal;
    private final Clock clock;
    private final Listener listener;
    private final String runId;
    private final List<JournalEntry> entries;
    private final List<String> warnings = new ArrayList<>();
    private final boolean autoRollback;
    private long seq;
    private boolean threadInterrupted;

    /**
     * @param previous the run's journal before this invocation
     * @param kinds    each step's kind by name, for the timings
     */
    Execution(List<Step> steps, Map<String, StepKind> kinds, Journal journal, Clock clock, Listener listener, String runId,
              List<JournalEntry> previous, boolean autoRollback) {
        this.steps = steps;
        this.kinds = kinds;
        this.journal = journal;
        this.clock = clock;
        this.listener = listener;
        this.runId = runId;
        this.entries = new ArrayList<>(previous);
        this.autoRollback = autoRollback;
        this.seq = previous.isEmpty() ? 0 : previous.get(previous.size() - 1).seq();
    }

    /**
     * Runs the steps from {@code from} on, then journals the run's outcome.
     *
     * @param interruptedAt the step whose earlier attempt began and did not end as done, or -1
     */
    Result forward(int from, int interruptedAt) {
        List<Step> done = new ArrayList<>(steps.subList(0, from));
        for (int i = from; i < steps.size(); i++) {
            Step step = steps.get(i);
            String error = attempt(step, i == interruptedAt);
            if (error == null) {
                done.add(step);
                continue;
            }
            String why = "step '" + step.name() + "' failed: " + error;
            if (!autoRollback) {
                return finish(RunOutcome.FAILED, why);
            }
            List<Step> toUndo = new ArrayList<>(done);
            toUndo.add(step);
            Collections.reverse(toUndo);
            boolean undone = undo(toUndo, Set.of(step.name()));
            return finish(undone ? RunOutcome.ROLLED_BACK : RunOutcome.FAILED_ROLLBACK, why);
        }
        return finish(RunOutcome.COMPLETED, null);
    }

    /** Runs a step's action and check, or only the check of an interrupted one; the error, or null when done. */
    private String attempt(Step step, boolean interrupted) {
        StepContext context = new StepContext(runId, step, interrupted, clock, listener);
        JournalEntry began = add(step, StepEvent.STARTED,
                interrupted ? "resumed: checks whether the interrupted attempt took effect" : null);
        Instant start = began.at();
        try {
            journal.append(began);
            listener.stepStarted(step, false, interrupted, start);
            boolean inEffect = false;
            if (interrupted) {
                try {
                    step.check(context);
                    inEffect = true;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    listener.progress(step, "the interrupted attempt has not taken effect (" + Runbook.message(e)
                            + "): running the action again");
                }
            }
            if (!inEffect) {
                step.run(context);
                step.check(context);
            }
            JournalEntry end = record(step, StepEvent.DONE, inEffect ? "the interrupted attempt had taken effect" : null);
            listener.stepFinished(new StepTiming(step.name(), step.kind(), false, start, end.at(),
                    StepTiming.Outcome.DONE, end.detail()));
            return null;
        } catch (Exception e) {
            noteInterrupt(e);
            String error = Runbook.message(e);
            JournalEntry end = recordQuietly(step, StepEvent.FAILED, error);
            listener.stepFinished(new StepTiming(step.name(), step.kind(), false, start, end.at(),
                    StepTiming.Outcome.FAILED, error));
            return error;
        }
    }

    /**
     * Undoes the steps in the order given, going on past failures.
     *
     * @param partial names of the steps whose action may have run in part
     * @return whether every undo succeeded
     */
    boolean undo(List<Step> toUndo, Set<String> partial) {
        boolean all = true;
        for (Step step : toUndo) {
            if (!step.undoable()) {
                listener.stepSkipped(step, "nothing to undo");
                continue;
            }
            StepContext context = new StepContext(runId, step, partial.contains(step.name()), clock, listener);
            Instant start = recordQuietly(step, StepEvent.UNDO_STARTED, null).at();
            listener.stepStarted(step, true, false, start);
            try {
                step.undo(context);
                JournalEntry end = recordQuietly(step, StepEvent.UNDONE, null);
                listener.stepFinished(new StepTiming(step.name(), step.kind(), true, start, end.at(),
                        StepTiming.Outcome.UNDONE, null));
            } catch (Exception e) {
                noteInterrupt(e);
                all = false;
                String error = Runbook.message(e);
                JournalEntry end = recordQuietly(step, StepEvent.UNDO_FAILED, error);
                listener.stepFinished(new StepTiming(step.name(), step.kind(), true, start, end.at(),
                        StepTiming.Outcome.UNDO_FAILED, error));
            }
        }
        return all;
    }

    Result finish(RunOutcome outcome, String detail) {
        recordQuietly(null, outcome, detail);
        if (threadInterrupted) {
            Thread.currentThread().interrupt();
        }
        return result(outcome, List.of());
    }

    Result result(RunOutcome outcome, List<String> problems) {
        return new Result(runId, outcome, problems, DowntimeReport.of(StepTiming.fromJournal(entries, kinds)), warnings);
    }

    /** Journals an entry; throws when the journal cannot take it (the entry still counts for the result). */
    JournalEntry record(Step step, JournalEvent event, String detail) {
        JournalEntry entry = add(step, event, detail);
        journal.append(entry);
        return entry;
    }

    /** Journals an entry; when the journal cannot take it, says so in a warning. */
    JournalEntry recordQuietly(Step step, JournalEvent event, String detail) {
        JournalEntry entry = add(step, event, detail);
        try {
            journal.append(entry);
        } catch (RuntimeException e) {
            String warning = "the journal (" + journal.where() + ") could not record "
                    + (step == null ? "the run " : "step '" + step.name() + "' ") + event.stored() + ": " + Runbook.message(e);
            warnings.add(warning);
            listener.warning(warning);
        }
        return entry;
    }

    /** The next entry, now, counted for the result whether or not the journal takes it. */
    private JournalEntry add(Step step, JournalEvent event, String detail) {
        JournalEntry entry = new JournalEntry(runId, ++seq, step == null ? null : step.name(), event, clock.instant(),
                detail);
        entries.add(entry);
        return entry;
    }

    private void noteInterrupt(Exception e) {
        if (e instanceof InterruptedException) {
            threadInterrupted = true;
        }
    }
}
