package dev.dbmove.cli.validate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmove.cli.Json;
import dev.dbmove.validator.RowDifference;
import dev.dbmove.validator.TableResult;
import dev.dbmove.validator.ValidationReport;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * {@code dbmove validate --json}: one JSON object. Its field names are a contract scripts rely on: add fields, never
 * rename or remove one. Counts are JSON numbers, times ISO-8601 UTC strings, durations seconds with 3 decimals;
 * values in samples are the validator's canonical text as JSON strings, SQL NULL as JSON null, and
 * {@code "(masked)"} for masked columns.
 */
public final class ValidationJson {
    private ValidationJson() {
    }

    /** The report as one pretty-printed JSON object. */
    public static String render(ValidationReport report) {
        return Json.write(tree(report));
    }

    static ObjectNode tree(ValidationReport r) {
        ObjectNode root = Json.object();
        root.put("identical", r.identical());
        root.put("online", r.online());
        root.put("startedAt", r.startedAt().toString());
        root.put("finishedAt", r.finishedAt().toString());
        root.put("seconds", seconds(r.took()));
        root.put("exitCode", r.exitCode());
        root.set("summary", summary(r));
        ArrayNode tables = root.putArray("tables");
        r.tables().forEach(t -> tables.add(table(t)));
        return root;
    }

    /**
     * Tables by result, then the rows summed over the tables. {@code pending} counts rows, as in each table;
     * {@code pendingTables} counts the tables whose result is {@code pending}.
     */
    private static ObjectNode summary(ValidationReport r) {
        ObjectNode n = Json.object();
        n.put("tables", r.tables().size());
        n.put("identical", results(r, "identical"));
        n.put("differs", results(r, "differs"));
        n.put("pendingTables", results(r, "pending"));
        n.put("errors", results(r, "error"));
        sum(n, r, "sourceRows", TableResult::sourceRows);
        sum(n, r, "targetRows", TableResult::targetRows);
        sum(n, r, "matching", TableResult::matching);
        sum(n, r, "mismatched", TableResult::mismatched);
        sum(n, r, "extraOnSource", TableResult::extraOnSource);
        sum(n, r, "extraOnTarget", TableResult::extraOnTarget);
        sum(n, r, "pending", TableResult::pending);
        sum(n, r, "repaired", TableResult::repaired);
        return n;
    }

    private static long results(ValidationReport r, String result) {
        return r.tables().stream().filter(t -> t.result().equals(result)).count();
    }

    private static void sum(ObjectNode n, ValidationReport r, String field, ToLongFunction<TableResult> value) {
        n.put(field, r.sum(value));
    }

    private static ObjectNode table(TableResult t) {
        ObjectNode n = Json.object();
        n.put("table", t.table());
        n.put("result", t.result());
        n.put("sourceRows", t.sourceRows());
        n.put("targetRows", t.targetRows());
        n.put("matching", t.matching());
        n.put("mismatched", t.mismatched());
        n.put("extraOnSource", t.extraOnSource());
        n.put("extraOnTarget", t.extraOnTarget());
        n.put("pending", t.pending());
        n.put("repaired", t.repaired());
        n.put("sourcePosition", t.sourcePosition());
        n.put("seconds", seconds(t.took()));
        if (t.error() != null) {
            n.put("error", t.error());
        }
        ArrayNode samples = n.putArray("samples");
        t.samples().forEach(d -> samples.add(sample(d)));
        return n;
    }

    private static ObjectNode sample(RowDifference d) {
        ObjectNode n = Json.object();
        n.put("kind", d.kind().jsonName());
        ObjectNode key = n.putObject("key");
        for (Map.Entry<String, String> e : d.key().entrySet()) {
            key.put(e.getKey(), e.getValue());
        }
        ArrayNode columns = n.putArray("columns");
        for (RowDifference.ColumnDifference c : d.columns()) {
            ObjectNode column = columns.addObject();
            column.put("column", c.column());
            column.put("source", c.sourceValue());
            column.put("target", c.targetValue());
        }
        return n;
    }

    /** Seconds with 3 decimals, always written with a decimal point ({@code 0.0}, {@code 12.345}). */
    private static BigDecimal seconds(Duration d) {
        if (d == null) {
            return null;
        }
        BigDecimal s = BigDecimal.valueOf(d.toNanos()).movePointLeft(9).setScale(3, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return s.scale() < 1 ? s.setScale(1, RoundingMode.UNNECESSARY) : s;
    }
}
