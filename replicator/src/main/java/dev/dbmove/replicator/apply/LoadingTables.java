package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The tables whose rows are being copied while the change stream is already applied to
 * them: the meeting point of the stream's applier and the copy.
 * <p>
 * Why the target converges: the stream is applied to a loading table from a source
 * position L, and the copy reads each row at some moment after L. The copy inserts a row
 * only when the target has no row with its key and the stream has not deleted that key
 * since the load began; every change after L comes from the stream, in order. So a row
 * the stream never touched is the copy's (its state since L), and any other ends as its
 * last change said. The two writers take turns on a table, so each sees what the other
 * committed: the stream (and the Debezium copy) take the table whole, the fast copy's chunks,
 * which cover disjoint key ranges, may share it with each other but never with the stream.
 */
public final class LoadingTables {
    private static final int PERMITS = 64;
    private final Map<TableId, Loading> tables = new ConcurrentHashMap<>();
    private final Set<TableId> paused = ConcurrentHashMap.newKeySet();

    /** One table being copied. */
    public static final class Loading {
        /** Fair, so that the stream, waiting for every permit, is not starved by chunks taking one each. */
        private final Semaphore turn = new Semaphore(PERMITS, true);
        private final Set<List<Object>> deleted = ConcurrentHashMap.newKeySet();
        private volatile boolean touched;
        private KeyRestore deferredKey;

        /** True once the stream wrote to the table: the copy may then meet rows already there. */
        public boolean touched() {
            return touched;
        }

        public boolean deletedByStream(List<Object> key) {
            return deleted.contains(key);
        }

        /**
         * The load left the table's primary key off while it fills the empty table (an index built once
         * afterwards costs less than one kept up row by row); {@code restore} makes it.
         */
        public synchronized void deferKey(KeyRestore restore) {
            deferredKey = restore;
        }

        /**
         * Makes the key the load left off, if it did; once. Called with the table's turn held alone: before
         * the stream's first write to the table (its upserts need the key), and when the load ends.
         */
        public synchronized void restoreKey() throws java.sql.SQLException {
            if (deferredKey != null) {
                deferredKey.restore();
                deferredKey = null;
            }
        }
    }

    /** Makes a primary key that a load left off. */
    @FunctionalInterface
    public interface KeyRestore {
        void restore() throws java.sql.SQLException;
    }


    /** Starts a table's load: from now the stream's deletes of it are remembered. */
    public void start(TableId table) {
        tables.put(table, new Loading());
    }

    /** The table is loaded; the stream writes to it as to any other. */
    public void finish(TableId table) {
        tables.remove(table);
    }

    /** The table's changes are no longer applied, nor its copy written, until replication starts again. */
    public void pause(TableId table) {
        paused.add(table);
        tables.remove(table);
    }

    public boolean isPaused(TableId table) {
        return paused.contains(table);
    }

    public boolean isLoading(TableId table) {
        return tables.containsKey(table);
    }

    public Set<TableId> loading() {
        return Set.copyOf(tables.keySet());
    }

    /** Waits for the table's turn, alone; null when it is not loading. */
    public Loading acquire(TableId table) throws InterruptedException {
        Loading l = tables.get(table);
        if (l != null) {
            l.turn.acquire(PERMITS);
        }
        return l;
    }

    public static void release(Loading loading) {
        loading.turn.release(PERMITS);
    }

    /** Waits for a turn shared with other chunks of the copy (never with the stream); null when not loading. */
    public Loading acquireShared(TableId table) throws InterruptedException {
        Loading l = tables.get(table);
        if (l != null) {
            l.turn.acquire();
        }
        return l;
    }

    public static void releaseShared(Loading loading) {
        loading.turn.release();
    }

    /** The stream writes to the table (it holds the table's turn). */
    static void touched(Loading loading) {
        loading.touched = true;
    }

    /** The stream deleted (or moved away) the row with this key (it holds the table's turn). */
    static void deleted(Loading loading, List<Object> key) {
        loading.touched = true;
        loading.deleted.add(key);
    }
}
