package dev.dbmove.cutover.runbook;

/** What a step does, as far as the {@link DowntimeReport} is concerned. */
public enum StepKind {
    /** Stops applications: the first one's start begins their downtime. */
    STOP,
    /** Makes the source read-only: begins the write-freeze window. */
    FREEZE,
    /** Waits until the target has applied every change up to the freeze. */
    DRAIN,
    /** Compares source and target. */
    VERIFY,
    /** Moves the target's sequences past the copied values. */
    SEQUENCES,
    /** Rewrites the applications' settings to point at the target. */
    REWRITE,
    /** Starts applications: the last one's end ends the write-freeze window. */
    START,
    /** Checks that the applications work: the first one to pass ends their downtime. */
    HEALTH,
    OTHER
}
