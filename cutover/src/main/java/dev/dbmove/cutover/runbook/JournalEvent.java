package dev.dbmove.cutover.runbook;

/**
 * What a journal entry records: a {@link StepEvent} for an entry about a step, a
 * {@link RunOutcome} for one about the run as a whole.
 */
public sealed interface JournalEvent permits StepEvent, RunOutcome {
    /** The name in the journal, e.g. {@code undo-started}. */
    String stored();
}
