package dev.dbmove.cutover.runbook;

import java.util.Arrays;

/** What happened to a step. */
public enum StepEvent implements JournalEvent {
    /** The action (or, on a resume, the re-check of an interrupted action) began. */
    STARTED("started"),
    /** The action ran and its check passed. */
    DONE("done"),
    /** The action or its check threw; the detail holds the message. */
    FAILED("failed"),
    UNDO_STARTED("undo-started"),
    UNDONE("undone"),
    /** The undo threw; the detail holds the message. */
    UNDO_FAILED("undo-failed");

    private final String stored;

    StepEvent(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    /** Whether the event belongs to the undo rather than the action. */
    public boolean undo() {
        return this == UNDO_STARTED || this == UNDONE || this == UNDO_FAILED;
    }

    /** Whether the event begins an action or an undo. */
    public boolean begins() {
        return this == STARTED || this == UNDO_STARTED;
    }

    /** @throws IllegalArgumentException for a name no step event has */
    public static StepEvent fromStored(String stored) {
        return Arrays.stream(values()).filter(e -> e.stored.equals(stored)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown step event '" + stored + "'"));
    }
}
