package dev.dbmove.testkit;

import java.util.Map;

/**
 * What a {@link WorkloadWriter} committed: operation counts and the rows the table must hold.
 *
 * @param failures transactions that failed and were rolled back (a restarting server, say)
 */
public record WorkloadReport(long inserts, long updates, long keyUpdates, long deletes, long failures,
                             Map<Long, WorkloadWriter.Row> expectedRows) {
    public WorkloadReport {
        expectedRows = Map.copyOf(expectedRows);
    }

    public long operations() {
        return inserts + updates + keyUpdates + deletes;
    }

    @Override
    public String toString() {
        return "workload: " + inserts + " inserts, " + updates + " updates, " + keyUpdates + " key updates, "
                + deletes + " deletes, " + failures + " failed transactions; " + expectedRows.size() + " rows expected";
    }

    /** Mutable tally, confined to the writer's lock. */
    static final class Counter {
        long inserts;
        long updates;
        long keyUpdates;
        long deletes;
        long failures;

        void add(Counter other) {
            inserts += other.inserts;
            updates += other.updates;
            keyUpdates += other.keyUpdates;
            deletes += other.deletes;
        }
    }
}
