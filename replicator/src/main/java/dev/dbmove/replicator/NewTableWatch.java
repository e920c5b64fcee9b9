package dev.dbmove.replicator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Looks at the source catalog every few seconds for tables that match the job's selection
 * and are not replicated yet (created while streaming); when it finds some it asks for the
 * stream engine to be started again, and the run loop takes them on.
 */
final class NewTableWatch {
    private static final Logger LOG = LoggerFactory.getLogger(NewTableWatch.class);
    /** Milliseconds between looks; a system property so that tests need not wait long. */
    private static long period() {
        return Long.getLong("dbmove.newTables.pollMillis", 5_000);
    }

    private final SourcePlan plan;
    private final Runnable restart;
    private final Set<String> found = new LinkedHashSet<>();
    private final Set<String> ignored = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean stopped;

    NewTableWatch(SourcePlan plan, Runnable restart) {
        this.plan = plan;
        this.restart = restart;
        this.thread = new Thread(this::loop, "dbmove-new-tables");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopped = true;
        thread.interrupt();
    }

    /** The tables found since the last call. */
    synchronized List<String> drain() {
        List<String> tables = new ArrayList<>(found);
        found.clear();
        return tables;
    }

    /** A table that cannot be replicated: not reported again. */
    void ignore(String table) {
        ignored.add(table);
    }

    private void loop() {
        while (!stopped) {
            try {
                Thread.sleep(period());
            } catch (InterruptedException e) {
                return;
            }
            try {
                List<String> fresh = plan.unplannedTables().stream().filter(t -> !ignored.contains(t)).toList();
                boolean waiting;
                synchronized (this) {
                    found.addAll(fresh);
                    waiting = !found.isEmpty();
                }
                if (waiting) {
                    restart.run(); // again on every look until the run loop has taken them
                }
            } catch (SQLException | RuntimeException e) {
                // the source may be restarting: look again next time (this thread must not end)
                LOG.debug("looking for new source tables: {}", e.getMessage());
            }
        }
    }
}
