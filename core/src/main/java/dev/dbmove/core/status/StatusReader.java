package dev.dbmove.core.status;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.JobState;
import dev.dbmove.core.state.LiveState;
import dev.dbmove.core.state.StateSnapshot;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.state.TableState;
import dev.dbmove.core.state.ValidationState;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a job's status from where it lives, so that it works from any machine that reaches
 * both servers, whether the replicator runs, stopped or crashed: the state schema in the
 * target (phases, counters, the replicator's heartbeat and its last report) and the source's
 * current position.
 * <p>
 * Lag in seconds is now minus the source commit time of the oldest change not yet applied,
 * 0 when none is pending. A running replicator reports that time every second for the
 * changes it holds. When no replicator runs, nothing can hold them: if the source has moved
 * past the applied position, the oldest unapplied change is no older than the moment the
 * replicator last reported, so the lag shown is now minus that moment (an upper bound).
 */
public final class StatusReader implements AutoCloseable {
    /** A replicator whose heartbeat is older than this is taken for gone. */
    public static final Duration ALIVE = Duration.ofSeconds(10);

    private final JobNames names;
    private final Clock clock;
    private final HikariDataSource targetPool;
    private final StateStore state;
    private final SourceProbe probe;
    /** The state schema was there at the first reading; it is not looked for again. */
    private boolean stateFound;

    public StatusReader(Endpoint source, Endpoint target, JobNames names, Clock clock) {
        this.names = names;
        this.clock = clock;
        this.targetPool = DataSources.pool(target, "dbmove-status", 2);
        this.state = new StateStore(target, names, targetPool, clock);
        this.probe = new SourceProbe(source);
    }

    /** The job's status now. */
    public JobStatus read() {
        if (!stateFound) {
            if (!state.exists()) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the target holds no state for job "
                        + names.job() + " (no " + names.stateSchema() + " schema)",
                        "start it with dbmove replicate --config FILE");
            }
            stateFound = true;
        }
        Instant now = clock.instant();
        StateSnapshot stored = state.snapshot();
        JobState job = stored.job();
        List<TableState> tables = stored.tables();
        LiveState live = stored.live();
        Map<String, ValidationState> validations = stored.validations();

        String sourcePosition = null;
        SourcePosition.Lag positionLag = null;
        String sourceProblem = null;
        try {
            SourceProbe.Reading reading = probe.read(job.appliedPosition());
            sourcePosition = reading.position();
            positionLag = reading.lag();
        } catch (SQLException | RuntimeException e) {
            sourceProblem = "cannot read the source's position: " + e.getMessage();
        }

        JobStatus.ReplicatorProcess process = process(job, now);
        Double lag;
        if (process.running()) {
            lag = live.pendingSince() == null ? 0.0 : seconds(live.pendingSince(), now);
        } else if (positionLag == null) {
            lag = null;
        } else if (positionLag.amount() == 0) {
            lag = 0.0;
        } else {
            Instant since = earliest(live.pendingSince(), job.heartbeatAt(), job.stoppedAt());
            lag = since == null ? null : seconds(since, now);
        }

        List<TableStatus> rows = new ArrayList<>();
        for (TableState t : tables) {
            Instant pending = live.tablePendingSince().get(t.table());
            // Boxed on both branches: a primitive one would unbox the other's null (a job no dbmove process runs).
            Double tableLag = pending != null ? Double.valueOf(seconds(pending, now))
                    : process.running() || lag != null && lag == 0 ? Double.valueOf(0.0) : null;
            Double rate = null;
            Double eta = null;
            if ("snapshot".equals(t.phase().stored()) && t.snapshotStartedAt() != null && process.running()) {
                double elapsed = seconds(t.snapshotStartedAt(), now);
                if (elapsed > 0) {
                    rate = t.rowsCopied() / elapsed;
                    if (rate > 0 && t.rowsEstimated() != null && t.rowsEstimated() > t.rowsCopied()) {
                        eta = (t.rowsEstimated() - t.rowsCopied()) / rate;
                    }
                }
            }
            ValidationState v = validations.get(t.table());
            rows.add(new TableStatus(t.table(), t.phase().stored(), t.rowsCopied(), t.rowsEstimated(), rate, eta,
                    t.inserts(), t.updates(), t.deletes(), t.ddl(), tableLag, t.lastError(),
                    v == null ? TableStatus.NOT_YET : v.result(), v == null ? null : v.finishedAt()));
        }
        return new JobStatus(names.job(), job.phase().stored(), now, process, lag, sourcePosition,
                job.appliedPosition(), positionLag == null ? null : positionLag.amount(),
                positionLag == null ? null : positionLag.unit(), process.running() ? live.eventsPerSecond() : 0,
                live.eventsPerSecondHistory(), job.appliedCommitTs(), job.lastError(), sourceProblem, rows);
    }

    /**
     * Whether the job's replicator runs now, wherever it runs: it started, wrote its heartbeat within {@link #ALIVE}
     * and has not stopped since. Not the phase: a replicator resumed in streaming leaves it as it was.
     */
    public static boolean replicatorAlive(JobState job, Instant now) {
        return job != null && job.startedAt() != null && job.heartbeatAt() != null
                && Duration.between(job.heartbeatAt(), now).compareTo(ALIVE) <= 0
                && (job.stoppedAt() == null || job.stoppedAt().isBefore(job.heartbeatAt()));
    }

    private static JobStatus.ReplicatorProcess process(JobState job, Instant now) {
        boolean running = replicatorAlive(job, now);
        String who = job.replicatorHost() == null ? "" : " on " + job.replicatorHost()
                + (job.replicatorPid() == null ? "" : " (pid " + job.replicatorPid() + ")");
        String note;
        if (job.startedAt() == null) {
            note = "the replicator never ran: start it with dbmove replicate";
        } else if (running) {
            note = "replicator running" + who + " since " + job.startedAt();
        } else if (job.stoppedAt() != null) {
            note = "replicator not running: it stopped at " + job.stoppedAt() + who;
        } else {
            note = "replicator not running: it was last seen alive at " + job.heartbeatAt() + who
                    + " and did not stop cleanly (killed or crashed); start dbmove replicate again to resume";
        }
        return new JobStatus.ReplicatorProcess(running, job.replicatorHost(), job.replicatorPid(), job.startedAt(),
                job.stoppedAt(), job.heartbeatAt(), note);
    }

    private static Instant earliest(Instant... times) {
        Instant first = null;
        for (Instant t : times) {
            if (t != null && (first == null || t.isBefore(first))) {
                first = t;
            }
        }
        return first;
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
    }

    @Override
    public void close() {
        probe.close();
        targetPool.close();
    }
}
