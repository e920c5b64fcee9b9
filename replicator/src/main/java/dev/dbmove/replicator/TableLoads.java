package dev.dbmove.replicator;

import dev.dbmove.core.TableId;
import dev.dbmove.replicator.apply.TableCopier;
import dev.dbmove.replicator.load.FastLoad;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs copies, one after another, each of the tables queued since the last: the full load
 * at the start, and later a table the stream met for the first time or one that has to be
 * copied again. The fast load ({@link FastLoad}) takes the tables it can carry; a Debezium
 * copy engine reads the others, in parallel.
 */
final class TableLoads {
    private static final Logger LOG = LoggerFactory.getLogger(TableLoads.class);

    private final Function<List<TableId>, Properties> properties;
    private final BiFunction<Set<TableId>, Runnable, TableCopier> copier;
    private final Consumer<Throwable> onFailure;
    private final FastLoad fast;
    private final Function<Set<TableId>, TableCopier.Listener> fastProgress;
    private final Set<TableId> queued = new LinkedHashSet<>();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

    /**
     * @param properties the copy engine's properties for some tables
     * @param copier     the consumer writing a copy of some tables; the runnable ends the copy engine
     * @param onFailure  told when a copy fails (replication then stops)
     * @param fast       the fast load, or null ({@code fullLoad: debezium})
     * @param fastProgress what the fast load of some tables tells
     */
    TableLoads(String job, Function<List<TableId>, Properties> properties,
               BiFunction<Set<TableId>, Runnable, TableCopier> copier, Consumer<Throwable> onFailure,
               FastLoad fast, Function<Set<TableId>, TableCopier.Listener> fastProgress) {
        this.properties = properties;
        this.copier = copier;
        this.onFailure = onFailure;
        this.fast = fast;
        this.fastProgress = fastProgress;
        this.thread = new Thread(this::loop, "dbmove-copy-" + job);
        this.thread.setDaemon(true);
    }

    /** Queues tables to copy; the first call starts the loads. */
    synchronized void submit(List<TableId> tables) {
        queued.addAll(tables);
        notifyAll();
        if (!thread.isAlive() && !stopped) {
            thread.start();
        }
    }

    void stop() {
        stopped = true;
        synchronized (this) {
            notifyAll();
        }
        if (fast != null) {
            fast.stop();
        }
        close(engine);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (!stopped) {
            List<TableId> batch;
            synchronized (this) {
                while (queued.isEmpty() && !stopped) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                batch = new ArrayList<>(queued);
                queued.clear();
            }
            if (stopped) {
                return;
            }
            try {
                copy(batch);
            } catch (RuntimeException e) {
                if (!stopped) {
                    onFailure.accept(e);
                }
                return;
            }
        }
    }

    private void copy(List<TableId> batch) {
        List<TableId> tables = batch;
        if (fast != null) {
            try {
                tables = fast.copy(batch, fastProgress);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!stopped && !tables.isEmpty()) {
            copyByEngine(tables);
        }
    }

    private void copyByEngine(List<TableId> tables) {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<DebeziumEngine<RecordChangeEvent<SourceRecord>>> self = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean complete = new java.util.concurrent.atomic.AtomicBoolean();
        TableCopier consumer = copier.apply(Set.copyOf(tables), () -> {
            complete.set(true);
            // Closing from the engine's own thread would wait for itself: close from another.
            Thread closer = new Thread(() -> close(self.get()), "dbmove-copy-close");
            closer.setDaemon(true);
            closer.start();
        });
        DebeziumEngine<RecordChangeEvent<SourceRecord>> e = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(properties.apply(tables))
                .using((success, message, error) -> {
                    if (!complete.get() && error != null) {
                        failure.set(error);
                    } else if (!complete.get() && !success) {
                        failure.set(new IllegalStateException(message));
                    }
                    finished.countDown();
                })
                .notifying(consumer)
                .build();
        self.set(e);
        engine = e;
        Thread runner = new Thread(e, "dbmove-copy-engine");
        runner.setDaemon(true);
        runner.start();
        try {
            finished.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            close(e);
            return;
        }
        if (stopped) {
            return;
        }
        if (!complete.get()) {
            Throwable t = failure.get();
            throw new IllegalStateException("copying " + tables + " stopped before it finished"
                    + (t == null ? "" : ": " + t.getMessage()), t);
        }
        LOG.debug("copied {}", tables);
    }

    private static void close(DebeziumEngine<?> e) {
        if (e == null) {
            return;
        }
        try {
            e.close();
        } catch (IOException | IllegalStateException ex) {
            LOG.debug("closing a copy engine: {}", ex.getMessage());
        }
    }
}
