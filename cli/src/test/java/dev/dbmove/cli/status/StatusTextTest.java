package dev.dbmove.cli.status;

import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.TableStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbmove status} once, as plain lines. */
class StatusTextTest {

    @Test
    void headerThenOneAlignedLinePerTableNeedingAttentionFirst() {
        List<String> lines = StatusText.render(StatusFixtures.shop());

        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\u001b", "\n", "\r", "\t"));
        assertThat(lines).contains("job             shop", "phase           streaming", "up              1h02m",
                "lag             2.500 s", "source          " + StatusFixtures.SOURCE_POSITION,
                "position lag    1,212 bytes", "last error      none");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("replicator").contains("running on db1 (pid 4242)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("applied").contains(StatusFixtures.APPLIED_POSITION));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("events/s        123.5"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).startsWith("source problem"));

        int orders = index(lines, "orders");
        int payments = index(lines, "payments");
        int products = index(lines, "products");
        int customers = index(lines, "customers");
        assertThat(orders).isLessThan(payments);
        assertThat(payments).isLessThan(products);
        assertThat(products).isLessThan(customers);
        assertThat(customers).isEqualTo(lines.size() - 1);

        assertThat(lines.get(orders)).contains("paused", "10,000 / 10,000 (100%)", "ins 1,200", "upd 310", "del 4",
                "ddl 1", "lag 12.000 s", "not yet", "error: Duplicate entry '42' for key 'orders.PRIMARY' at the target");
        assertThat(lines.get(products)).contains("snapshot", "2,500 / 10,000 (25%)", "250.0 rows/s", "eta 30s")
                .containsPattern("ins +0  upd +0  del 0  ddl 0  lag +unknown").doesNotContain("error");
        assertThat(lines.get(payments)).contains("800 rows", "differs (validated 2026-11-21T09:45:00Z)");
        assertThat(lines.get(customers)).contains("identical");

        // Aligned: each column starts at the same place on every table line.
        for (String column : new String[] {"ins ", "lag ", "ddl "}) {
            assertThat(List.of(orders, payments, products, customers)).extracting(i -> lines.get(i).indexOf(column))
                    .as(column).containsOnly(lines.get(orders).indexOf(column));
        }
        assertThat(lines.get(orders).indexOf("paused")).isEqualTo(lines.get(customers).indexOf("streaming"));
    }

    @Test
    void showsTheSourceProblemAndAStoppedReplicator() {
        JobStatus s = new JobStatus("shop", "stopped", StatusFixtures.AS_OF,
                new JobStatus.ReplicatorProcess(false, "db1", 12L, StatusFixtures.STARTED, StatusFixtures.AS_OF,
                        StatusFixtures.AS_OF, "not running since 2026-11-21T10:00:00Z"),
                null, null, "mysql-bin.000001:4", null, null, 0, List.of(), null, "killed\nby signal 9",
                "Communications link failure", List.of());
        List<String> lines = StatusText.render(s);
        assertThat(lines).contains("lag             unknown", "source          unknown", "position lag    unknown",
                "last error      killed by signal 9", "source problem  Communications link failure",
                "started         1h02m ago", "replicator      not running since 2026-11-21T10:00:00Z", "no tables");
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\u001b"));
    }

    @Test
    void aTableWithoutEstimateShowsItsRows() {
        List<String> lines = StatusText.render(StatusFixtures.shop(0, List.of(new TableStatus("t", "snapshot", 1234,
                null, null, null, 0, 0, 0, 0, 0.0, null, TableStatus.NOT_YET, null))));
        assertThat(lines.get(lines.size() - 1)).startsWith("  t  snapshot  1,234 rows");
    }

    private static int index(List<String> lines, String table) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("  " + table + " ")) {
                return i;
            }
        }
        throw new AssertionError("no line for " + table + " in\n" + String.join("\n", lines));
    }
}
