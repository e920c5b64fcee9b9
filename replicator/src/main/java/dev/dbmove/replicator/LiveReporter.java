package dev.dbmove.replicator;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.TableId;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.status.SourceProbe;
import dev.dbmove.core.status.SourcePosition;
import dev.dbmove.replicator.apply.ApplyProgress;
import dev.dbmove.replicator.engine.ReplicationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Once a second, tells the state schema (for {@code dbmove status} from anywhere) and the
 * listener (metrics) that the replicator is alive, the oldest change it holds unapplied,
 * overall and per table, its apply rate, and how far the applied position is behind the
 * source's.
 */
final class LiveReporter {
    private static final Logger LOG = LoggerFactory.getLogger(LiveReporter.class);
    private static final int RATE_WINDOW = 10;
    private static final int HISTORY = 60;

    private final StateStore state;
    private final ApplyProgress progress;
    private final SourceProbe probe;
    private final ReplicationListener listener;
    private final Clock clock;
    private final Deque<Long> lastTenSeconds = new ArrayDeque<>();
    private final Deque<Double> history = new ArrayDeque<>();
    private final Instant startedAt;
    private final Runnable stopRequested;
    /** A PostgreSQL source's slot creation (the stream's, and a copy engine's), else null. */
    private SlotCreationWatch slotWatch;
    /** The sessions it was last said to wait for, since when it waits, and when that was said. */
    private String slotWaitSaid;
    private Instant slotWaitSince;
    private Instant slotWaitSaidAt;
    private Thread thread;
    private volatile boolean running;
    private boolean stopping;
    private int ticks;

    /**
     * @param startedAt     when this replicator started, as the state schema recorded it
     * @param stopRequested called once, on a thread of its own, when a stop is asked for through the state schema
     *                      (by {@code dbmove cutover}) after {@code startedAt}
     */
    LiveReporter(StateStore state, ApplyProgress progress, Endpoint source, ReplicationListener listener, Clock clock,
                 Instant startedAt, Runnable stopRequested) {
        this.startedAt = startedAt;
        this.stopRequested = stopRequested;
        this.state = state;
        this.progress = progress;
        this.probe = new SourceProbe(source);
        this.listener = listener;
        this.clock = clock;
        // The job's names share one base (JobNames): its state schema is named as its replication slot.
        this.slotWatch = source.type() == dev.dbmove.core.DatabaseType.POSTGRESQL
                ? new SlotCreationWatch(source, state.schema()) : null;
    }

    void start() {
        running = true;
        thread = new Thread(this::loop, "dbmove-reporter");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        probe.close();
        if (slotWatch != null) {
            slotWatch.close();
        }
    }

    private void loop() {
        while (running) {
            try {
                report();
            } catch (RuntimeException e) {
                LOG.debug("progress report failed: {}", e.getMessage());
            }
            try {
                watchSlotCreation();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("cannot see what the replication slot waits for: {}", e.getMessage());
            }
            try {
                obeyStopRequest();
            } catch (RuntimeException e) {
                LOG.debug("cannot read the stop request: {}", e.getMessage());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void obeyStopRequest() {
        if (stopping || startedAt == null) {
            return;
        }
        Instant asked = state.stopRequestedAt().orElse(null);
        if (asked != null && asked.isAfter(startedAt)) {
            stopping = true;
            LOG.info("a stop was asked for through the state schema at {} (dbmove cutover): stopping cleanly", asked);
            listener.message("stop asked for by dbmove cutover at " + asked + ": stopping cleanly");
            // Not on this thread: stopping the engine waits for the batch in hand, and the run joins this thread.
            Thread stopper = new Thread(stopRequested, "dbmove-stop-request");
            stopper.setDaemon(true);
            stopper.start();
        }
    }

    /**
     * If the creation of one of the job's replication slots (the stream's before it starts, a copy
     * engine's later) waits for source transactions: says which, when they change and every 30 s,
     * and says when the wait is over. Every second until the stream applies its first change,
     * then every fifth.
     */
    void watchSlotCreation() throws SQLException {
        if (slotWatch == null || progress.appliedPosition() != null && ticks % 5 != 0 && slotWaitSince == null) {
            return;
        }
        Instant now = clock.instant();
        Optional<SlotCreationWatch.Wait> wait = slotWatch.check();
        if (wait.isEmpty()) {
            if (slotWaitSaid != null) {
                listener.message("the source transaction(s) the replication slot waited for ended after "
                        + SlotCreationWatch.human(Duration.between(slotWaitSince, now)) + "; the slot is created");
            }
            slotWaitSaid = null;
            slotWaitSince = null;
            return;
        }
        if (slotWaitSince == null) {
            // A wait of a moment (a transaction about to commit) is not worth a word: said from the second look on.
            slotWaitSince = wait.get().askedAt() != null ? wait.get().askedAt() : now;
            return;
        }
        String pids = wait.get().pids();
        if (!pids.equals(slotWaitSaid) || Duration.between(slotWaitSaidAt, now).toSeconds() >= 30) {
            listener.message(slotWatch.describe(wait.get(), now));
            slotWaitSaid = pids;
            slotWaitSaidAt = now;
        }
    }

    void report() {
        Instant now = clock.instant();
        long applied = progress.appliedTotal();
        lastTenSeconds.addLast(applied);
        while (lastTenSeconds.size() > RATE_WINDOW + 1) {
            lastTenSeconds.removeFirst();
        }
        double rate = lastTenSeconds.size() < 2 ? 0
                : (double) (applied - lastTenSeconds.getFirst()) / (lastTenSeconds.size() - 1);
        if (++ticks % RATE_WINDOW == 0) {
            history.addLast(rate);
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
        Instant oldest = progress.oldestPending();
        Map<String, Instant> tables = new HashMap<>();
        for (Map.Entry<TableId, Instant> e : progress.pendingSince().entrySet()) {
            tables.put(e.getKey().name(), e.getValue());
        }
        List<Double> shown = new ArrayList<>(history);
        state.reportLive(oldest, tables, rate, shown);

        double lagSeconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toNanos() / 1e9);
        SourcePosition.Lag positionLag = null;
        try {
            String position = progress.appliedPosition();
            positionLag = probe.read(position != null ? position : state.job().appliedPosition()).lag();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("cannot read the source's position: {}", e.getMessage());
        }
        listener.lag(lagSeconds, positionLag == null ? null : positionLag.amount(),
                positionLag == null ? null : positionLag.unit());
    }
}
