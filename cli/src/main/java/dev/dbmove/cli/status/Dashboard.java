package dev.dbmove.cli.status;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.TableStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.dbmove.cli.status.StatusFormat.blank;
import static dev.dbmove.cli.status.StatusFormat.count;
import static dev.dbmove.cli.status.StatusFormat.oneLine;

/**
 * {@code dbmove status --watch}: the job on the whole terminal, redrawn every refresh, through Lanterna's screen
 * (no escape codes of our own). A header (job, replicator, lag, positions, events/s with a sparkline of the last
 * minutes, the last error), one row per table needing attention first, and a footer with the keys. Every line is
 * fitted to the terminal's width, columns giving way from the least needed when the terminal is narrow; the table
 * rows scroll with the arrow keys, PgUp/PgDn and Home/End. {@code q}, Escape or the end of input quits.
 */
public final class Dashboard implements AutoCloseable {
    static final String SPARKS = "▁▂▃▄▅▆▇█";
    private static final char BAR_FULL = '█';
    private static final char BAR_EMPTY = '░';
    private static final long POLL_MILLIS = 25;
    /** Columns a table's last error needs at the end of its row, else it goes on the line under the row. */
    private static final int MIN_ERROR = 30;

    private static final TextColor RED = TextColor.ANSI.RED;
    private static final TextColor YELLOW = TextColor.ANSI.YELLOW;
    private static final TextColor GREEN = TextColor.ANSI.GREEN;
    private static final TextColor CYAN = TextColor.ANSI.CYAN;

    private final TerminalScreen screen;
    private final Supplier<JobStatus> source;
    private boolean started;
    private JobStatus status;
    private String fetchError;
    /** Index of the first table row shown. */
    private int offset;
    /** Table rows that fit at the last draw. */
    private int page = 1;

