package dev.dbmove.replicator.state;

import io.debezium.embedded.Connect;
import io.debezium.embedded.EmbeddedEngineChangeEvent;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A real Debezium embedded engine for a test: runs on its own thread and queues every record it delivers. */
final class TestEngine implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(90);

    /** One data change: the table's topic, Debezium's op (r, c, u, d), the row's id and the record itself. */
    record Change(String topic, String op, int id, SourceRecord record) {
        Struct after() {
            return ((Struct) record.value()).getStruct("after");
        }

        @Override
        public String toString() {
            return op + id;
        }
    }

    private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-engine"));
    private final LinkedBlockingQueue<SourceRecord> delivered = new LinkedBlockingQueue<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile SourceRecord last;

    private TestEngine(Map<String, String> properties) {
        Properties props = new Properties();
        props.putAll(properties);
        engine = DebeziumEngine.create(Connect.class).using(props)
                .notifying(event -> {
                    SourceRecord record = ((EmbeddedEngineChangeEvent<?, ?, ?>) event).sourceRecord();
                    last = record;
                    delivered.add(record);
                })
                .using((success, message, error) -> {
                    if (!success) {
                        failure.set(message + (error == null ? "" : ": " + error));
                    }
                })
                .build();
        thread.submit(engine);
    }

    static TestEngine start(Map<String, String> properties) {
        return new TestEngine(properties);
    }

    /** The last record delivered to the consumer, of any topic. */
    SourceRecord last() {
        return last;
    }

    /**
     * Waits for data changes of {@code topic} until one for row {@code id} arrives and returns all
     * of them in order; records of other topics (schema changes) are skipped.
     */
    List<Change> changesUntil(String topic, int id) throws InterruptedException {
        List<Change> changes = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            SourceRecord record = delivered.poll(100, TimeUnit.MILLISECONDS);
            if (record == null) {
                if (failure.get() != null) {
                    throw new AssertionError("the engine failed: " + failure.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no change for id " + id + " on " + topic + " within " + WAIT + "; got " + changes);
                }
                continue;
            }
            if (!topic.equals(record.topic()) || !(record.value() instanceof Struct value)) {
                continue;
            }
            Struct row = "d".equals(value.getString("op")) ? value.getStruct("before") : value.getStruct("after");
            Change change = new Change(record.topic(), value.getString("op"), ((Number) row.get("id")).intValue(), record);
            changes.add(change);
            if (change.id() == id) {
                return changes;
            }
        }
    }

    /** Stops the engine as an operator would, committing what was delivered, and fails if it had failed. */
    @Override
    public void close() throws IOException {
        engine.close();
        thread.shutdown();
        try {
            if (!thread.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the engine did not stop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the engine stopped", e);
        }
        if (failure.get() != null) {
            throw new AssertionError("the engine failed: " + failure.get());
        }
    }
}
