package dev.dbmove.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a cutover run's journal, as stored in the state schema. The cutover module
 * gives the events their meaning; the state store only keeps them in order.
 *
 * @param runId  the run's id; never null
 * @param seq    the entry's place in its run, from 1
 * @param step   the step's name; null for an entry about the run as a whole
 * @param event  what happened, e.g. {@code started} or {@code done}; never null
 * @param at     when; never null
 * @param detail for people, e.g. a step's error message; null when there is none
 */
public record CutoverJournalEntry(String runId, long seq, String step, String event, Instant at, String detail) {
    public CutoverJournalEntry {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        if (seq < 1) {
            throw new IllegalArgumentException("a journal entry's seq starts at 1, not " + seq);
        }
    }
}
