package dev.dbmove.replicator.engine;

import io.debezium.connector.base.ChangeEventQueue;
import io.debezium.pipeline.Sizeable;
import io.debezium.util.LoggingContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debezium's queue between the source reader and dbmove, bounded as ConnectorProperties bounds
 * it (records and bytes): one record larger than the whole byte bound (a 64 MB value updated:
 * 128 MB with its before image) must not wait forever for room that can never be made.
 * Debezium 3.5 admits a record whenever the queue holds less than the bound, so such a record
 * goes in alone, and the next waits until the consumer has taken it. (The byte bound does not
 * bound the consumer's batch: a poll keeps taking what arrives for its poll interval, 50 ms.)
 */
class QueueBoundTest {
    /** A record that weighs what it says and holds nothing. */
    private record Weighed(String name, long objectSize) implements Sizeable {
    }

    @Test
    void aRecordLargerThanTheByteBoundPassesAloneAndNothingHangs() throws Exception {
        ChangeEventQueue<Weighed> queue = new ChangeEventQueue.Builder<Weighed>()
                .pollInterval(Duration.ofMillis(50))
                .maxQueueSize(ConnectorProperties.MAX_QUEUE)
                .maxBatchSize(ConnectorProperties.MAX_BATCH)
                .maxQueueSizeInBytes(ConnectorProperties.MAX_QUEUE_BYTES)
                .loggingContextSupplier(() -> LoggingContext.forConnector("test", "test", "test"))
                .build();
        Weighed first = new Weighed("first", 2 * ConnectorProperties.MAX_QUEUE_BYTES);
        Weighed second = new Weighed("second", 2 * ConnectorProperties.MAX_QUEUE_BYTES);

        Thread producer = new Thread(() -> {
            try {
                queue.enqueue(first);
                queue.enqueue(second);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        // The first went in at once; the second waits: the queue is past its bound.
        assertThat(waitFor(() -> queue.currentQueueSizeInBytes() > 0)).isTrue();
        producer.join(500);
        assertThat(producer.isAlive()).as("the second record waits for room").isTrue();
        assertThat(queue.currentQueueSizeInBytes()).isEqualTo(first.objectSize());

        // Taking the first makes room: the second goes in (a poll still waiting may take it too).
        List<Weighed> taken = new java.util.ArrayList<>(queue.poll());
        producer.join(5_000);
        assertThat(producer.isAlive()).as("the second record went in once the first was taken").isFalse();
        if (taken.size() < 2) {
            taken.addAll(queue.poll());
        }
        assertThat(taken).containsExactly(first, second);
        assertThat(queue.currentQueueSizeInBytes()).isZero();
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
