package dev.dbmove.cli.validate;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress on stderr: plain lines at most every 5 s per table elsewhere, bars redrawn in place on a terminal. */
class ValidationProgressTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final StringWriter err = new StringWriter();

    private void advanceSeconds(double s) {
        nanos.addAndGet((long) (s * 1e9));
    }

    @Test
    void withoutTerminalOneLineWhenQueuedAtMostOneEveryFiveSecondsAndOneWhenFinished() {
        try (ValidationProgress p = new ValidationProgress(new PrintWriter(err, true), false, nanos::get, false)) {
            p.tableStarted("orders", 10_000);
            p.tableStarted("notes", -1);
            for (int i = 0; i < 10; i++) {
                advanceSeconds(1);
                p.chunkCompared("orders", 1_000, 1_000);
            }
            p.rechecking("orders", 2);
            p.repairing("orders", 2);
            p.tableFinished(ValidationFixtures.orders());
            p.tableFinished(ValidationFixtures.broken());
        }
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).containsExactly(
                "orders: queued, ~10,000 rows estimated",
                "notes: queued, row count unknown",
                "orders: 5,000 of ~10,000 (50%) rows compared, 1,000 rows/s",
                "orders: 10,000 of ~10,000 (100%) rows compared, 1,000 rows/s",
                "orders: repairing 2 rows",
                "orders: differs: 4 mismatched, 1 only on source, 2 only on target, 1 pending in 12.3 s",
                "audit: error: cannot compare (not replicated): not on the target in pg:5432/shop");
    }

    @Test
    void onATerminalBarsAreRedrawnInPlaceAndErasedOnClose() {
        ValidationProgress p = new ValidationProgress(new PrintWriter(err, true), true, nanos::get, false);
        p.tableStarted("orders", 10_000);
        p.tableStarted("customers", 500);
        advanceSeconds(1);
        p.chunkCompared("orders", 2_500, 2_500);
        advanceSeconds(1);
        p.redraw();
        String first = err.toString();
        assertThat(first).startsWith("\r")
                .contains("orders                   [#####...............] 2,500 of ~10.0k (25%)  1,250 rows/s\u001b[K\n")
                .contains("0 of 2 tables done; 2,500 rows compared, 1,250 rows/s\u001b[K\n")
                .doesNotContain("customers");

        p.redraw(); // nothing changed: nothing drawn
        assertThat(err.toString()).isEqualTo(first);

        p.tableFinished(ValidationFixtures.identical("orders", 10_000));
        p.redraw();
        String second = err.toString().substring(first.length());
        assertThat(second).startsWith("\r\u001b[2A").contains("1 of 2 tables done, 1 identical")
                .doesNotContain("[#");
        p.close();
        assertThat(err.toString().substring(first.length() + second.length())).isEqualTo("\r\u001b[1A\u001b[J");
    }

    @Test
    void callbacksFromManyThreadsAreCounted() throws Exception {
        ValidationProgress p = new ValidationProgress(new PrintWriter(err, true), true, System::nanoTime, true);
        p.tableStarted("t", 80_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8_000; i++) {
            pool.submit(() -> p.chunkCompared("t", 10, 10));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300);
        p.close();
        assertThat(err.toString()).contains("80,000 rows compared").endsWith("\u001b[J");
    }
}
