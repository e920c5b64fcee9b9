package dev.dbmove.core.state;

import java.time.Instant;

/**
 * One table's progress, as stored. Times are null until the event they name happened.
 *
 * @param table          the name the replicator registered the table under
 * @param rowsEstimated  the source's estimate at the start of the copy, or null when unknown
 * @param lastCommitTs   source commit time of the last change applied to this table
 * @param lastPosition   source position of the last change applied to this table
 */
public record TableState(String table, TablePhase phase, long rowsCopied, Long rowsEstimated,
                         long inserts, long updates, long deletes, long ddl,
                         Instant lastCommitTs, String lastPosition, String lastError,
                         Instant snapshotStartedAt, Instant snapshotCompletedAt, Instant updatedAt) {
}
