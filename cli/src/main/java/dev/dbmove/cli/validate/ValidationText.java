package dev.dbmove.cli.validate;

import dev.dbmove.validator.RowDifference;
import dev.dbmove.validator.TableResult;
import dev.dbmove.validator.ValidationReport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.dbmove.cli.validate.ReportFormat.count;

/**
 * {@code dbmove validate} as plain lines (no terminal control codes): one aligned line per table under a header,
 * below a table that differs its sample rows (key, and per differing column both sides' values), below a table that
 * could not be compared its error; then one summary line and what to do next.
 */
public final class ValidationText {
    private static final String INDENT = "  ";
    /** Wide enough for the longest kind, {@code only on source}, so that the keys line up. */
    private static final int KIND = 14;

    /**
     * How the run was asked for, which the report itself does not say.
     *
     * @param repair        {@code --repair} was given: the lines show the rows repaired
     * @param repairCommand the command line that repairs what this run found, for the advice under the summary
     */
    public record Run(boolean repair, String repairCommand) {
    }

    private ValidationText() {
    }

    /** The report as lines without line separators. */
    public static List<String> render(ValidationReport report, Run run) {
        List<String> lines = new ArrayList<>(tables(report.tables(), run.repair()));
        lines.add("");
        lines.add(summary(report));
        if (run.repair()) {
            lines.add("repaired " + ReportFormat.rows(report.sum(TableResult::repaired)) + ": copied again from the"
                    + " source, or deleted from the target where the source no longer has them, then compared again");
        }
        if (report.online()) {
            lines.add("replication was running: rows that differed were compared again after the target had applied the"
                    + " source's changes up to the moment they were read");
        }
        lines.addAll(advice(report, run));
        return lines;
    }

    /** {@code validated 5 tables, 1,234,567 rows in 12.3 s (100,370 rows/s per side): 4 identical, 1 differs (...)}. */
    public static String summary(ValidationReport report) {
        List<TableResult> tables = report.tables();
        long rows = report.sum(TableResult::sourceRows);
        double seconds = report.took().toNanos() / 1e9;
        StringBuilder b = new StringBuilder("validated ").append(tables.size())
                .append(tables.size() == 1 ? " table, " : " tables, ").append(ReportFormat.rows(rows)).append(" in ")
                .append(ReportFormat.duration(report.took()));
        if (seconds > 0) {
            b.append(" (").append(ReportFormat.rate(rows / seconds)).append(" rows/s per side)");
        }
        b.append(": ").append(results(tables, "identical")).append(" identical, ").append(results(tables, "differs"))
                .append(" differs");
        long pending = results(tables, "pending");
        if (pending > 0) {
            b.append(", ").append(pending).append(" pending");
        }
        long errors = results(tables, "error");
        if (errors > 0) {
            b.append(", ").append(errors).append(errors == 1 ? " error" : " errors");
        }
        return b.append(" (").append(count(report.sum(TableResult::mismatched))).append(" mismatched, ")
                .append(count(report.sum(TableResult::extraOnSource))).append(" only on source, ")
                .append(count(report.sum(TableResult::extraOnTarget))).append(" only on target, ")
                .append(count(report.sum(TableResult::pending))).append(" pending)").toString();
    }

    private static long results(List<TableResult> tables, String result) {
        return tables.stream().filter(t -> t.result().equals(result)).count();
    }

    /** What the user can do about what was found, or nothing when every table is identical. */
    private static List<String> advice(ValidationReport report, Run run) {
        List<String> lines = new ArrayList<>();
        boolean differs = report.tables().stream().anyMatch(t -> t.differing() > 0);
        boolean pending = report.sum(TableResult::pending) > 0;
        if (differs) {
            lines.add(run.repair()
                    ? "rows still differ after the repair: they changed again meanwhile, or the target rejects the"
                    + " source's values; run the same command again, and see the rows above"
                    : "to copy the differing rows again from the source: " + run.repairCommand());
        }
        if (pending) {
            lines.add("pending rows kept changing on the source until validation.settleTimeout ran out: run dbmove"
                    + " validate again when the writes are quieter, or raise validation.settleTimeout");
        }
        if (report.failed()) {
            lines.add("some tables could not be compared: see the error under each; the other tables' results hold");
        }
        return lines;
    }

