package dev.dbmove.cli.validate;

import dev.dbmove.validator.RowDifference;
import dev.dbmove.validator.RowDifference.ColumnDifference;
import dev.dbmove.validator.RowDifference.Kind;
import dev.dbmove.validator.TableResult;
import dev.dbmove.validator.ValidationReport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hand-built validation reports: the records are plain values, no server needed. */
final class ValidationFixtures {
    static final Instant STARTED = Instant.parse("2026-11-21T10:00:00Z");
    static final String POSITION = "0-1-4711";

    private ValidationFixtures() {
    }

    static TableResult identical(String table, long rows) {
        return new TableResult(table, rows, rows, rows, 0, 0, 0, 0, 0, List.of(), POSITION, Duration.ofMillis(2_345),
                null);
    }

    /**
     * {@code orders}: 1,000 rows on the source, 2 mismatched (NULL against an empty string and trailing spaces in
     * one row, a masked password and a control character in the other), 1 only on the source, 1 only on the target,
     * 1 pending, 3 more not listed.
     */
    static TableResult orders() {
        List<RowDifference> samples = List.of(
                new RowDifference(Kind.MISMATCHED, Map.of("id", "42"), List.of(
                        new ColumnDifference("amount", "10.5", "10.6"),
                        new ColumnDifference("note", null, ""),
                        new ColumnDifference("name", "Ann", "Ann  "))),
                new RowDifference(Kind.MISMATCHED, Map.of("id", "43"), List.of(
                        new ColumnDifference("password", "(masked)", "(masked)"),
                        new ColumnDifference("comment", "it's\ta\u0000b\\", "it's a b"))),
                new RowDifference(Kind.EXTRA_ON_SOURCE, Map.of("id", "7"), List.of()),
                new RowDifference(Kind.EXTRA_ON_TARGET, Map.of("id", "1001"), List.of()),
                new RowDifference(Kind.PENDING, Map.of("id", "9"), List.of()));
        return new TableResult("orders", 1_000, 1_000, 995, 4, 1, 2, 1, 0, samples, POSITION, Duration.ofMillis(12_300),
                null);
    }

    static TableResult broken() {
        return TableResult.failed("audit", "cannot compare (not replicated): not on the target in\npg:5432/shop",
                Duration.ZERO);
    }

    /** Three tables: identical, differs, error; replication was running. */
    static ValidationReport mixed() {
        return new ValidationReport(List.of(identical("customers", 1_233_567), orders(), broken()), STARTED,
                STARTED.plusMillis(12_300), true);
    }

    static ValidationReport allIdentical() {
        return new ValidationReport(List.of(identical("customers", 500), identical("items", 1_500)), STARTED,
                STARTED.plusMillis(400), false);
    }
}
