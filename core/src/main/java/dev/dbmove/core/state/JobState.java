package dev.dbmove.core.state;

import java.time.Instant;

/**
 * The job as a whole, as stored (one row). Times are null until the event they name happened.
 *
 * @param sourcePosition  the source's own current log position when last looked at (for position lag)
 * @param appliedPosition source position of the last change committed to the target
 * @param appliedCommitTs source commit time of that change
 * @param appliedAt       when that change was committed to the target
 * @param replicatorPid   null when no replicator ever started
 */
public record JobState(JobPhase phase, String sourcePosition, String appliedPosition, Instant appliedCommitTs,
                       Instant appliedAt, Instant heartbeatAt, Instant startedAt, Instant stoppedAt,
                       String replicatorHost, Long replicatorPid, String lastError) {
}