    /** A column of the table lines, with its header; {@code right} aligns numbers. */
    private record Column(String header, Function<TableResult, String> cell, boolean right) {
    }

    private static List<String> tables(List<TableResult> tables, boolean repair) {
        List<Column> columns = new ArrayList<>(List.of(
                new Column("table", TableResult::table, false),
                new Column("result", TableResult::result, false),
                new Column("source", t -> number(t, t.sourceRows()), true),
                new Column("target", t -> number(t, t.targetRows()), true),
                new Column("matching", t -> number(t, t.matching()), true),
                new Column("mismatched", t -> number(t, t.mismatched()), true),
                new Column("only on source", t -> number(t, t.extraOnSource()), true),
                new Column("only on target", t -> number(t, t.extraOnTarget()), true),
                new Column("pending", t -> number(t, t.pending()), true)));
        if (repair) {
            columns.add(new Column("repaired", t -> number(t, t.repaired()), true));
        }
        columns.add(new Column("took", t -> t.took() == null ? "-" : ReportFormat.duration(t.took()), true));

        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).header().length();
            for (TableResult t : tables) {
                widths[c] = Math.max(widths[c], columns.get(c).cell().apply(t).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(row(columns, widths, Column::header));
        for (TableResult t : tables) {
            lines.add(row(columns, widths, column -> column.cell().apply(t)));
            if (t.error() != null) {
                lines.add(INDENT + INDENT + "error: " + ReportFormat.oneLine(t.error()));
                continue;
            }
            for (RowDifference d : t.samples()) {
                lines.addAll(sample(d));
            }
            long listed = t.samples().size();
            long differing = t.differing() + t.pending();
            if (listed > 0 && differing > listed) {
                lines.add(INDENT + INDENT + "… and " + count(differing - listed) + " more (validation.samples lists "
                        + listed + ")");
            }
        }
        return lines;
    }

    private static String row(List<Column> columns, int[] widths, Function<Column, String> cell) {
        StringBuilder b = new StringBuilder(INDENT);
        for (int c = 0; c < columns.size(); c++) {
            b.append(ReportFormat.pad(cell.apply(columns.get(c)), widths[c], columns.get(c).right())).append("  ");
        }
        return b.toString().stripTrailing();
    }

    /** A table that could not be compared has no counts. */
    private static String number(TableResult t, long n) {
        return t.error() != null ? "-" : count(n);
    }

    /**
     * One differing row: {@code mismatched      id=42  amount: source 10.5 | target 10.6}, further differing
     * columns each on a line of their own below the first.
     */
    static List<String> sample(RowDifference d) {
        String head = INDENT + INDENT + ReportFormat.pad(kind(d.kind()), KIND, false) + "  "
                + ReportFormat.key(d.key());
        List<String> lines = new ArrayList<>();
        if (d.kind() == RowDifference.Kind.PENDING) {
            lines.add(head + " (still changing when the run ended)");
            return lines;
        }
        if (d.columns().isEmpty()) {
            lines.add(head);
            return lines;
        }
        String continuation = " ".repeat(head.length());
        for (int i = 0; i < d.columns().size(); i++) {
            RowDifference.ColumnDifference c = d.columns().get(i);
            lines.add((i == 0 ? head : continuation) + "  " + c.column() + ": source "
                    + ReportFormat.value(c.sourceValue()) + " | target " + ReportFormat.value(c.targetValue()));
        }
        return lines;
    }

    static String kind(RowDifference.Kind kind) {
        return switch (kind) {
            case MISMATCHED -> "mismatched";
            case EXTRA_ON_SOURCE -> "only on source";
            case EXTRA_ON_TARGET -> "only on target";
            case PENDING -> "pending";
        };
    }
}
