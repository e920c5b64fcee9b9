package dev.dbmove.core.status;

import java.time.Instant;
import java.util.Comparator;

/**
 * One table of a job as {@code dbmove status} shows it.
 *
 * @param name              the source table's name
 * @param phase             snapshot, streaming, paused or error
 * @param rowsCopied        rows written by the full load so far
 * @param rowsEstimated     the source's estimate when the copy began, or null when unknown
 * @param copyRowsPerSecond the copy's average rate since it began, or null when not copying
 * @param etaSeconds        seconds to the end of the copy at that rate, or null when not copying or unknown
 * @param lagSeconds        now minus the source commit time of this table's oldest change not yet applied; 0 when
 *                          none is pending, null when unknown
 * @param validation        the last validation's result ({@code identical}, {@code differs}, {@code pending} or
 *                          {@code error}), or {@code not yet}
 * @param validatedAt       when the last validation of the table ended, or null
 */
public record TableStatus(String name, String phase, long rowsCopied, Long rowsEstimated, Double copyRowsPerSecond,
                          Double etaSeconds, long inserts, long updates, long deletes, long ddl, Double lagSeconds,
                          String lastError, String validation, Instant validatedAt) {
    public static final String IDENTICAL = "identical";
    public static final String DIFFERS = "differs";
    public static final String NOT_YET = "not yet";

    /** Tables needing attention first: errors, paused, differing, copying, lagging; then by name. */
    public static final Comparator<TableStatus> ATTENTION_FIRST = Comparator.comparingInt(TableStatus::attentionRank)
            .thenComparing(t -> -(t.lagSeconds() == null ? 0 : t.lagSeconds()))
            .thenComparing(TableStatus::name);

    /** 0 = needs attention most. */
    public int attentionRank() {
        if ("error".equals(phase)) {
            return 0;
        }
        if ("paused".equals(phase)) {
            return 1;
        }
        if (DIFFERS.equals(validation) || "error".equals(validation)) {
            return 2;
        }
        if ("snapshot".equals(phase)) {
            return 3;
        }
        if (lagSeconds != null && lagSeconds >= 1) {
            return 4;
        }
        return 5;
    }

    /** Copy progress in percent, or null when the estimate is unknown. */
    public Double percentCopied() {
        if (rowsEstimated == null || rowsEstimated <= 0) {
            return null;
        }
        return Math.min(100.0, 100.0 * rowsCopied / rowsEstimated);
    }
}
