package dev.dbmove.cli.status;

import dev.dbmove.replicator.kafka.ConsumerLag.PartitionLag;

import java.util.List;

/**
 * A job on Kafka Connect: its sink's consumer group and lag per partition, or why they could
 * not be read ({@code problem}, with no partitions).
 */
public record KafkaStatus(String group, List<PartitionLag> partitions, String problem, List<Connector> connectors) {
    public KafkaStatus {
        partitions = List.copyOf(partitions);
        connectors = List.copyOf(connectors);
    }

    /** A connector of the job as Connect reports it: its state and its tasks' states ("absent" when not there). */
    public record Connector(String name, String state, List<String> tasks) {
        public Connector {
            tasks = List.copyOf(tasks);
        }

        public String describe() {
            return name + " " + state + (tasks.isEmpty() ? "" : " (tasks " + String.join(", ", tasks) + ")");
        }
    }

    /** Records not yet committed by the sink, over every partition. */
    public long totalLag() {
        return partitions.stream().mapToLong(PartitionLag::lag).sum();
    }
}
