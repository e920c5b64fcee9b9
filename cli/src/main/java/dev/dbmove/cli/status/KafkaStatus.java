package dev.dbmove.cli.status;

import dev.dbmove.replicator.kafka.ConsumerLag.PartitionLag;

import java.util.List;

/**
 * A job on Kafka Connect: its sink's consumer group and lag per partition, or why they could
 * not be read ({@code problem}, with no partitions).
 */
public record KafkaStatus(String group, List<PartitionLag> partitions, String problem) {
    public KafkaStatus {
        partitions = List.copyOf(partitions);
    }

    /** Records not yet committed by the sink, over every partition. */
    public long totalLag() {
        return partitions.stream().mapToLong(PartitionLag::lag).sum();
    }
}
