package dev.dbmove.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads one topic from its beginning and keeps every record's value as JSON, for assertions. */
final class TopicReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final List<JsonNode> values = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                // The topic may not exist yet (a connector makes it): look again every half second, not every 5 minutes.
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until some value read so far matches, and returns it; fails after the timeout with what was read. */
    JsonNode await(String what, Predicate<JsonNode> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (JsonNode v : values) {
                if (condition.test(v)) {
                    return v;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no record on " + topic + " with " + what + " after " + timeout.toSeconds()
                        + " s; read " + values.size() + ": " + values);
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                try {
                    values.add(r.value() == null ? JSON.nullNode() : JSON.readTree(r.value()));
                } catch (IOException e) {
                    throw new UncheckedIOException("a record on " + topic + " is not JSON: " + r.value(), e);
                }
            }
        }
    }

    List<JsonNode> values() {
        return List.copyOf(values);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
