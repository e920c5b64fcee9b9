package dev.dbmove.cutover.runbook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One entry of a cutover run's journal.
 *
 * @param runId  the run's id; never null
 * @param seq    the entry's place in its run, from 1; later entries have higher numbers
 * @param step   the step's name; null for an entry about the run as a whole
 * @param event  a {@link StepEvent} when there is a step, else a {@link RunOutcome}; never null
 * @param at     when, to the microsecond (finer digits are cut, as the state schema would)
 * @param detail for people: an error message, the plan; null when there is none. Kept as given, but for
 *               NUL characters, which PostgreSQL cannot store in text: they become U+FFFD.
 */
public record JournalEntry(String runId, long seq, String step, JournalEvent event, Instant at, String detail) {
    public JournalEntry {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(event, "event");
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
        detail = detail == null ? null : detail.replace('\u0000', '\uFFFD');
        if (seq < 1) {
            throw new IllegalArgumentException("a journal entry's seq starts at 1, not " + seq);
        }
        if ((step == null) != (event instanceof RunOutcome)) {
            throw new IllegalArgumentException(step == null
                    ? "an entry about the run must have a run outcome, not " + event
                    : "an entry about step '" + step + "' must have a step event, not " + event);
        }
    }

    /**
     * An entry from its stored form.
     *
     * @throws IllegalArgumentException when the event is not one this dbmove knows
     */
    public static JournalEntry of(String runId, long seq, String step, String event, Instant at, String detail) {
        Objects.requireNonNull(event, "event");
        JournalEvent parsed = step == null ? RunOutcome.fromStored(event) : StepEvent.fromStored(event);
        return new JournalEntry(runId, seq, step, parsed, at, detail);
    }

    /** Whether the entry is about the run as a whole. */
    public boolean aboutRun() {
        return step == null;
    }
}
