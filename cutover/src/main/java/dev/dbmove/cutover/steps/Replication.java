package dev.dbmove.cutover.steps;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.SourcePosition;
import dev.dbmove.cutover.runbook.StepContext;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What replicates the job, as the cutover's steps reach it: a dbmove replicator process (the
 * embedded engine, {@link ProcessReplication}), or a Kafka Connect cluster running the job's
 * connectors. The readiness check asks whether it runs and how far it lags, the drain how far
 * the target is from the frozen source's position, and the stop step stops it.
 *
 * <p>Like the steps, an implementation keeps what it must know across processes in the world
 * (the state schema, the connectors' states), never only in memory: a cutover may be resumed
 * or rolled back by another process.
 */
public interface Replication {
    /** What runs the job, for messages: "the replicator", "the connectors kafka-source and kafka-sink". */
    String what();

    /**
     * Why it does not run now, worded for the operator with the fix; null when it runs.
     *
     * @param status the job as {@code dbmove status} reads it from the state and the source
     */
    String notRunning(JobStatus status);

    /** How many seconds replication lags now, compared with {@code cutover.maxLagSeconds}; null when unknown. */
    Double lagSeconds(JobStatus status);

    /**
     * One look during the drain: how much is left before the target holds everything the frozen
     * source wrote up to {@code position}; an amount of 0 when it does, null when unknown. Called
     * every 200 ms until then; it may act to speed the drain up (the undo reverses that).
     *
     * @param source a session on the source
     */
    SourcePosition.Lag left(Connection source, DatabaseType type, String position, StepContext context)
            throws SQLException, InterruptedException;

    /** Why the drain may not move on, in a few words for its progress lines ("the replicator is not running"); null when nothing is wrong. */
    String trouble();

    /**
     * Whether what the drain and the stop do can be reversed from here ({@link #undoDrain},
     * {@link #restart}): false for a process that may run on another machine.
     */
    boolean reversible();

    /** Reverses what {@link #left} did to speed a drain up; idempotent. Called only when {@link #reversible}. */
    void undoDrain(StepContext context) throws Exception;

    /** What {@link #stop} does, in a few words for the plan that {@code --dry-run} prints. */
    String describeStop();

    /** Stops replication cleanly, its position kept; returns once stopped. Idempotent. */
    void stop(StepContext context) throws Exception;

    /** Whether it has stopped (or was never running). */
    boolean stopped();

    /** Starts again what {@link #stop} stopped, from its kept position; idempotent. Called only when {@link #reversible}. */
    void restart(StepContext context) throws Exception;

    /**
     * Whether this replication leaves the target's foreign keys out while it runs (Kafka Connect's
     * sink tasks apply partitions independently): the cutover then creates them once it has stopped.
     */
    default boolean leavesForeignKeys() {
        return false;
    }

    /** Creates the foreign keys {@link #leavesForeignKeys} left out; how many. Idempotent. */
    default int createForeignKeys(StepContext context) throws Exception {
        return 0;
    }

    /** Drops them again (the undo), so that replication can resume; how many. Idempotent. */
    default int dropForeignKeys(StepContext context) throws Exception {
        return 0;
    }
}
