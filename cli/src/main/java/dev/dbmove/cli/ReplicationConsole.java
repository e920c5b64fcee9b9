package dev.dbmove.cli;

import dev.dbmove.core.TableId;
import dev.dbmove.replicator.apply.ChangeApplier;
import dev.dbmove.replicator.engine.ReplicationListener;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code dbmove replicate} prints while it runs. On a terminal: during the full load,
 * one progress bar per table (rows, %, rate, ETA), redrawn every second; while streaming,
 * one heartbeat line (events/s, lag). Elsewhere (a log file, CI): plain lines every 10 s.
 */
final class ReplicationConsole implements ReplicationListener, AutoCloseable {
    private static final int BAR = 24;

    private final PrintWriter out;
    private final boolean terminal;
    private final ScheduledExecutorService ticker;
    private final Map<TableId, Progress> tables = new LinkedHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final Instant started = Instant.now();
    private volatile boolean snapshot;
    private volatile Instant lastSourceCommit;
    private volatile Instant lastCommit = Instant.now();
    private long eventsAtLastTick;
    private int linesDrawn;

    private static final class Progress {
        final long estimated;
        final AtomicLong copied = new AtomicLong();
        long copiedAtLastTick;
        double rate;

        Progress(long estimated) {
            this.estimated = estimated;
        }
    }

    ReplicationConsole(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dbmove-console");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void started(List<TableId> ids, Map<TableId, Long> estimatedRows, boolean snapshot) {
        this.snapshot = snapshot;
        ids.forEach(id -> tables.put(id, new Progress(Math.max(0, estimatedRows.getOrDefault(id, 0L)))));
        out.printf("replicating %d table(s)%s%n", ids.size(), snapshot ? ": full load first, then change data capture"
                : ": streaming changes");
        out.flush();
        long period = terminal ? 1 : 10;
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.SECONDS);
    }

    @Override
    public void committed(Map<TableId, ChangeApplier.TableCounts> counts, Instant lastSourceCommit) {
        counts.forEach((id, c) -> {
            Progress p = tables.get(id);
            if (p != null) {
                p.copied.addAndGet(c.rowsCopied());
            }
            events.addAndGet(c.inserts() + c.updates() + c.deletes());
        });
        if (lastSourceCommit != null) {
            this.lastSourceCommit = lastSourceCommit;
        }
        lastCommit = Instant.now();
    }

    @Override
    public synchronized void snapshotCompleted() {
        tick();
        snapshot = false;
        linesDrawn = 0;
        long rows = tables.values().stream().mapToLong(p -> p.copied.get()).sum();
        out.printf("full load done: %,d rows in %s; streaming changes now%n", rows,
                human(Duration.between(started, Instant.now())));
        out.flush();
    }

    @Override
    public synchronized void message(String line) {
        out.println(line);
        out.flush();
        linesDrawn = 0;
    }

    private synchronized void tick() {
        if (snapshot) {
            drawSnapshot();
        } else {
            long now = events.get();
            long perSecond = (now - eventsAtLastTick) / (terminal ? 1 : 10);
            eventsAtLastTick = now;
            Instant source = lastSourceCommit;
            String lag = source == null ? "-" : human(Duration.between(source, lastCommit).isNegative()
                    ? Duration.ZERO : Duration.between(source, lastCommit));
            String line = String.format("streaming: %,d events/s, %,d applied, lag %s (source commit time of the last"
                    + " applied change)", perSecond, now, lag);
            if (terminal) {
                out.print("\r" + line + "\033[K");
            } else {
                out.println(line);
            }
            out.flush();
        }
    }

    private void drawSnapshot() {
        StringBuilder sb = new StringBuilder();
        if (terminal && linesDrawn > 0) {
            sb.append("\033[").append(linesDrawn).append('A');
        }
        int lines = 0;
        int period = terminal ? 1 : 10;
        for (Map.Entry<TableId, Progress> e : tables.entrySet()) {
            Progress p = e.getValue();
            long copied = p.copied.get();
            double rate = (copied - p.copiedAtLastTick) / (double) period;
            p.rate = p.rate == 0 ? rate : 0.7 * p.rate + 0.3 * rate;
            p.copiedAtLastTick = copied;
            long total = Math.max(p.estimated, copied);
            double fraction = total == 0 ? 1 : copied / (double) total;
            String eta = p.rate > 0 && total > copied ? human(Duration.ofSeconds((long) ((total - copied) / p.rate))) : "-";
            if (!terminal && copied == 0) {
                continue;
            }
            sb.append(String.format("%-28s %s %,12d / ~%,d  %3.0f%%  %,8.0f rows/s  ETA %s",
                    trim(e.getKey().name()), terminal ? bar(fraction) : "", copied, total, fraction * 100, p.rate, eta));
            sb.append(terminal ? "\033[K\n" : "\n");
            lines++;
        }
        out.print(sb);
        out.flush();
        linesDrawn = terminal ? lines : 0;
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(Math.min(1, fraction) * BAR);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    private static String trim(String name) {
        return name.length() <= 28 ? name : name.substring(0, 27) + "~";
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (terminal && !snapshot) {
            out.println();
            out.flush();
        }
    }
}
