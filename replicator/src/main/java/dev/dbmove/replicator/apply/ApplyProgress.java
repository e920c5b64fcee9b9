package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the applier holds but has not yet committed, for lag: the source commit time of the
 * oldest such change, overall and per table; and how many changes it committed. The applier
 * writes, the reporter thread reads.
 */
public final class ApplyProgress {
    private final Map<TableId, Instant> pendingSince = new HashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private volatile String appliedPosition;

    /** A change the applier received and will write. */
    synchronized void received(TableId table, Instant sourceCommitTime) {
        if (sourceCommitTime != null) {
            pendingSince.merge(table, sourceCommitTime, (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    /** Everything received so far is committed, or given back (the engine delivers it again). */
    synchronized void settled() {
        pendingSince.clear();
    }

    /** A commit of this many changes, up to this source position. */
    void applied(long changes, String position) {
        applied.addAndGet(changes);
        appliedPosition = position;
    }

    /** The source position of the last commit in this process, or null before the first. */
    public String appliedPosition() {
        return appliedPosition;
    }

    /** Changes committed to the target since this process started. */
    public long appliedTotal() {
        return applied.get();
    }

    /** Per table, the oldest change held unapplied. */
    public synchronized Map<TableId, Instant> pendingSince() {
        return Map.copyOf(pendingSince);
    }

    /** The oldest change held unapplied, or null. */
    public synchronized Instant oldestPending() {
        return pendingSince.values().stream().min(Instant::compareTo).orElse(null);
    }
}
