package dev.dbmove.replicator.state;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.StateStore;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Debezium's offsets in the target's state schema ({@code offsets}), where the replicator
 * also writes them in the transaction of the data they describe (see {@link OffsetKeys}).
 * Nothing is cached: {@link #get} reads what is committed now, whoever wrote it. The engine
 * creates this class by name and configures it from the properties of
 * {@link StateStoreProperties#offsetStore}.
 * <p>
 * Reads and writes run one at a time on a thread of their own, as Kafka's stores do, so
 * that a write completes before a later read or write begins.
 */
public final class TargetOffsetBackingStore implements OffsetBackingStore {
    private static final Logger LOG = LoggerFactory.getLogger(TargetOffsetBackingStore.class);
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private StateStoreProperties.Target target;
    private HikariDataSource pool;
    private StateStore store;
    private ExecutorService executor;

    public TargetOffsetBackingStore() {
        // created by class name
    }

    @Override
    public void configure(WorkerConfig config) {
        target = StateStoreProperties.read(config.originalsStrings(), StateStoreProperties.OFFSET_PREFIX);
    }

    @Override
    public synchronized void start() {
        if (target == null) {
            throw new IllegalStateException("configure() must come before start()");
        }
        pool = DataSources.pool(target.endpoint(), "state-offsets", 1);
        try {
            store = new StateStore(target.endpoint(), target.names(), pool);
            store.create();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dbmove-offsets-" + target.names().job());
            t.setDaemon(true);
            return t;
        });
        LOG.info("Debezium offsets are kept in {} on {}", store.schema(), target.endpoint().address());
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn("offset writes still pending after {} s; abandoning them", STOP_TIMEOUT_SECONDS);
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        return running().submit(() -> {
            Map<String, String> stored = store.readOffsets();
            Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
            for (ByteBuffer key : keys) {
                String value = key == null ? null : stored.get(OffsetKeys.canonical(text(key)));
                result.put(key, value == null ? null : ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
            }
            return result;
        });
    }

    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        Map<String, String> offsets = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key != null) {
                offsets.put(OffsetKeys.canonical(text(key)), value == null ? null : text(value));
            }
        });
        return running().submit(() -> {
            try {
                store.writeOffsets(offsets);
            } catch (RuntimeException e) {
                if (callback != null) {
                    callback.onCompletion(e, null);
                }
                throw e;
            }
            if (callback != null) {
                callback.onCompletion(null, null);
            }
            return null;
        });
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        Set<Map<String, Object>> partitions = new HashSet<>();
        for (String key : store.readOffsets().keySet()) {
            OffsetKeys.readKey(key).filter(k -> k.engineName().equals(connectorName))
                    .ifPresent(k -> partitions.add(k.partition()));
        }
        return partitions;
    }

    private synchronized ExecutorService running() {
        if (executor == null) {
            throw new ConnectException("the dbmove offset store is not running");
        }
        return executor;
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.UTF_8.decode(bytes.asReadOnlyBuffer()).toString();
    }

    @Override
    public String toString() {
        return target == null ? "dbmove offsets (unconfigured)"
                : "dbmove offsets in " + target.names().stateSchema() + " on " + target.endpoint().address();
    }
}
