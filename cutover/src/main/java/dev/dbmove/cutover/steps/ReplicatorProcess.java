package dev.dbmove.cutover.steps;

import dev.dbmove.core.state.JobState;
import dev.dbmove.core.status.StatusReader;

import java.time.Duration;
import java.time.Instant;

/** Whether the job's replicator runs, read from its heartbeat in the state schema, as {@code dbmove status} reads it. */
final class ReplicatorProcess {
    private ReplicatorProcess() {
    }

    static boolean alive(JobState job, Instant now) {
        return job != null && job.heartbeatAt() != null
                && Duration.between(job.heartbeatAt(), now).compareTo(StatusReader.ALIVE) <= 0
                && (job.stoppedAt() == null || job.stoppedAt().isBefore(job.heartbeatAt()));
    }
}
