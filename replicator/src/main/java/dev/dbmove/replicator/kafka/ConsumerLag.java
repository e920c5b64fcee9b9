package dev.dbmove.replicator.kafka;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.replicator.apply.PartitionedApplier;
import dev.dbmove.replicator.state.OffsetKeys;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * How far dbmove's sink connector is behind, per topic partition, read from Kafka with
 * kafka-clients: the end offset minus the offset the sink's consumer group has committed
 * ({@code lag}), and, from the target, the offset of the last record the target holds
 * ({@code applied}): the sink tells Kafka only what the target has committed, so
 * {@code committed} trails {@code applied} by at most the workers' commit interval.
 */
public final class ConsumerLag implements AutoCloseable {
    /** One partition's numbers; {@code committed} and {@code applied} are -1 when there are none yet. */
    public record PartitionLag(String topic, int partition, long endOffset, long committed, long applied, long lag) {
    }

    private final JobConfig job;
    private final Admin admin;

    private ConsumerLag(JobConfig job, Admin admin) {
        this.job = job;
        this.admin = admin;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }

    /**
     * Records in the partition that the target does not hold yet: the end offset minus the next
     * offset the target or the group's commit says is done; 0 when the target holds them all.
     */
    public static long pending(PartitionLag p) {
        long next = Math.max(0, Math.max(p.applied() + 1, p.committed()));
        return Math.max(0, p.endOffset() - next);
    }

    /** The sink connector's consumer group, as Kafka Connect names it. */
    public static String group(JobConfig job) {
        return "connect-" + ConnectorConfigs.sinkName(job);
    }

    /** Every partition of the topics the sink reads, sorted by topic and partition. */
    public static List<PartitionLag> read(JobConfig job, StateStore state) {
        try (ConsumerLag lag = open(job)) {
            return lag.read(state);
        }
    }

    /** A reader that keeps its Kafka admin client, for reading the lag again and again; close it. */
    public static ConsumerLag open(JobConfig job) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, job.replication().kafkaConnect().bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "dbmove-status");
        return new ConsumerLag(job, Admin.create(p));
    }

    /** Every partition of the topics the sink reads, sorted by topic and partition. */
    public List<PartitionLag> read(StateStore state) {
        Pattern topics = Pattern.compile(ConnectorConfigs.sinkTopics(job));
        try {
            List<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
                    .filter(t -> topics.matcher(t).matches()).toList();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (TopicDescription d : admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS).values()) {
                for (TopicPartitionInfo info : d.partitions()) {
                    ends.put(new TopicPartition(d.name(), info.partition()), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends).all()
                    .get(15, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group(job))
                    .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
            Map<String, String> stored = state.readOffsets();
            List<PartitionLag> lags = new ArrayList<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : end.entrySet()) {
                TopicPartition tp = e.getKey();
                long endOffset = e.getValue().offset();
                OffsetAndMetadata c = committed.get(tp);
                long next = c == null ? 0 : c.offset();
                lags.add(new PartitionLag(tp.topic(), tp.partition(), endOffset, c == null ? -1 : c.offset(),
                        applied(stored, job, tp), Math.max(0, endOffset - next)));
            }
            lags.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
            return lags;
        } catch (ExecutionException | TimeoutException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot read the consumer lag from Kafka at "
                    + job.replication().kafkaConnect().bootstrapServers() + ": " + (e.getCause() != null
                    ? e.getCause().getMessage() : e.getMessage()), "check replication.kafkaConnect.bootstrapServers");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbmoveException(ErrorCode.INTERNAL, "interrupted while reading the consumer lag", "run it again");
        }
    }

    /** The number of records ever written to the topic (its partitions' end offsets added up); -1 when it does not exist. */
    public long written(String topic) {
        try {
            if (!admin.listTopics().names().get(15, TimeUnit.SECONDS).contains(topic)) {
                return -1;
            }
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (TopicPartitionInfo info : admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS)
                    .get(topic).partitions()) {
                ends.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest());
            }
            return admin.listOffsets(ends).all().get(15, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long applied(Map<String, String> stored, JobConfig job, TopicPartition tp) {
        String value = stored.get(PartitionedApplier.offsetKey(ConnectorConfigs.sinkName(job),
                new PartitionedApplier.TopicPartition(tp.topic(), tp.partition())));
        if (value == null) {
            return -1;
        }
        Object offset = OffsetKeys.readValue(value).get("offset");
        return offset instanceof Number n ? n.longValue() : -1;
    }
}
