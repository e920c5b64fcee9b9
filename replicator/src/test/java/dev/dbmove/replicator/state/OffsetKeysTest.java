package dev.dbmove.replicator.state;

import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.apache.kafka.connect.util.Callback;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link OffsetKeys} against Kafka's own {@link OffsetStorageWriter}, with converters set up
 * as the embedded engine sets up its own (AsyncEmbeddedEngine: JsonConverter, schemas.enable=false).
 * EngineRestartContract checks the same against a running engine.
 */
class OffsetKeysTest {

    @Test
    void aPartitionOfOneEntryIsEncodedByteForByteAsTheEngineWritesIt() throws Exception {
        Map<String, Object> partition = Map.of("server", "shop_move");
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("file", "mysql-bin.000003");
        offset.put("pos", 1234L);
        offset.put("row", 1);
        offset.put("snapshot", true);
        offset.put("gtids", null);
        offset.put("ts_sec", 1_700_000_000L);

        Map<String, String> written = writeAsTheEngineDoes("dbmove-shop", partition, offset);

        assertThat(written).containsExactly(Map.entry(OffsetKeys.key("dbmove-shop", partition), OffsetKeys.value(offset)));
        assertThat(OffsetKeys.key("dbmove-shop", partition)).isEqualTo("[\"dbmove-shop\",{\"server\":\"shop_move\"}]");
        assertThat(OffsetKeys.value(offset)).isEqualTo(
                "{\"file\":\"mysql-bin.000003\",\"pos\":1234,\"row\":1,\"snapshot\":true,\"gtids\":null,\"ts_sec\":1700000000}");
    }

    @Test
    void keysOfLargerPartitionsAreCanonicalWhateverTheMapsOrder() throws Exception {
        Map<String, Object> zFirst = new LinkedHashMap<>();
        zFirst.put("server", "s");
        zFirst.put("database", "d");
        Map<String, String> written = writeAsTheEngineDoes("e", zFirst, Map.of("lsn", 5L));
        String engineKey = written.keySet().iterator().next();

        assertThat(engineKey).isEqualTo("[\"e\",{\"server\":\"s\",\"database\":\"d\"}]");
        assertThat(OffsetKeys.key("e", zFirst)).isEqualTo("[\"e\",{\"database\":\"d\",\"server\":\"s\"}]");
        assertThat(OffsetKeys.canonical(engineKey)).isEqualTo(OffsetKeys.key("e", zFirst));
        assertThat(OffsetKeys.canonical("not json at all")).isEqualTo("not json at all");
    }

    @Test
    void storedTextReadsBack() {
        Map<String, Object> offset = new HashMap<>();
        offset.put("lsn", 42L);
        offset.put("txId", 7L);
        offset.put("lsn_commit", "0/16B3748");
        assertThat(OffsetKeys.readValue(OffsetKeys.value(offset))).isEqualTo(offset);
        assertThat(OffsetKeys.readKey(OffsetKeys.key("eng", Map.of("server", "x"))))
                .contains(new OffsetKeys.EngineKey("eng", Map.of("server", "x")));
        assertThat(OffsetKeys.readKey("{\"a\":1}")).isEmpty();
        assertThat(OffsetKeys.readKey("[\"only-a-name\"]")).isEmpty();
        assertThat(OffsetKeys.value(null)).isNull();
        assertThat(OffsetKeys.readValue(null)).isNull();
        assertThatThrownBy(() -> OffsetKeys.readValue("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offsetsKafkaWouldRejectAreRejected() {
        assertThatThrownBy(() -> OffsetKeys.value(Map.of("nested", Map.of("a", 1))))
                .hasMessageContaining("nested");
    }

    /** Runs Kafka's writer for one offset and returns, as text, the bytes it hands the store. */
    private static Map<String, String> writeAsTheEngineDoes(String engineName, Map<String, ?> partition,
                                                           Map<String, ?> offset) throws Exception {
        JsonConverter keys = new JsonConverter();
        JsonConverter values = new JsonConverter();
        Map<String, String> config = Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false");
        keys.configure(config, true);
        values.configure(config, false);
        Capture capture = new Capture();
        OffsetStorageWriter writer = new OffsetStorageWriter(capture, engineName, keys, values);
        writer.offset(partition, offset);
        assertThat(writer.beginFlush()).isTrue();
        writer.doFlush((error, result) -> { }).get();
        return capture.written;
    }

    /** Kafka's store interface, keeping what it is given: the thing under comparison, not a database. */
    private static final class Capture implements OffsetBackingStore {
        final Map<String, String> written = new LinkedHashMap<>();

        @Override
        public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
            values.forEach((k, v) -> written.put(text(k), v == null ? null : text(v)));
            callback.onCompletion(null, null);
            return CompletableFuture.completedFuture(null);
        }

        private static String text(ByteBuffer b) {
            return StandardCharsets.UTF_8.decode(b.asReadOnlyBuffer()).toString();
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<Map<String, Object>> connectorPartitions(String connectorName) {
            return Set.of();
        }

        @Override
        public void configure(WorkerConfig config) {
        }
    }
}
