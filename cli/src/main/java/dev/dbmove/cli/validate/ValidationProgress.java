package dev.dbmove.cli.validate;

import dev.dbmove.validator.TableResult;
import dev.dbmove.validator.ValidationListener;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static dev.dbmove.cli.validate.ReportFormat.count;

/**
 * What {@code dbmove validate} prints while it runs, always to stderr so that stdout holds only the report. On a
 * terminal: a bar per table being compared (rows compared of the estimate, rows/s) and a total line, redrawn in place
 * at most 5 times a second and erased by {@link #close()} before the report is printed. Elsewhere (a log, CI, a pipe):
 * plain lines, one when a table is queued, at most one every 5 s per table while it is compared, one when it ends.
 * <p>
 * The validator calls from its worker threads; every method holds this object's lock, none for long.
 */
public final class ValidationProgress implements ValidationListener, AutoCloseable {
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long LINE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Rates are measured over about this long, so that they follow the current speed. */
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Bars drawn at most; more would scroll, and a cursor cannot move up into the scrollback. */
    private static final int MAX_BARS = 12;
    private static final int NAME = 24;
    private static final int BAR = 20;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier nanos;
    private final ScheduledExecutorService ticker;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private int linesDrawn;
    private boolean changed;
    private boolean closed;

    /** One table's progress. */
    private static final class Table {
        final String name;
        final long estimated;
        final Deque<long[]> samples = new ArrayDeque<>(); // {nanos, rows}, oldest first
        long compared;
        long lastLine;
        boolean active;
        String doing;
        TableResult result;

        Table(String name, long estimated, long now) {
            this.name = name;
            this.estimated = estimated;
            this.lastLine = now;
            samples.add(new long[] {now, 0});
        }

        void compared(long rows, long now) {
            if (!active && now - samples.getFirst()[0] > RATE_WINDOW_NANOS) {
                // Queued for a while before its first chunk: measure from this chunk on, not from the queueing.
                samples.clear();
                samples.add(new long[] {now, compared});
            }
            compared += rows;
            active = true;
            samples.addLast(new long[] {now, compared});
            // Keep one sample older than the window as the base the rate is measured from.
            while (samples.size() > 2 && second()[0] <= now - RATE_WINDOW_NANOS) {
                samples.removeFirst();
            }
        }

        private long[] second() {
            Iterator<long[]> i = samples.iterator();
            i.next();
            return i.next();
        }

        /** Rows per second over the last few seconds; NaN before the first chunk. */
        double rate(long now) {
            long[] first = samples.getFirst();
            long[] last = samples.getLast();
            if (samples.size() < 2 || now <= first[0]) {
                return Double.NaN;
            }
            return (last[1] - first[1]) * 1e9 / (now - first[0]);
        }
    }

    /**
     * @param err      where progress goes (stderr)
     * @param terminal whether {@code err} is a terminal: bars redrawn in place, else plain lines
     */
    public ValidationProgress(PrintWriter err, boolean terminal) {
        this(err, terminal, System::nanoTime, true);
    }

