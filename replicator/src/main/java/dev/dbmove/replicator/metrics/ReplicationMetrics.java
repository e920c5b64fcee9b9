package dev.dbmove.replicator.metrics;

import dev.dbmove.core.TableId;
import dev.dbmove.core.state.TableState;
import dev.dbmove.replicator.apply.ChangeApplier;
import dev.dbmove.replicator.engine.ReplicationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The replicator's Prometheus metrics (Micrometer). Counters are totals since the job
 * started, as {@code dbmove status} shows them: they begin at the stored totals.
 * <ul>
 * <li>{@code dbmove_lag_seconds}: now minus the source commit time of the oldest change not yet applied, 0 when none</li>
 * <li>{@code dbmove_position_lag_bytes} / {@code dbmove_position_lag_transactions}: source position minus applied</li>
 * <li>{@code dbmove_rows_copied_total{table}}, {@code dbmove_events_applied_total{table,op}} (op: insert, update,
 *     delete)</li>
 * <li>{@code dbmove_apply_batch_seconds} histogram: from a target transaction's first write to its commit</li>
 * <li>{@code dbmove_errors_total{kind}} (paused, failed)</li>
 * <li>{@code dbmove_snapshot_rows_estimated{table}}, {@code dbmove_snapshot_progress_ratio{table}}</li>
 * <li>the JVM's: {@code jvm_memory_used_bytes{area,id}}, {@code jvm_gc_pause_seconds}, {@code process_cpu_usage}</li>
 * </ul>
 */
public final class ReplicationMetrics implements ReplicationListener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<Double> lagSeconds = new AtomicReference<>(0.0);
    private final Map<String, AtomicLong> positionLag = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> copied = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> estimated = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer batches;

    public ReplicationMetrics() {
        Gauge.builder("dbmove.lag.seconds", lagSeconds, AtomicReference::get)
                .description("now minus the source commit time of the oldest change not yet applied").register(registry);
        batches = Timer.builder("dbmove.apply.batch").description("a target transaction, from first write to commit")
                .publishPercentileHistogram().register(registry);
        Counter.builder("dbmove.errors").tag("kind", "paused").register(registry);
        Counter.builder("dbmove.errors").tag("kind", "failed").register(registry);
        // The JVM's own: heap used by pool, GC pauses, the process's CPU (benchmarks read the peak heap from here).
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void stored(List<TableState> tables) {
        for (TableState t : tables) {
            copiedOf(t.table()).set(t.rowsCopied());
            event(t.table(), "insert").increment(t.inserts());
            event(t.table(), "update").increment(t.updates());
            event(t.table(), "delete").increment(t.deletes());
            if (t.rowsEstimated() != null) {
                estimatedOf(t.table()).set(t.rowsEstimated());
            }
        }
    }

    @Override
    public void started(List<TableId> tables, Map<TableId, Long> estimatedRows, boolean snapshot) {
        for (TableId t : tables) {
            copiedOf(t.name());
            Long rows = estimatedRows.get(t);
            if (rows != null && rows >= 0 && estimatedOf(t.name()).get() == 0) {
                estimatedOf(t.name()).set(rows);
            }
        }
    }

    @Override
    public void committed(Map<TableId, ChangeApplier.TableCounts> counts, Instant lastSourceCommit) {
        for (Map.Entry<TableId, ChangeApplier.TableCounts> e : counts.entrySet()) {
            String table = e.getKey().name();
            ChangeApplier.TableCounts c = e.getValue();
            copiedOf(table).addAndGet(c.rowsCopied());
            event(table, "insert").increment(c.inserts());
            event(table, "update").increment(c.updates());
            event(table, "delete").increment(c.deletes());
        }
    }

    @Override
    public void batchCommitted(long changes, long nanos) {
        batches.record(Duration.ofNanos(nanos));
    }

    @Override
    public void lag(double seconds, Long position, String unit) {
        lagSeconds.set(seconds);
        if (position != null && unit != null) {
            positionLag.computeIfAbsent(unit, u -> {
                AtomicLong v = new AtomicLong();
                Gauge.builder("dbmove.position.lag." + u, v, AtomicLong::get)
                        .description("source position minus applied position, in " + u).register(registry);
                return v;
            }).set(position);
        }
    }

    @Override
    public void error(String kind) {
        Counter.builder("dbmove.errors").tag("kind", kind).register(registry).increment();
    }

    private Counter event(String table, String op) {
        return counters.computeIfAbsent(table + "\u0000" + op, k -> Counter.builder("dbmove.events.applied")
                .description("changes applied to the target").tag("table", table).tag("op", op).register(registry));
    }

    private AtomicLong copiedOf(String table) {
        return copied.computeIfAbsent(table, t -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("dbmove.rows.copied", v, AtomicLong::get).description("rows written by the full load")
                    .tag("table", t).register(registry);
            Gauge.builder("dbmove.snapshot.progress.ratio", () -> ratio(t)).description("rows copied of estimated")
                    .tag("table", t).register(registry);
            return v;
        });
    }

    private AtomicLong estimatedOf(String table) {
        return estimated.computeIfAbsent(table, t -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("dbmove.snapshot.rows.estimated", v, AtomicLong::get).tag("table", t).register(registry);
            return v;
        });
    }

    private double ratio(String table) {
        AtomicLong e = estimated.get(table);
        AtomicLong c = copied.get(table);
        if (e == null || e.get() <= 0 || c == null) {
            return 0;
        }
        return Math.min(1.0, (double) c.get() / e.get());
    }
}
