package dev.dbmove.core.state;

import java.time.Instant;

/**
 * The last validation of one table.
 *
 * @param result     {@code identical} or {@code differs}
 * @param detail     what differed, for people; null when identical
 * @param finishedAt when the validation ended
 */
public record ValidationState(String table, String result, String detail, Instant finishedAt) {
}
