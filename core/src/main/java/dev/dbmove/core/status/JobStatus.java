package dev.dbmove.core.status;

import java.time.Instant;
import java.util.List;

/**
 * A job as {@code dbmove status} shows it, read from the target's state schema and the
 * source's current position.
 *
 * @param phase                  the stored phase (created, snapshot, streaming, stopped, error)
 * @param asOf                   when this was read
 * @param replicator             whether a replicator runs, and who and since when
 * @param lagSeconds             now minus the source commit time of the oldest change not yet applied, 0 when none
 *                               is pending; null when it cannot be known
 * @param sourcePosition         the source's current log position, null when the source could not be asked
 * @param appliedPosition        the source position of the last change committed to the target
 * @param positionLag            source position minus applied position, in {@code positionLagUnit}; null when unknown
 * @param positionLagUnit        {@code bytes} (binlog file/offset, PostgreSQL WAL) or {@code transactions} (GTIDs)
 * @param eventsPerSecond        changes applied per second over the last 10 seconds
 * @param eventsPerSecondHistory the same, one value per 10 seconds, oldest first, up to the last 10 minutes
 * @param sourceProblem          why the source could not be asked, or null
 */
public record JobStatus(String job, String phase, Instant asOf, ReplicatorProcess replicator, Double lagSeconds,
                        String sourcePosition, String appliedPosition, Long positionLag, String positionLagUnit,
                        double eventsPerSecond, List<Double> eventsPerSecondHistory, Instant appliedCommitTime,
                        String lastError, String sourceProblem, List<TableStatus> tables) {
    public JobStatus {
        eventsPerSecondHistory = List.copyOf(eventsPerSecondHistory);
        tables = tables.stream().sorted(TableStatus.ATTENTION_FIRST).toList();
    }

    /**
     * The same status with the lag measured by what replicates the job when no dbmove process does
     * (Kafka Connect: from the sink's partitions): the job's, and each table's by name (a table not
     * in the map keeps its own).
     */
    public JobStatus withLag(Double lag, java.util.Map<String, Double> tableLags) {
        List<TableStatus> lagged = tables.stream().map(t -> !tableLags.containsKey(t.name()) ? t
                : new TableStatus(t.name(), t.phase(), t.rowsCopied(), t.rowsEstimated(), t.copyRowsPerSecond(),
                t.etaSeconds(), t.inserts(), t.updates(), t.deletes(), t.ddl(), tableLags.get(t.name()), t.lastError(),
                t.validation(), t.validatedAt())).toList();
        return new JobStatus(job, phase, asOf, replicator, lag, sourcePosition, appliedPosition, positionLag,
                positionLagUnit, eventsPerSecond, eventsPerSecondHistory, appliedCommitTime, lastError, sourceProblem,
                lagged);
    }

    /**
     * The replicator process of the job.
     *
     * @param running     whether it is alive: it wrote its heartbeat within the last {@code 10} seconds and has
     *                    not stopped
     * @param note        one line for people: "running on host (pid 12) since ...", "not running since ..."
     */
    public record ReplicatorProcess(boolean running, String host, Long pid, Instant startedAt, Instant stoppedAt,
                                    Instant heartbeatAt, String note) {
    }
}
