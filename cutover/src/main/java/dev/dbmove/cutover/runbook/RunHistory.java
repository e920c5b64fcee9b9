package dev.dbmove.cutover.runbook;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run's journal says: the run's outcome, the steps it reached in the order it reached
 * them, and the last event of each.
 *
 * @param runId      never null
 * @param outcome    the newest entry about the run; {@link RunOutcome#RUNNING} when there is none
 * @param steps      every step the journal names, in the order of their first entries
 * @param lastEvents each of those steps' newest event
 * @param lastSeq    the highest seq in the journal; the next entry gets the one after
 */
public record RunHistory(String runId, RunOutcome outcome, List<String> steps, Map<String, StepEvent> lastEvents,
                         long lastSeq) {
    public RunHistory {
        steps = List.copyOf(steps);
        lastEvents = Map.copyOf(lastEvents);
    }

    /**
     * @param entries one run's journal, by seq (gaps are allowed: a journal may have missed an entry)
     * @throws DbmoveException when the entries are empty, of several runs, or out of order
     */
    public static RunHistory of(List<JournalEntry> entries) {
        if (entries.isEmpty()) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the cutover run's journal is empty",
                    "name a run that began: the journal of the latest one is read when none is named");
        }
        String runId = entries.get(0).runId();
        RunOutcome outcome = RunOutcome.RUNNING;
        Map<String, StepEvent> last = new LinkedHashMap<>();
        long seq = 0;
        for (JournalEntry e : entries) {
            if (!e.runId().equals(runId)) {
                throw new IllegalArgumentException("the entries are of two runs: " + runId + " and " + e.runId());
            }
            if (e.seq() <= seq) {
                throw new IllegalArgumentException("journal entries out of order: seq " + e.seq() + " after " + seq);
            }
            seq = e.seq();
            if (e.event() instanceof RunOutcome o) {
                outcome = o;
            } else {
                last.put(e.step(), (StepEvent) e.event());
            }
        }
        return new RunHistory(runId, outcome, new ArrayList<>(last.keySet()), last, seq);
    }

    /**
     * Refuses a run that cannot be resumed: it completed, was rolled back or began a rollback, never
     * passed its preflight, or shows a step not done before another began (which dbmove never writes).
     */
    void requireResumable() {
        String run = "cutover run " + runId;
        switch (outcome) {
            case COMPLETED -> throw refused(run + " completed: there is nothing to resume",
                    "to go back to the source, use --rollback");
            case ROLLED_BACK -> throw refused(run + " was rolled back: there is nothing to resume",
                    "start a new cutover, without --resume");
            case PREFLIGHT_FAILED -> throw refused(run + " stopped at its preflight and ran no step: there is nothing"
                    + " to resume", "start a new cutover, without --resume");
            default -> {
                if (outcome == RunOutcome.FAILED_ROLLBACK || rollbackBegun()) {
                    throw refused("a rollback of " + run + " began: resuming would redo what it undid",
                            "finish the rollback with --rollback");
                }
            }
        }
        for (String step : steps.subList(0, Math.max(0, steps.size() - 1))) {
            if (lastEvents.get(step) != StepEvent.DONE) {
                throw refused("the journal of " + run + " shows step '" + step + "' " + lastEvents.get(step).stored()
                        + " before later steps began, which dbmove never writes: it cannot tell what to resume",
                        "roll the run back with --rollback");
            }
        }
    }

    /** Whether the last step the run reached is done (true when it reached none). */
    boolean lastStepDone() {
        return steps.isEmpty() || lastEvents.get(steps.get(steps.size() - 1)) == StepEvent.DONE;
    }

    private static DbmoveException refused(String problem, String fix) {
        return new DbmoveException(ErrorCode.PRECONDITION_FAILED, problem, fix);
    }

    /** Whether any step has an undo in the journal: a rollback began. */
    public boolean rollbackBegun() {
        return lastEvents.values().stream().anyMatch(StepEvent::undo);
    }
}
