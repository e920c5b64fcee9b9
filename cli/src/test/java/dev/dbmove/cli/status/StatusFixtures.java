package dev.dbmove.cli.status;

import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.TableStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-built statuses for the status views' tests. */
final class StatusFixtures {
    static final Instant AS_OF = Instant.parse("2026-11-21T10:00:00Z");
    static final Instant STARTED = Instant.parse("2026-11-21T08:58:00Z");
    static final String SOURCE_POSITION = "mysql-bin.000003:48213";
    static final String APPLIED_POSITION = "mysql-bin.000003:47001";
    static final String PAUSED_ERROR = "Duplicate entry '42' for key 'orders.PRIMARY'\n\tat the target";

    private StatusFixtures() {
    }

    static JobStatus.ReplicatorProcess running() {
        return new JobStatus.ReplicatorProcess(true, "db1", 4242L, STARTED, null, AS_OF.minusSeconds(2),
                "running on db1 (pid 4242) since " + STARTED);
    }

    /** Job shop, streaming, lag 2.5 s: customers streaming, orders paused with an error, products copying
     * 2,500 of 10,000 rows, payments differing. */
    static JobStatus shop() {
        return shop(2.5, List.of(
                new TableStatus("customers", "streaming", 5000, 5000L, null, null, 120, 30, 2, 0, 0.4,
                        null, TableStatus.IDENTICAL, Instant.parse("2026-11-21T09:30:00Z")),
                new TableStatus("orders", "paused", 10_000, 10_000L, null, null, 1200, 310, 4, 1, 12.0,
                        PAUSED_ERROR, TableStatus.NOT_YET, null),
                new TableStatus("products", "snapshot", 2500, 10_000L, 250.0, 30.0, 0, 0, 0, 0, null,
                        null, TableStatus.NOT_YET, null),
                new TableStatus("payments", "streaming", 800, null, null, null, 15, 3, 0, 0, 0.0,
                        null, TableStatus.DIFFERS, Instant.parse("2026-11-21T09:45:00Z"))));
    }

    static JobStatus shop(double lag, List<TableStatus> tables) {
        return new JobStatus("shop", "streaming", AS_OF, running(), lag, SOURCE_POSITION, APPLIED_POSITION,
                1212L, "bytes", 123.456, List.of(10.0, 40.0, 80.0, 160.0, 120.0, 123.456),
                Instant.parse("2026-11-21T09:59:57.500Z"), null, null, tables);
    }

    /** {@code n} streaming tables t01, t02, ... */
    static List<TableStatus> manyTables(int n) {
        List<TableStatus> tables = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            tables.add(new TableStatus(String.format("t%02d", i), "streaming", i * 100L, i * 100L, null, null,
                    i, 0, 0, 0, 0.0, null, TableStatus.NOT_YET, null));
        }
        return tables;
    }
}