    /** For tests: a clock of their own, and no redrawing thread ({@link #redraw()} is called by hand). */
    ValidationProgress(PrintWriter err, boolean terminal, LongSupplier nanos, boolean redrawThread) {
        this.err = err;
        this.terminal = terminal;
        this.nanos = nanos;
        if (terminal && redrawThread) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dbmove-validate-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, REDRAW_NANOS, REDRAW_NANOS, TimeUnit.NANOSECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public synchronized void tableStarted(String table, long estimatedRows) {
        tables.put(table, new Table(table, estimatedRows, nanos.getAsLong()));
        if (!terminal) {
            line(table + ": queued, " + (estimatedRows < 0 ? "row count unknown"
                    : "~" + ReportFormat.rows(estimatedRows) + " estimated"));
        }
        changed = true;
    }

    @Override
    public synchronized void chunkCompared(String table, long sourceRows, long targetRows) {
        Table t = table(table);
        long now = nanos.getAsLong();
        t.compared(Math.max(sourceRows, targetRows), now);
        changed = true;
        if (!terminal && now - t.lastLine >= LINE_EVERY_NANOS) {
            t.lastLine = now;
            String rate = rate(t, now);
            line(table + ": " + compared(t, false) + " rows compared" + (rate.isEmpty() ? "" : ", " + rate)
                    + (t.doing == null ? "" : ", " + t.doing));
        }
        t.doing = null; // a re-check ends before its chunk's worker takes the next chunk
    }

    @Override
    public synchronized void rechecking(String table, int rows) {
        Table t = table(table);
        t.active = true;
        t.doing = "re-checking " + ReportFormat.rows(rows) + " after replication catches up";
        changed = true;
        long now = nanos.getAsLong();
        if (!terminal && now - t.lastLine >= LINE_EVERY_NANOS) {
            t.lastLine = now;
            line(table + ": " + t.doing);
        }
    }

    @Override
    public synchronized void repairing(String table, long rows) {
        Table t = table(table);
        t.active = true;
        t.doing = "repairing " + ReportFormat.rows(rows);
        changed = true;
        if (!terminal) {
            line(table + ": " + t.doing);
        }
    }

    @Override
    public synchronized void tableFinished(TableResult result) {
        Table t = table(result.table());
        t.result = result;
        t.active = false;
        changed = true;
        if (!terminal) {
            line(result.table() + ": " + finished(result));
        }
    }

    /** A table the validator names without announcing it first (one it could not pair) is tracked from now on. */
    private Table table(String name) {
        return tables.computeIfAbsent(name, n -> new Table(n, -1, nanos.getAsLong()));
    }

    private static String finished(TableResult r) {
        String took = r.took() == null ? "" : " in " + ReportFormat.duration(r.took());
        String repaired = r.repaired() > 0 ? ", " + ReportFormat.rows(r.repaired()) + " repaired" : "";
        return switch (r.result()) {
            case "identical" -> "identical, " + ReportFormat.rows(r.sourceRows()) + repaired + took;
            case "error" -> "error: " + ReportFormat.oneLine(r.error());
            default -> r.result() + ": " + count(r.mismatched()) + " mismatched, " + count(r.extraOnSource())
                    + " only on source, " + count(r.extraOnTarget()) + " only on target, " + count(r.pending())
                    + " pending" + repaired + took;
        };
    }

    /** {@code 5,000 of ~10,000 (50%)}, or the rows alone when the estimate is unknown or already passed. */
    private static String compared(Table t, boolean compact) {
        String rows = compact ? ReportFormat.compact(t.compared) : count(t.compared);
        if (t.estimated <= 0 || t.compared > t.estimated) {
            return rows;
        }
        return rows + " of ~" + (compact ? ReportFormat.compact(t.estimated) : count(t.estimated))
                + " (" + Math.round(100.0 * t.compared / t.estimated) + "%)";
    }

    /** {@code 1,234 rows/s}, or empty while the rate is not known yet. */
    private static String rate(Table t, long now) {
        double r = t.rate(now);
        return Double.isFinite(r) ? ReportFormat.rate(r) + " rows/s" : "";
    }

    private void line(String text) {
        err.println(text);
        err.flush();
    }

    /** Redraws the bars in place when something changed; called by the ticker at most 5 times a second. */
    synchronized void redraw() {
        if (closed || !terminal || !changed) {
            return;
        }
        changed = false;
        long now = nanos.getAsLong();
        List<String> lines = new ArrayList<>();
        int finished = 0;
        Map<String, Integer> results = new LinkedHashMap<>();
        long compared = 0;
        double rate = 0;
        List<Table> active = new ArrayList<>();
        for (Table t : tables.values()) {
            compared += t.compared;
            if (t.result != null) {
                finished++;
                results.merge(t.result.result(), 1, Integer::sum);
                continue;
            }
            double r = t.rate(now);
            rate += Double.isFinite(r) ? r : 0;
            if (t.active) {
                active.add(t);
            }
        }
        for (Table t : active.subList(0, Math.min(MAX_BARS, active.size()))) {
            lines.add(bar(t, now));
        }
        if (active.size() > MAX_BARS) {
            lines.add("… and " + (active.size() - MAX_BARS) + " more tables being compared");
        }
        StringBuilder total = new StringBuilder().append(finished).append(" of ").append(tables.size())
                .append(" tables done");
        results.forEach((result, n) -> total.append(", ").append(n).append(' ').append(result));
        lines.add(total.append("; ").append(count(compared)).append(" rows compared, ").append(ReportFormat.rate(rate))
                .append(" rows/s").toString());
        StringBuilder b = new StringBuilder(up());
        for (String l : lines) {
            b.append(l).append("\033[K\n");
        }
        b.append("\033[J"); // fewer lines than last time: clear what is left below
        err.print(b);
        err.flush();
        linesDrawn = lines.size();
    }

    private String bar(Table t, long now) {
        String name = t.name.length() <= NAME ? t.name : t.name.substring(0, NAME - 1) + "…";
        int filled = t.estimated <= 0 ? 0 : (int) Math.round(Math.min(1.0, (double) t.compared / t.estimated) * BAR);
        String tail = t.doing != null ? t.doing : rate(t, now);
        return ReportFormat.pad(name, NAME, false) + " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] "
                + compared(t, true) + (tail.isEmpty() ? "" : "  " + tail);
    }

    /** Moves the cursor to the start of the first line drawn. */
    private String up() {
        return linesDrawn == 0 ? "\r" : "\r\033[" + linesDrawn + "A";
    }

    /** Stops redrawing and erases the bars, so that the report that follows starts on a clean line. */
    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (terminal && linesDrawn > 0) {
                err.print(up() + "\033[J");
                err.flush();
                linesDrawn = 0;
            }
        }
    }
}
