package dev.dbmove.core.state;

import java.time.Instant;

/**
 * The last validation of one table.
 *
 * @param result         {@code identical}, {@code differs}, {@code pending} (rows still changing when it ended) or
 *                       {@code error}
 * @param detail         what differed, for people; null when identical
 * @param startedAt      when the table's comparison began; null when unknown
 * @param finishedAt     when it ended
 * @param sourceRows     rows counted on the source, -1 when unknown (and so for the other counts)
 * @param sourcePosition the source position the result holds for, null when unknown
 */
public record ValidationState(String table, String result, String detail, Instant startedAt, Instant finishedAt,
                              long sourceRows, long targetRows, long mismatched, long extraOnSource,
                              long extraOnTarget, long pending, String sourcePosition) {

    public ValidationState(String table, String result, String detail, Instant finishedAt) {
        this(table, result, detail, null, finishedAt, -1, -1, -1, -1, -1, -1, null);
    }

    public boolean identical() {
        return "identical".equals(result);
    }
}
