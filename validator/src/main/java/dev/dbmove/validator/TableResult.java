package dev.dbmove.validator;

import java.time.Duration;
import java.util.List;

/**
 * The validation of one table.
 *
 * @param sourceRows     rows counted on the source
 * @param targetRows     rows counted on the target
 * @param matching       rows on both sides with equal values
 * @param mismatched     rows on both sides with different values
 * @param extraOnSource  rows on the source only
 * @param extraOnTarget  rows on the target only
 * @param pending        rows still changing when the run ended (validation under replication)
 * @param repaired       rows copied again from the source (or deleted from the target) by {@code --repair}
 * @param samples        up to the job's {@code validation.samples} differing rows, with their columns
 * @param sourcePosition the source position the result holds for (read when the table's comparison ended); null
 *                       when it could not be read
 * @param error          why the table could not be validated, null when it was
 */
public record TableResult(String table, long sourceRows, long targetRows, long matching, long mismatched,
                          long extraOnSource, long extraOnTarget, long pending, long repaired,
                          List<RowDifference> samples, String sourcePosition, Duration took, String error) {
    public TableResult {
        samples = List.copyOf(samples);
    }

    public static TableResult failed(String table, String error, Duration took) {
        return new TableResult(table, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), null, took, error);
    }

    /** The same counts, with an error that makes the table's result {@code error}. */
    public TableResult withError(String message) {
        return new TableResult(table, sourceRows, targetRows, matching, mismatched, extraOnSource, extraOnTarget, pending,
                repaired, samples, sourcePosition, took, message);
    }

    public long differing() {
        return mismatched + extraOnSource + extraOnTarget;
    }

    /** {@code identical}, {@code differs}, {@code pending} (nothing differs for sure, some rows unsettled) or {@code error}. */
    public String result() {
        if (error != null) {
            return "error";
        }
        if (differing() > 0) {
            return "differs";
        }
        return pending > 0 ? "pending" : "identical";
    }
}