    /**
     * @param terminal where to draw; the dashboard does not close it
     * @param source   reads the job's status; a RuntimeException it throws is shown as the last error
     */
    public Dashboard(Terminal terminal, Supplier<JobStatus> source) {
        this.source = Objects.requireNonNull(source, "source");
        try {
            this.screen = new TerminalScreen(Objects.requireNonNull(terminal, "terminal"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the status and draws it every {@code refresh}, reacting to keys and resizes in between, until
     * {@code q}, {@code Q}, Escape, Ctrl-C, the end of input or an interrupt. Leaves the screen as it was found.
     */
    public void run(Duration refresh) {
        long refreshNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
                refresh.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1).toNanos() : refresh.toNanos());
        try {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    fetch();
                    paint();
                    long next = System.nanoTime() + refreshNanos;
                    while (true) {
                        KeyStroke key = screen.pollInput();
                        if (key != null) {
                            if (!onKey(key)) {
                                return;
                            }
                            paint();
                            continue;
                        }
                        if (screen.doResizeIfNecessary() != null) {
                            paint(true);
                        }
                        long left = next - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        try {
                            Thread.sleep(Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            } finally {
                close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Draws {@code s} once, at the terminal's current size, and shows it. The screen stays until {@link #close()}. */
    public void drawOnce(JobStatus s) {
        status = s;
        fetchError = null;
        try {
            paint();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives the terminal back as it was (leaves the full-screen mode) if the dashboard took it. */
    @Override
    public void close() {
        if (!started) {
            return;
        }
        started = false;
        try {
            screen.stopScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void fetch() {
        try {
            JobStatus s = source.get();
            if (s == null) {
                fetchError = "no status";
            } else {
                status = s;
                fetchError = null;
            }
        } catch (RuntimeException e) {
            fetchError = blank(e.getMessage()) ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** False to quit. */
    private boolean onKey(KeyStroke key) {
        switch (key.getKeyType()) {
            case EOF, Escape -> {
                return false;
            }
            case Character -> {
                char c = key.getCharacter();
                if (c == 'q' || c == 'Q' || key.isCtrlDown() && (c == 'c' || c == 'C')) {
                    return false;
                }
            }
            case ArrowUp -> offset--;
            case ArrowDown -> offset++;
            case PageUp -> offset -= Math.max(1, page);
            case PageDown -> offset += Math.max(1, page);
            case Home -> offset = 0;
            case End -> offset = Integer.MAX_VALUE / 2;
            default -> {
            }
        }
        return true;
    }

    private void paint() throws IOException {
        paint(false);
    }

    private void paint(boolean complete) throws IOException {
        if (!started) {
            screen.startScreen();
            screen.setCursorPosition(null);
            started = true;
            complete = true;
        }
        if (screen.doResizeIfNecessary() != null) {
            complete = true;
        }
        TerminalSize size = screen.getTerminalSize();
        Frame frame = layout(status, fetchError, size.getColumns(), size.getRows(), offset);
        offset = frame.offset();
        page = frame.page();
        screen.clear();
        TextGraphics g = screen.newTextGraphics();
        for (int row = 0; row < frame.lines().size(); row++) {
            int col = 0;
            for (Segment seg : frame.lines().get(row).segments) {
                g.setForegroundColor(seg.color() == null ? TextColor.ANSI.DEFAULT : seg.color());
                g.setModifiers(seg.bold() ? EnumSet.of(SGR.BOLD) : EnumSet.noneOf(SGR.class));
                g.putString(col, row, seg.text());
                col += StatusFormat.width(seg.text());
            }
        }
        screen.refresh(complete ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
    }

    // ---- layout: pure, so that it can be tested at any size ----

    /** A run of text in one style. */
    record Segment(String text, TextColor color, boolean bold) {
    }

    /** One screen line, never wider than its maximum: what does not fit is cut with an ellipsis. */
    static final class Line {
        final List<Segment> segments = new ArrayList<>();
        private final int max;
        private int width;

        Line(int max) {
            this.max = max;
        }

        Line add(String text) {
            return add(text, null, false);
        }

        Line add(String text, TextColor color) {
            return add(text, color, false);
        }

        Line add(String text, TextColor color, boolean bold) {
            if (text == null || text.isEmpty() || width >= max) {
                return this;
            }
            String fitted = StatusFormat.fit(text, max - width);
            segments.add(new Segment(fitted, color, bold));
            width += StatusFormat.width(fitted);
            return this;
        }

        int remaining() {
            return max - width;
        }

        String text() {
            StringBuilder b = new StringBuilder();
            segments.forEach(s -> b.append(s.text()));
            return b.toString();
        }
    }

    /** What one draw shows: the lines top down, the first table shown and how many were shown (a page). */
    record Frame(List<Line> lines, int offset, int page) {
        List<String> text() {
            return lines.stream().map(Line::text).toList();
        }
    }

    private record HeaderLine(Line line, int priority) {
    }

    /** The frame for a {@code width} x {@code height} terminal, table rows from {@code offset} (clamped). */
    static Frame layout(JobStatus s, String fetchError, int width, int height, int offset) {
        int w = Math.max(0, width);
        int h = Math.max(0, height);
        List<TableStatus> tables = s == null ? List.of() : s.tables();
        List<HeaderLine> header = header(s, fetchError, w);

        Columns columns = columns(tables, w);
        List<List<Line>> rows = tables.stream().map(t -> rows(columns, t, w)).toList();
        int tableLines = 1 + rows.stream().mapToInt(List::size).sum();

        // The footer takes the last line. The header what it needs, but on a short terminal it leaves the
        // tables up to half the lines (at least the column header and one row), dropping its least important
        // lines first.
        int above = Math.max(0, h - 1);
        int forTables = Math.max(2, Math.min(tableLines, above / 2));
        int headerRows = Math.min(header.size(), Math.max(Math.min(1, above), above - forTables));
        List<Line> lines = new ArrayList<>(keep(header, headerRows));
        int tableArea = above - headerRows;
        int first = 0;
        int shown = 0;
        if (tableArea > 0) {
            lines.add(columnHeader(columns.list(), w));
            int area = tableArea - 1;
            // From lastStart on, all the remaining tables fit: scrolling further would only leave room empty.
            int lastStart = rows.size();
            for (int used = 0; lastStart > 0 && used + rows.get(lastStart - 1).size() <= area; lastStart--) {
                used += rows.get(lastStart - 1).size();
            }
            int maxFirst = lastStart == rows.size() ? Math.max(0, rows.size() - 1) : lastStart;
            first = Math.max(0, Math.min(offset, maxFirst));
            for (int i = first, used = 0; i < rows.size() && used < area; i++) {
                List<Line> table = rows.get(i);
                int take = Math.min(table.size(), area - used);
                lines.addAll(table.subList(0, take));
                used += take;
                shown++;
            }
        }
        if (h > 0) {
            while (lines.size() < h - 1) {
                lines.add(new Line(w));
            }
            lines.add(footer(first, shown, tables.size(), w));
        }
        return new Frame(lines, first, Math.max(1, shown));
    }

    /** The {@code n} most important header lines, in their display order. */
    private static List<Line> keep(List<HeaderLine> header, int n) {
        List<HeaderLine> chosen = header.stream().sorted(Comparator.comparingInt(HeaderLine::priority)).limit(n)
                .toList();
        return header.stream().filter(chosen::contains).map(HeaderLine::line).toList();
    }

    private static List<HeaderLine> header(JobStatus s, String fetchError, int w) {
        List<HeaderLine> lines = new ArrayList<>();
        if (s == null) {
            lines.add(new HeaderLine(new Line(w).add("dbmove status", null, true)
                    .add(fetchError == null ? "  reading…" : ""), 0));
            if (fetchError != null) {
                lines.add(new HeaderLine(new Line(w).add("error: " + oneLine(fetchError), RED, true), 1));
            }
            return lines;
        }
        lines.add(new HeaderLine(new Line(w).add("job ").add(oneLine(s.job()), null, true)
                .add("  phase ").add(s.phase(), phaseColor(s.phase()), true)
                .add(s.asOf() == null ? "" : "  as of " + s.asOf()), 0));

        JobStatus.ReplicatorProcess r = s.replicator();
        Line replicator = new Line(w);
        if (r == null) {
            replicator.add("replicator not running", YELLOW);
        } else {
            String note = blank(r.note()) ? (r.running() ? "running" : "not running") : oneLine(r.note());
            String since = StatusFormat.between(r.startedAt(), s.asOf());
            if (r.running() && since != null) {
                replicator.add("up ").add(since, null, true).add("  ");
            }
            replicator.add("replicator ").add(note, r.running() ? GREEN : YELLOW);
            if (!r.running() && since != null) {
                replicator.add("  (started " + since + " before)");
            }
        }
        lines.add(new HeaderLine(replicator, 3));

        Line lag = new Line(w).add("lag ").add(StatusFormat.seconds(s.lagSeconds()),
                s.lagSeconds() != null && s.lagSeconds() >= 1 ? YELLOW : null, true);
        lag.add("   position lag ").add(StatusText.positionLag(s), null, true);
        if (s.appliedCommitTime() != null) {
            lag.add("   applied commit " + s.appliedCommitTime());
        }
        lines.add(new HeaderLine(lag, 2));

        String src = s.sourcePosition() == null ? "unknown" : oneLine(s.sourcePosition());
        String applied = s.appliedPosition() == null ? "nothing yet" : oneLine(s.appliedPosition());
        if (StatusFormat.width("source " + src + "   applied " + applied) <= w) {
            lines.add(new HeaderLine(new Line(w).add("source ").add(src, null, true)
                    .add("   applied ").add(applied, null, true), 5));
        } else {
            lines.add(new HeaderLine(new Line(w).add("source  ").add(src, null, true), 5));
            lines.add(new HeaderLine(new Line(w).add("applied ").add(applied, null, true), 6));
        }

        Line events = new Line(w).add("events/s ").add(StatusFormat.rate(s.eventsPerSecond()), null, true);
        int room = events.remaining() - 2;
        String spark = sparkline(s.eventsPerSecondHistory(), room);
        if (!spark.isEmpty()) {
            events.add("  ").add(spark, CYAN);
        }
        lines.add(new HeaderLine(events, 4));

        if (fetchError != null) {
            lines.add(new HeaderLine(new Line(w).add("error: " + oneLine(fetchError), RED, true), 1));
        } else if (!blank(s.lastError())) {
            lines.add(new HeaderLine(new Line(w).add("error: " + oneLine(s.lastError()), RED, true), 1));
        }
        if (!blank(s.sourceProblem())) {
            lines.add(new HeaderLine(new Line(w).add("source problem: " + oneLine(s.sourceProblem()), RED, true), 1));
        }
        return lines;
    }

    /** The last {@code max} values as {@code ▁▂▃▄▅▆▇█}, scaled to the largest of them all. */
    static String sparkline(List<Double> history, int max) {
        if (history.isEmpty() || max <= 0) {
            return "";
        }
        double top = 0;
        for (Double v : history) {
            if (v != null && Double.isFinite(v)) {
                top = Math.max(top, v);
            }
        }
        StringBuilder b = new StringBuilder();
        for (Double v : history.subList(Math.max(0, history.size() - max), history.size())) {
            double x = v == null || !Double.isFinite(v) || top <= 0 ? 0 : Math.max(0, v) / top;
            b.append(SPARKS.charAt((int) Math.round(x * (SPARKS.length() - 1))));
        }
        return b.toString();
    }

    private static TextColor phaseColor(String phase) {
        if (phase == null) {
            return null;
        }
        return switch (phase) {
            case "error" -> RED;
            case "paused", "stopped" -> YELLOW;
            case "snapshot" -> CYAN;
            case "streaming" -> GREEN;
            default -> null;
        };
    }

    private static Line footer(int first, int shown, int total, int w) {
        String rows = shown == 0 ? "rows 0 of " + total : "rows " + (first + 1) + "-" + (first + shown) + " of " + total;
        String full = "q quit  ↑↓ PgUp PgDn scroll  " + rows;
        String shorter = "q quit  " + rows;
        String shortest = (shown == 0 ? "0" : (first + 1) + "-" + (first + shown)) + "/" + total + " q quit";
        return new Line(w).add(StatusFormat.width(full) <= w ? full
                : StatusFormat.width(shorter) <= w ? shorter : shortest, null, true);
    }

    // ---- table columns ----

    private record Cell(String text, TextColor color) {
        static Cell of(String text) {
            return new Cell(text, null);
        }
    }

    /** A column of the table: its title, its width (from its title and contents), alignment and cells. */
    private record Column(String title, int width, boolean right, Function<TableStatus, Cell> cell) {
    }

    /** The table's columns, and whether tables' last errors go on a line of their own under their row. */
    private record Columns(List<Column> list, boolean errorLines) {
    }

    /**
     * The columns that fit in {@code w}: at first all with a 20-column progress bar; on narrower terminals the
     * bar shrinks to 12, then the ddl count, the rows copied, the update and delete counts give way, the bar
     * shrinks to 8 and goes, then the copy rate and ETA and the insert counts go, in that order. A table's last error takes the columns left at the
     * end of its row when they are at least {@value #MIN_ERROR}, else the line under its row.
     */
    private static Columns columns(List<TableStatus> tables, int w) {
        List<Column> columns = null;
        for (int level = 0; level <= LEVELS; level++) {
            columns = columnsAt(level, tables);
            if (width(columns) <= w) {
                break;
            }
        }
        if (tables.stream().allMatch(t -> blank(t.lastError()))) {
            return new Columns(columns, false);
        }
        int left = w - width(columns) - 2;
        if (left < MIN_ERROR) {
            return new Columns(columns, true);
        }
        List<Column> withError = new ArrayList<>(columns);
        withError.add(new Column("error", left, false, t -> new Cell(
                blank(t.lastError()) ? "" : oneLine(t.lastError()), RED)));
        return new Columns(withError, false);
    }

    private static int width(List<Column> columns) {
        return columns.stream().mapToInt(Column::width).sum() + 2 * (columns.size() - 1);
    }

    private static final int LEVELS = 8;

    /** The columns at a level of giving way: 0 all of them, then fewer and fewer (see {@link #columns}). */
    private static List<Column> columnsAt(int level, List<TableStatus> tables) {
        int bar = level == 0 ? 20 : level < 5 ? 12 : level < 6 ? 8 : 0;
        List<Column> c = new ArrayList<>();
        int nameWidth = Math.min(32, Math.max(5, tables.stream()
                .mapToInt(t -> StatusFormat.width(oneLine(t.name()))).max().orElse(5)));
        c.add(new Column("table", nameWidth, false, t -> Cell.of(oneLine(t.name()))));
        c.add(column(tables, "phase", false, t -> new Cell(t.phase(), phaseColor(t.phase()))));
        if (bar > 0) {
            optional(c, tables, "progress", false, t -> new Cell(progressBar(t, bar), CYAN));
        }
        if (level < 3) {
            optional(c, tables, "rows", true, t -> Cell.of(rows(t)));
        }
        optional(c, tables, "%", true, t -> Cell.of(progress(t) && t.percentCopied() != null
                ? (int) Math.floor(t.percentCopied()) + "%" : ""));
        if (level < 7) {
            optional(c, tables, "rate", true, t -> Cell.of(snapshot(t) && t.copyRowsPerSecond() != null
                    ? StatusFormat.compactRate(t.copyRowsPerSecond()) : ""));
            optional(c, tables, "eta", true, t -> Cell.of(snapshot(t) && t.etaSeconds() != null
                    ? StatusFormat.duration(t.etaSeconds()) : ""));
        }
        if (level < 8) {
            c.add(column(tables, "ins", true, t -> Cell.of(StatusFormat.compact(t.inserts()))));
        }
        if (level < 4) {
            c.add(column(tables, "upd", true, t -> Cell.of(StatusFormat.compact(t.updates()))));
            c.add(column(tables, "del", true, t -> Cell.of(StatusFormat.compact(t.deletes()))));
        }
        if (level < 2) {
            c.add(column(tables, "ddl", true, t -> Cell.of(count(t.ddl()))));
        }
        c.add(column(tables, "lag", true, t -> new Cell(StatusFormat.shortSeconds(t.lagSeconds()),
                t.lagSeconds() != null && t.lagSeconds() >= 1 ? YELLOW : null)));
        c.add(column(tables, "validation", false, t -> new Cell(t.validation(),
                TableStatus.DIFFERS.equals(t.validation()) ? RED
                        : TableStatus.IDENTICAL.equals(t.validation()) ? GREEN : null)));
        return c;
    }

    /** Adds the column unless it would be empty in every row (no progress bar when no table is copying). */
    private static void optional(List<Column> columns, List<TableStatus> tables, String title, boolean right,
                                 Function<TableStatus, Cell> cell) {
        if (tables.stream().anyMatch(t -> !blank(cell.apply(t).text()))) {
            columns.add(column(tables, title, right, cell));
        }
    }

    private static Column column(List<TableStatus> tables, String title, boolean right,
                                 Function<TableStatus, Cell> cell) {
        int width = StatusFormat.width(title);
        for (TableStatus t : tables) {
            String text = cell.apply(t).text();
            width = Math.max(width, text == null ? 1 : StatusFormat.width(text));
        }
        return new Column(title, width, right, cell);
    }

    private static Line columnHeader(List<Column> columns, int w) {
        Line line = new Line(w);
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            line.add((i == 0 ? "" : "  ") + (i == columns.size() - 1 && !c.right() ? c.title()
                    : StatusFormat.pad(c.title(), c.width(), c.right())), null, true);
        }
        return line;
    }

    /** The table's row, and under it its last error when errors do not have a column. */
    private static List<Line> rows(Columns columns, TableStatus t, int w) {
        Line row = row(columns.list(), t, w);
        if (!columns.errorLines() || blank(t.lastError())) {
            return List.of(row);
        }
        return List.of(row, new Line(w).add("  └ ").add(oneLine(t.lastError()), RED));
    }

    private static Line row(List<Column> columns, TableStatus t, int w) {
        Line line = new Line(w);
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            Cell cell = c.cell().apply(t);
            String text = cell.text() == null ? "-" : cell.text();
            if (i > 0) {
                line.add("  ");
            }
            line.add(i == columns.size() - 1 && !c.right() ? StatusFormat.fit(text, c.width())
                    : StatusFormat.pad(text, c.width(), c.right()), cell.color());
        }
        return line;
    }

    private static boolean snapshot(TableStatus t) {
        return "snapshot".equals(t.phase());
    }

    /** Whether the table shows copy progress: not once it streams (its copy is over). */
    private static boolean progress(TableStatus t) {
        return !"streaming".equals(t.phase());
    }

    private static String progressBar(TableStatus t, int width) {
        Double pct = t.percentCopied();
        if (!progress(t) || pct == null) {
            return "";
        }
        int full = (int) Math.floor(pct * width / 100);
        return String.valueOf(BAR_FULL).repeat(full) + String.valueOf(BAR_EMPTY).repeat(width - full);
    }

    private static String rows(TableStatus t) {
        if (progress(t) && t.rowsEstimated() != null && t.rowsEstimated() > 0) {
            String exact = count(t.rowsCopied()) + "/" + count(t.rowsEstimated());
            return exact.length() <= 15 ? exact
                    : StatusFormat.compact(t.rowsCopied()) + "/" + StatusFormat.compact(t.rowsEstimated());
        }
        return t.rowsCopied() > 0 ? StatusFormat.compact(t.rowsCopied()) : "";
    }
}
