package dev.dbmove.cli.status;

import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.TableStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.dbmove.cli.status.StatusFormat.blank;
import static dev.dbmove.cli.status.StatusFormat.count;
import static dev.dbmove.cli.status.StatusFormat.oneLine;

/**
 * {@code dbmove status} once, as plain lines (no terminal control codes): a header of {@code label value} lines,
 * then one line per table in the order given (needing attention first), its columns aligned.
 */
public final class StatusText {
    private static final int LABEL = 16;

    private StatusText() {
    }

    /** The job's status as lines without line separators. */
    public static List<String> render(JobStatus s) {
        List<String> lines = new ArrayList<>();
        JobStatus.ReplicatorProcess r = s.replicator();
        header(lines, "job", s.job());
        header(lines, "phase", s.phase());
        header(lines, "as of", s.asOf() == null ? null : s.asOf().toString());
        header(lines, "replicator", r == null ? "not running" : r.note() != null ? r.note()
                : r.running() ? "running" : "not running");
        String sinceStart = r == null ? null : StatusFormat.between(r.startedAt(), s.asOf());
        if (sinceStart != null) {
            if (r.running()) {
                header(lines, "up", sinceStart);
            } else {
                header(lines, "started", sinceStart + " ago");
            }
        }
        header(lines, "lag", StatusFormat.seconds(s.lagSeconds()));
        header(lines, "source", s.sourcePosition() == null ? "unknown" : s.sourcePosition());
        header(lines, "applied", s.appliedPosition() == null ? "nothing yet" : s.appliedPosition()
                + (s.appliedCommitTime() == null ? "" : " (committed on the source at " + s.appliedCommitTime() + ")"));
        header(lines, "position lag", positionLag(s));
        header(lines, "events/s", StatusFormat.rate(s.eventsPerSecond()) + history(s.eventsPerSecondHistory()));
        header(lines, "last error", blank(s.lastError()) ? "none" : oneLine(s.lastError()));
        if (!blank(s.sourceProblem())) {
            header(lines, "source problem", oneLine(s.sourceProblem()));
        }
        lines.add("");
        if (s.tables().isEmpty()) {
            lines.add("no tables");
            return lines;
        }
        lines.add(s.tables().size() + (s.tables().size() == 1 ? " table" : " tables") + ", needing attention first:");
        lines.addAll(tables(s.tables()));
        return lines;
    }

    static String positionLag(JobStatus s) {
        if (s.positionLag() == null) {
            return "unknown";
        }
        return count(s.positionLag()) + (blank(s.positionLagUnit()) ? "" : " " + s.positionLagUnit());
    }

    private static String history(List<Double> history) {
        double max = 0;
        int n = 0;
        for (Double v : history) {
            if (v != null && Double.isFinite(v)) {
                max = Math.max(max, v);
                n++;
            }
        }
        if (n == 0) {
            return "";
        }
        return " (max " + StatusFormat.rate(max) + " over the last " + StatusFormat.duration(n * 10L) + ")";
    }

    private static void header(List<String> lines, String label, String value) {
        lines.add(StatusFormat.pad(label, LABEL, false) + (value == null ? "-" : oneLine(value)));
    }

    /** A column of the table lines: its cells aligned, after the label when it has one ({@code ins 1,200}). */
    private record Column(String label, Function<TableStatus, String> cell, boolean right) {
        Column(Function<TableStatus, String> cell, boolean right) {
            this(null, cell, right);
        }
    }

    private static List<String> tables(List<TableStatus> tables) {
        List<Column> columns = List.of(
                new Column(t -> oneLine(t.name()), false),
                new Column(t -> t.phase(), false),
                new Column(StatusText::copied, true),
                new Column(t -> snapshot(t) && t.copyRowsPerSecond() != null
                        ? StatusFormat.rate(t.copyRowsPerSecond()) + " rows/s" : "", true),
                new Column(t -> snapshot(t) && t.etaSeconds() != null
                        ? "eta " + StatusFormat.duration(t.etaSeconds()) : "", false),
                new Column("ins", t -> count(t.inserts()), true),
                new Column("upd", t -> count(t.updates()), true),
                new Column("del", t -> count(t.deletes()), true),
                new Column("ddl", t -> count(t.ddl()), true),
                new Column("lag", t -> StatusFormat.seconds(t.lagSeconds()), true),
                new Column(t -> (t.validation() == null ? "-" : t.validation())
                        + (t.validatedAt() == null ? "" : " (validated " + t.validatedAt() + ")"), false),
                new Column(t -> blank(t.lastError()) ? "" : "error: " + oneLine(t.lastError()), false));
        List<List<String>> cells = new ArrayList<>();
        int[] widths = new int[columns.size()];
        for (TableStatus t : tables) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                String v = columns.get(c).cell().apply(t);
                v = v == null ? "-" : v;
                row.add(v);
                widths[c] = Math.max(widths[c], StatusFormat.width(v));
            }
            cells.add(row);
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : cells) {
            StringBuilder b = new StringBuilder("  ");
            for (int c = 0; c < columns.size(); c++) {
                if (widths[c] == 0) {
                    continue;
                }
                Column column = columns.get(c);
                if (column.label() != null) {
                    b.append(column.label()).append(' ');
                }
                b.append(StatusFormat.pad(row.get(c), widths[c], column.right())).append("  ");
            }
            lines.add(b.toString().stripTrailing());
        }
        return lines;
    }

    private static boolean snapshot(TableStatus t) {
        return "snapshot".equals(t.phase());
    }

    /** {@code 1,234 / 10,000 (12%)}, or the rows copied when the estimate is unknown. */
    private static String copied(TableStatus t) {
        Double pct = t.percentCopied();
        if (pct == null) {
            return count(t.rowsCopied()) + " rows";
        }
        return count(t.rowsCopied()) + " / " + count(t.rowsEstimated()) + " (" + (int) Math.floor(pct) + "%)";
    }

    /** The sink's consumer lag: a total line, then one line per partition that is behind or has no commit yet. */
    public static List<String> renderKafka(KafkaStatus kafka) {
        List<String> lines = new java.util.ArrayList<>();
        for (KafkaStatus.Connector c : kafka.connectors()) {
            lines.add("connector   " + c.describe());
        }
        if (kafka.problem() != null) {
            lines.add("kafka lag   " + kafka.problem());
            return lines;
        }
        lines.add("kafka lag   " + count(kafka.totalLag()) + " record(s) over " + kafka.partitions().size()
                + " partition(s), consumer group " + kafka.group());
        for (var p : kafka.partitions()) {
            if (p.lag() > 0 || p.committed() < 0) {
                lines.add("  " + p.topic() + "[" + p.partition() + "]  end " + p.endOffset() + ", committed "
                        + (p.committed() < 0 ? "none" : Long.toString(p.committed())) + ", applied "
                        + (p.applied() < 0 ? "none" : Long.toString(p.applied())) + ", lag " + p.lag());
            }
        }
        return lines;
    }
}
