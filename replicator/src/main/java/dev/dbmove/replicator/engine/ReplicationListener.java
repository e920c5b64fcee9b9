package dev.dbmove.replicator.engine;

import dev.dbmove.core.TableId;
import dev.dbmove.replicator.apply.ChangeApplier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a running replication tells the console (and, later, metrics). Calls come from the apply thread. */
public interface ReplicationListener {
    /** The plan: tables and their estimated rows; {@code snapshot} is false when resuming a streaming job. */
    default void started(List<TableId> tables, Map<TableId, Long> estimatedRows, boolean snapshot) {
    }

    default void committed(Map<TableId, ChangeApplier.TableCounts> counts, Instant lastSourceCommit) {
    }

    default void snapshotCompleted() {
    }

    default void message(String line) {
    }

    /** The job's counters as stored when this run began (totals since the job started). */
    default void stored(List<dev.dbmove.core.state.TableState> tables) {
    }

    /** A target transaction of {@code changes} changes committed, {@code nanos} after its first change was written. */
    default void batchCommitted(long changes, long nanos) {
    }

    /**
     * Once a second: lag in seconds (0 when nothing is pending), and the position lag with its
     * unit, or null when the source could not be asked.
     */
    default void lag(double seconds, Long positionLag, String unit) {
    }

    /** A table paused, or replication failed. */
    default void error(String kind) {
    }

    /** Tells both listeners everything, {@code first} first. */
    static ReplicationListener both(ReplicationListener first, ReplicationListener second) {
        return new ReplicationListener() {
            @Override
            public void started(List<TableId> tables, Map<TableId, Long> estimatedRows, boolean snapshot) {
                first.started(tables, estimatedRows, snapshot);
                second.started(tables, estimatedRows, snapshot);
            }

            @Override
            public void committed(Map<TableId, ChangeApplier.TableCounts> counts, Instant lastSourceCommit) {
                first.committed(counts, lastSourceCommit);
                second.committed(counts, lastSourceCommit);
            }

            @Override
            public void snapshotCompleted() {
                first.snapshotCompleted();
                second.snapshotCompleted();
            }

            @Override
            public void message(String line) {
                first.message(line);
                second.message(line);
            }

            @Override
            public void stored(List<dev.dbmove.core.state.TableState> tables) {
                first.stored(tables);
                second.stored(tables);
            }

            @Override
            public void batchCommitted(long changes, long nanos) {
                first.batchCommitted(changes, nanos);
                second.batchCommitted(changes, nanos);
            }

            @Override
            public void lag(double seconds, Long positionLag, String unit) {
                first.lag(seconds, positionLag, unit);
                second.lag(seconds, positionLag, unit);
            }

            @Override
            public void error(String kind) {
                first.error(kind);
                second.error(kind);
            }
        };
    }
}
