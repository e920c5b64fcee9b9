package dev.dbmove.cutover.runbook;

import java.util.Arrays;

/**
 * Where a cutover run stands. The journal holds one entry about the run each time this
 * changes; the newest one is the run's outcome.
 */
public enum RunOutcome implements JournalEvent {
    /** Steps are being run or undone, or the process running them died. */
    RUNNING("running"),
    /** Every step is done: the applications use the target. */
    COMPLETED("completed"),
    /** A step failed and every step begun was undone: the applications use the source again. */
    ROLLED_BACK("rolled-back"),
    /** A step failed and nothing was undone ({@code --no-rollback}). */
    FAILED("failed"),
    /** A step failed and at least one undo failed too; every other undo was still made. */
    FAILED_ROLLBACK("failed-rollback"),
    /** A preflight found problems; no action ran. */
    PREFLIGHT_FAILED("preflight-failed");

    private final String stored;

    RunOutcome(String stored) {
        this.stored = stored;
    }

    @Override
    public String stored() {
        return stored;
    }

    /**
     * Whether the run may have left the applications between source and target: it must be
     * resumed or rolled back before another cutover begins.
     */
    public boolean unfinished() {
        return this == RUNNING || this == FAILED || this == FAILED_ROLLBACK;
    }

    /** @throws IllegalArgumentException for a name no outcome has */
    public static RunOutcome fromStored(String stored) {
        return Arrays.stream(values()).filter(e -> e.stored.equals(stored)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown run outcome '" + stored + "'"));
    }
}
