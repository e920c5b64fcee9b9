package dev.dbmove.validator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One run of {@code dbmove validate}.
 *
 * @param online whether replication was running, so that differences were re-checked after it caught up
 */
public record ValidationReport(List<TableResult> tables, Instant startedAt, Instant finishedAt, boolean online) {
    public ValidationReport {
        tables = List.copyOf(tables);
    }

    public Duration took() {
        return Duration.between(startedAt, finishedAt);
    }

    public long sum(java.util.function.ToLongFunction<TableResult> field) {
        return tables.stream().mapToLong(field).sum();
    }

    public boolean identical() {
        return tables.stream().allMatch(t -> t.result().equals("identical"));
    }

    public boolean failed() {
        return tables.stream().anyMatch(t -> t.error() != null);
    }

    /** The process exit code: 0 identical, 3 some table differs (or stayed pending), 1 some table could not be compared. */
    public int exitCode() {
        if (failed()) {
            return 1;
        }
        return identical() ? 0 : 3;
    }
}
