package dev.dbmove.connect;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.replicator.ApplyTables;
import dev.dbmove.replicator.apply.PartitionedApplier;
import dev.dbmove.replicator.apply.PartitionedApplier.PartitionedRecord;
import dev.dbmove.replicator.apply.RowRejectedException;
import dev.dbmove.replicator.apply.TablePausedException;
import dev.dbmove.replicator.apply.TargetWriter;
import dev.dbmove.replicator.apply.TargetWriters;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the records of its partitions, each {@link #put} batch in one target transaction
 * with the partitions' Kafka offsets ({@link PartitionedApplier}). On (re)assignment it seeks
 * each partition to just after the offset the target holds, so what Kafka delivers again is
 * not applied twice; it tells Kafka only offsets the target has committed.
 */
public final class DbmoveSinkTask extends SinkTask {
    static final String VERSION = Optional.ofNullable(DbmoveSinkTask.class.getPackage().getImplementationVersion())
            .orElse("dev");
    private static final Logger LOG = LoggerFactory.getLogger(DbmoveSinkTask.class);

    private HikariDataSource pool;
    private TargetWriter writer;
    private PartitionedApplier applier;
    private String sinkName;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        SinkSettings settings = new SinkSettings(props);
        JobConfig job = settings.job();
        sinkName = props.getOrDefault("name", job.names().job() + "-sink");
        try {
            pool = DataSources.pool(job.target(), job.names().job() + "-sink", 2);
            StateStore state = new StateStore(job.target(), job.names(), pool);
            if (!state.exists()) {
                throw new ConnectException("the target has no state for job " + job.names().job() + " (schema "
                        + job.names().stateSchema() + "): run dbmove replicate with engine: kafka-connect, which"
                        + " makes the target tables and the state before it creates this connector");
            }
            writer = TargetWriters.of(pool, job.target().type());
            HikariDataSource target = pool;
            // A column the source gains while streaming is added to the target table, as the embedded engine does.
            applier = new PartitionedApplier(sinkName, settings.topicPrefix(), ApplyTables.read(job, pool), writer,
                    state, (table, columns) -> ApplyTables.addColumns(job, target, table, columns));
        } catch (DbmoveException e) {
            close();
            throw new ConnectException(e.getMessage() + "; fix: " + e.fix(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> seek = new HashMap<>();
        for (TopicPartition tp : partitions) {
            applier.appliedOffset(partition(tp))
                    .ifPresent(offset -> seek.put(tp, offset + 1));
        }
        if (!seek.isEmpty()) {
            LOG.info("resuming {} partition(s) after the offsets the target holds", seek.size());
            context.offset(seek);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<PartitionedRecord> batch = new ArrayList<>(records.size());
        for (SinkRecord r : records) {
            batch.add(new PartitionedRecord(r.topic(), r.kafkaPartition(), r.kafkaOffset(), r));
        }
        try {
            applier.apply(batch);
        } catch (TablePausedException e) {
            throw new ConnectException(e.getMessage() + "; fix: " + e.fix(), e);
        } catch (RowRejectedException e) {
            // The same value would be refused again: the task stops with what to change (and nothing of the batch).
            throw new ConnectException("a source value does not fit the target: " + e.getMessage() + "; fix: change"
                    + " the target column so that it holds the value, or the source value, then restart the task", e);
        } catch (SQLException e) {
            // Nothing of the batch committed and the offsets did not move: Kafka delivers it again.
            throw new RetriableException("writing to the target failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
        // Only what the target has committed; the next offset to read is one past it.
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        for (TopicPartition tp : current.keySet()) {
            applier.appliedOffset(partition(tp))
                    .ifPresent(offset -> committed.put(tp, new OffsetAndMetadata(offset + 1)));
        }
        return committed;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (applier != null) {
            applier.forget(partitions.stream()
                    .map(DbmoveSinkTask::partition).toList());
        }
    }

    @Override
    public void stop() {
        close();
    }

    private static PartitionedApplier.TopicPartition partition(TopicPartition tp) {
        return new PartitionedApplier.TopicPartition(tp.topic(), tp.partition());
    }

    private void close() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
