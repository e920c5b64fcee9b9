package dev.dbmove.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where {@code engine: kafka-connect} runs the job: an existing Kafka Connect cluster
 * ({@code connectUrl}, its REST API) and the Kafka it uses ({@code bootstrapServers}, read
 * for consumer-group lag).
 *
 * @param connectUrls the REST API of one or more workers ({@code connectUrl}, comma-separated): dbmove asks the
 *                    first that answers, so that a worker down does not stop status, cutover or replicate
 * @param topicPrefix Debezium's {@code topic.prefix}; null for the job's own ({@code dbmove_<job>})
 * @param tasksMax    the sink connector's {@code tasks.max}
 * @param partitions  partitions of each change topic Connect creates (records are keyed by
 *                    row key, so one row's changes stay in order within its partition)
 */
public record KafkaConnectSettings(List<URI> connectUrls, String bootstrapServers, String topicPrefix, int tasksMax,
                                   int partitions) {
    public KafkaConnectSettings {
        connectUrls = List.copyOf(connectUrls);
        if (connectUrls.isEmpty()) {
            throw new IllegalArgumentException("connectUrls is empty");
        }
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (tasksMax < 1 || partitions < 1) {
            throw new IllegalArgumentException("tasksMax and partitions must be 1 or more");
        }
    }

    /** The first worker's REST address, for messages. */
    public URI connectUrl() {
        return connectUrls.get(0);
    }
}
