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
}
