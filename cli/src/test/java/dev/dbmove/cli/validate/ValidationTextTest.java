package dev.dbmove.cli.validate;

import dev.dbmove.validator.RowDifference;
import dev.dbmove.validator.RowDifference.ColumnDifference;
import dev.dbmove.validator.TableResult;
import dev.dbmove.validator.ValidationReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbmove validate} as plain lines: tables, samples, summary and advice. */
class ValidationTextTest {
    private static final ValidationText.Run RUN = new ValidationText.Run(false,
            "dbmove validate --config dbmove.yaml --repair");

    @Test
    void oneAlignedLinePerTableThenTheSamplesThenTheSummary() {
        List<String> lines = ValidationText.render(ValidationFixtures.mixed(), RUN);
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\u001b", "\n", "\r", "\t", "\u0000"));

        String header = line(lines, "table");
        assertThat(header).containsSubsequence("result", "source", "target", "matching", "mismatched", "only on source",
                "only on target", "pending", "took").doesNotContain("repaired");
        String customers = line(lines, "customers");
        assertThat(customers).containsSubsequence("identical", "1,233,567", "1,233,567", "1,233,567", "0", "2.3 s");
        String orders = line(lines, "orders");
        assertThat(orders).containsSubsequence("differs", "1,000", "1,000", "995", "4", "1", "2", "1", "12.3 s");
        // Aligned: numbers end where their header ends.
        assertThat(orders.indexOf("995") + 3).isEqualTo(header.indexOf("matching") + "matching".length());
        assertThat(customers.indexOf("identical")).isEqualTo(header.indexOf("result"));

        int o = lines.indexOf(orders);
        assertThat(lines.get(o + 1)).isEqualTo("    mismatched      id=42  amount: source 10.5 | target 10.6");
        int column = lines.get(o + 1).indexOf("amount");
        assertThat(lines.get(o + 2)).isEqualTo(" ".repeat(column) + "note: source NULL | target ''");
        assertThat(lines.get(o + 3)).isEqualTo(" ".repeat(column) + "name: source 'Ann' | target 'Ann  '");
        assertThat(lines.get(o + 4)).isEqualTo("    mismatched      id=43  password: source (masked) | target (masked)");
        assertThat(lines.get(o + 5)).endsWith("comment: source 'it\\'s\\ta\\u0000b\\\\' | target 'it\\'s a b'");
        assertThat(lines.get(o + 6)).isEqualTo("    only on source  id=7");
        assertThat(lines.get(o + 7)).isEqualTo("    only on target  id=1001");
        assertThat(lines.get(o + 8)).isEqualTo("    pending         id=9 (still changing when the run ended)");
        assertThat(lines.get(o + 9)).isEqualTo("    … and 3 more (validation.samples lists 5)");

        String audit = line(lines, "audit");
        assertThat(audit).contains("error").containsPattern("error( +-){7} +0\\.0 s$");
        assertThat(lines.get(lines.indexOf(audit) + 1))
                .isEqualTo("    error: cannot compare (not replicated): not on the target in pg:5432/shop");

        assertThat(lines).contains("validated 3 tables, 1,234,567 rows in 12.3 s (100,371 rows/s per side): 1 identical,"
                + " 1 differs, 1 error (4 mismatched, 1 only on source, 2 only on target, 1 pending)");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("replication was running"));
        assertThat(lines).contains("to copy the differing rows again from the source: dbmove validate --config"
                + " dbmove.yaml --repair");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("pending rows").contains("settleTimeout"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("some tables could not be compared"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).startsWith("repaired"));
    }

    @Test
    void identicalTablesSayNoMoreThanTheSummary() {
        List<String> lines = ValidationText.render(ValidationFixtures.allIdentical(), RUN);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("validated 2 tables, 2,000 rows in 0.4 s (5,000 rows/s per"
                + " side): 2 identical, 0 differs (0 mismatched, 0 only on source, 0 only on target, 0 pending)");
    }

    @Test
    void aRepairShowsTheRowsRepaired() {
        TableResult repaired = new TableResult("orders", 10, 10, 10, 0, 0, 0, 0, 3, List.of(), "p",
                Duration.ofSeconds(75), null);
        List<String> lines = ValidationText.render(new ValidationReport(List.of(repaired), ValidationFixtures.STARTED,
                ValidationFixtures.STARTED.plusSeconds(75), false), new ValidationText.Run(true, "unused"));
        String header = line(lines, "table");
        assertThat(header).contains("repaired");
        String orders = line(lines, "orders");
        assertThat(orders.indexOf("3 ") + 1).isEqualTo(header.indexOf("repaired") + "repaired".length());
        assertThat(orders).endsWith("1m15s");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("repaired 3 rows"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("to copy the differing rows"));
    }

    @Test
    void valuesShowNullEmptyTrailingSpacesInvisibleCharactersAndCutValues() {
        assertThat(ReportFormat.value(null)).isEqualTo("NULL");
        assertThat(ReportFormat.value("NULL")).isEqualTo("'NULL'");
        assertThat(ReportFormat.value("")).isEqualTo("''");
        assertThat(ReportFormat.value("a ")).isEqualTo("'a '");
        assertThat(ReportFormat.value("a\u00a0")).isEqualTo("'a\\u00a0'");
        assertThat(ReportFormat.value("zero\u200bwidth")).isEqualTo("'zero\\u200bwidth'");
        assertThat(ReportFormat.value("line\r\nbreak")).isEqualTo("'line\\r\\nbreak'");
        assertThat(ReportFormat.value("grüße 😀")).isEqualTo("'grüße 😀'");
        assertThat(ReportFormat.value("-12.50")).isEqualTo("-12.50");
        assertThat(ReportFormat.value("150000e-5")).isEqualTo("150000e-5");
        assertThat(ReportFormat.value("2026-11-21")).isEqualTo("'2026-11-21'");
        assertThat(ReportFormat.value("(masked)")).isEqualTo("(masked)");
        String cut = "x".repeat(120);
        assertThat(ReportFormat.value(cut + "… (5000 characters)")).isEqualTo("'" + cut + "…' (5,000 characters)");
        assertThat(ReportFormat.value("a… (5 characters)")).as("real text, not a cut value")
                .isEqualTo("'a… (5 characters)'");
    }

    @Test
    void compositeKeysInKeyOrderAndSamplesWithoutColumns() {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("region", "eu");
        key.put("id", "7");
        assertThat(ValidationText.sample(new RowDifference(RowDifference.Kind.EXTRA_ON_TARGET, key, List.of())))
                .containsExactly("    only on target  region='eu' id=7");
        assertThat(ValidationText.sample(new RowDifference(RowDifference.Kind.MISMATCHED, Map.of("id", "1"),
                List.of(new ColumnDifference("c", "1", null))))).containsExactly("    mismatched      id=1  c: source 1 |"
                + " target NULL");
    }

    private static String line(List<String> lines, String table) {
        return lines.stream().filter(l -> l.startsWith("  " + table + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + table + " in\n" + String.join("\n", lines)));
    }
}
