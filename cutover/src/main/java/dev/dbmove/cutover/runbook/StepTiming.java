package dev.dbmove.cutover.runbook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt at a step's action or undo, as the journal shows it.
 *
 * @param step    the step's name; never null
 * @param kind    the step's kind, {@link StepKind#OTHER} when the plan no longer has the step
 * @param undo    whether this was the undo rather than the action
 * @param start   when it began; never null
 * @param end     when it ended; null when {@link Outcome#INTERRUPTED}
 * @param outcome how it ended; never null
 * @param detail  the error message of a failure, or a note; null when there is none
 */
public record StepTiming(String step, StepKind kind, boolean undo, Instant start, Instant end, Outcome outcome,
                         String detail) {
    public enum Outcome {
        DONE, FAILED, UNDONE, UNDO_FAILED,
        /** The journal shows a beginning and no end: the process died, or another attempt began. */
        INTERRUPTED
    }

    public StepTiming {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(outcome, "outcome");
        if ((end == null) != (outcome == Outcome.INTERRUPTED)) {
            throw new IllegalArgumentException("only an interrupted attempt has no end: " + outcome + ", end " + end);
        }
    }

    /** How long it took; empty when it was interrupted. */
    public Optional<Duration> duration() {
        return end == null ? Optional.empty() : Optional.of(Duration.between(start, end));
    }

    /** Whether it ended well: the action done or the undo made. */
    public boolean succeeded() {
        return outcome == Outcome.DONE || outcome == Outcome.UNDONE;
    }

    /**
     * The attempts a run's journal shows, in the order they began. A beginning followed by another
     * beginning of the same step (and the same side, action or undo) without an end between them
     * is an {@link Outcome#INTERRUPTED} attempt.
     *
     * @param kinds the kind of each step by name
     */
    public static List<StepTiming> fromJournal(List<JournalEntry> entries, Map<String, StepKind> kinds) {
        List<StepTiming> timings = new ArrayList<>();
        // Index in timings of the open attempt per step and side; an open attempt holds a placeholder.
        Map<String, Integer> open = new HashMap<>();
        for (JournalEntry entry : entries) {
            if (!(entry.event() instanceof StepEvent event)) {
                continue;
            }
            String key = (event.undo() ? "undo:" : "action:") + entry.step();
            StepKind kind = kinds.getOrDefault(entry.step(), StepKind.OTHER);
            Integer index = open.remove(key);
            if (event.begins()) {
                if (index != null) {
                    timings.set(index, interrupted(timings.get(index)));
                }
                open.put(key, timings.size());
                timings.add(new StepTiming(entry.step(), kind, event.undo(), entry.at(), null, Outcome.INTERRUPTED,
                        entry.detail()));
            } else {
                Outcome outcome = switch (event) {
                    case DONE -> Outcome.DONE;
                    case FAILED -> Outcome.FAILED;
                    case UNDONE -> Outcome.UNDONE;
                    default -> Outcome.UNDO_FAILED;
                };
                if (index == null) { // an end whose beginning the journal lost: it took no time we know of
                    timings.add(new StepTiming(entry.step(), kind, event.undo(), entry.at(), entry.at(), outcome,
                            entry.detail()));
                } else {
                    StepTiming begun = timings.get(index);
                    timings.set(index, new StepTiming(begun.step(), kind, begun.undo(), begun.start(), entry.at(),
                            outcome, entry.detail()));
                }
            }
        }
        return List.copyOf(timings);
    }

    private static StepTiming interrupted(StepTiming t) {
        return new StepTiming(t.step(), t.kind(), t.undo(), t.start(), null, Outcome.INTERRUPTED, t.detail());
    }
}
