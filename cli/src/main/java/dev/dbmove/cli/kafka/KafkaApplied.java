package dev.dbmove.cli.kafka;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.state.JobState;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.status.SourcePosition;
import dev.dbmove.replicator.ConnectDeployment;
import dev.dbmove.replicator.kafka.ConnectorConfigs;
import dev.dbmove.replicator.kafka.ConsumerLag;
import dev.dbmove.validator.AppliedCheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a job Kafka Connect runs has applied to the target, in two halves. First, Kafka must hold
 * every change up to a source position: the source connector's committed offset has reached it
 * (Connect commits a source offset only once Kafka holds every record before it), or the target
 * already holds a change written after it (Debezium sends changes in the source's order), or for
 * PostgreSQL the slot confirmed it. Then the target must hold every record the job's partitions
 * had at that moment: the offset the sink stored with the data, or its group's commit, at those
 * end offsets. Used by {@code dbmove validate} to tell changes in flight from differences, and by
 * the cutover's drain.
 */
public final class KafkaApplied implements AppliedCheck, AutoCloseable {
    private static final int POSITIONS_KEPT = 64;

    private final JobConfig job;
    private final StateStore state;
    private final ConnectDeployment connect;
    private ConsumerLag lag;
    /** Per source position asked about, each partition's end offset once Kafka held everything up to it. */
    private final Map<String, Map<String, Long>> ends = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Long>> eldest) {
            return size() > POSITIONS_KEPT;
        }
    };

    public KafkaApplied(JobConfig job, StateStore state) {
        this.job = job;
        this.state = state;
        this.connect = new ConnectDeployment(job, message -> { });
    }

    ConnectDeployment connect() {
        return connect;
    }

    /** Both connectors and all their tasks run. */
    @Override
    public boolean online() {
        try {
            return connect.notRunning().isEmpty();
        } catch (DbmoveException unreachable) {
            return false;
        }
    }

    @Override
    public synchronized boolean applied(Connection source, DatabaseType sourceEngine, String position, Instant asked)
            throws SQLException {
        Map<String, Long> at = ends.get(position);
        if (at == null) {
            if (!inKafka(source, sourceEngine, position, true)) {
                return false;
            }
            at = endOffsets();
            ends.put(position, at);
        }
        return left(at) == 0;
    }

    /**
     * Whether Kafka holds every change up to the position: the source connector's committed
     * offset reached it, or (with {@code evidence}) the target holds a change written after it.
     */
    public boolean inKafka(Connection source, DatabaseType type, String position, boolean evidence) throws SQLException {
        Optional<String> committed = connect.committedSourcePosition();
        if (committed.isPresent()) {
            SourcePosition.Lag behind = SourcePosition.lag(source, type, position, committed.get());
            if (behind != null && behind.amount() == 0) {
                return true;
            }
        }
        if (type == DatabaseType.POSTGRESQL && SourcePosition.slotConfirmed(source, job.names().replicationSlot(), position)) {
            return true;
        }
        JobState stored = evidence ? state.job() : null;
        return stored != null && SourcePosition.after(source, type, position, stored.appliedPosition());
    }

    /** How far Debezium's committed offset is behind the position; null when unknown. */
    public SourcePosition.Lag committedBehind(Connection source, DatabaseType type, String position) throws SQLException {
        Optional<String> committed = connect.committedSourcePosition();
        return committed.isEmpty() ? null : SourcePosition.lag(source, type, position, committed.get());
    }

    /** Each partition of the job's topics and its end offset now. */
    public synchronized Map<String, Long> endOffsets() {
        Map<String, Long> at = new HashMap<>();
        for (ConsumerLag.PartitionLag p : lag().read(state)) {
            at.put(p.topic() + "/" + p.partition(), p.endOffset());
        }
        return at;
    }

    /** Records of those offsets the target does not hold yet, over every partition. */
    public synchronized long left(Map<String, Long> at) {
        long left = 0;
        for (ConsumerLag.PartitionLag p : lag().read(state)) {
            Long end = at.get(p.topic() + "/" + p.partition());
            if (end != null) {
                left += Math.max(0, end - Math.max(0, Math.max(p.applied() + 1, p.committed())));
            }
        }
        return left;
    }

    /** Records in Kafka the target does not hold yet, over every partition of the job's topics. */
    public synchronized long pending() {
        return lag().read(state).stream().mapToLong(ConsumerLag::pending).sum();
    }

    /**
     * Replication's lag on Kafka Connect: 0 when no record waits, otherwise the age of the newest
     * source commit the target holds, an upper bound of the oldest waiting change's age (null when none is known).
     */
    public static Double lagSeconds(long waiting, Instant appliedCommit, Instant now) {
        if (waiting == 0) {
            return 0.0;
        }
        return appliedCommit == null ? null : Math.max(0, java.time.Duration.between(appliedCommit, now).toMillis() / 1000.0);
    }

    /** How many heartbeats Debezium has sent to Kafka so far; -1 when unknown. */
    public synchronized long heartbeats() {
        return lag().written(ConnectorConfigs.heartbeatTopic(job));
    }

    private ConsumerLag lag() {
        if (lag == null) {
            lag = ConsumerLag.open(job);
        }
        return lag;
    }

    @Override
    public synchronized void close() {
        if (lag != null) {
            lag.close();
            lag = null;
        }
    }
}
