package dev.dbmove.replicator.state;

import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.OffsetUtils;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Debezium offsets as text, exactly as the embedded engine's {@code OffsetStorageWriter}
 * serialises them: the key is the JSON array {@code [engineName, sourcePartition]}, the
 * value the JSON object of the source offset, both through Kafka's {@link JsonConverter}
 * without schemas. The replicator writes an offset in its own data transaction with these,
 * and the engine finds it on restart through {@link TargetOffsetBackingStore}.
 * <p>
 * Keys are canonical: partition entries sorted by name. For a partition of one entry (every
 * connector dbmove runs: {@code {"server": ...}}) that is byte for byte what the engine
 * writes; for larger ones the store canonicalises the engine's keys the same way, so a
 * partition map's iteration order can never make an offset unfindable.
 */
public final class OffsetKeys {
    // Configured once and never changed; JsonConverter is safe for concurrent use without schemas.
    private static final JsonConverter KEYS = converter(true);
    private static final JsonConverter VALUES = converter(false);

    /** A decoded key: which engine (its {@code name} property) and which source partition. */
    public record EngineKey(String engineName, Map<String, Object> partition) {
    }

    private OffsetKeys() {
    }

    /** The stored key of a source partition's offset for the engine named {@code engineName}. */
    public static String key(String engineName, Map<String, ?> sourcePartition) {
        OffsetUtils.validateFormat(sourcePartition);
        List<Object> key = Arrays.asList(engineName, new TreeMap<>(sourcePartition));
        return new String(KEYS.fromConnectData(engineName, null, key), StandardCharsets.UTF_8);
    }

    /** The stored value of a source offset (a record's {@code sourceOffset()}); null for null. */
    public static String value(Map<String, ?> sourceOffset) {
        if (sourceOffset == null) {
            return null;
        }
        OffsetUtils.validateFormat(sourceOffset);
        return new String(VALUES.fromConnectData("", null, sourceOffset), StandardCharsets.UTF_8);
    }

    /** A stored value back as the offset map; null for null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readValue(String value) {
        if (value == null) {
            return null;
        }
        Object offset = VALUES.toConnectData("", value.getBytes(StandardCharsets.UTF_8)).value();
        if (!(offset instanceof Map)) {
            throw new IllegalArgumentException("not a Debezium offset (a JSON object): " + value);
        }
        return (Map<String, Object>) offset;
    }

    /** A stored key back as engine name and partition; empty when the text is no engine's offset key. */
    @SuppressWarnings("unchecked")
    public static Optional<EngineKey> readKey(String key) {
        Object decoded;
        try {
            decoded = KEYS.toConnectData("", key.getBytes(StandardCharsets.UTF_8)).value();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (decoded instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String name
                && list.get(1) instanceof Map<?, ?> partition) {
            return Optional.of(new EngineKey(name, (Map<String, Object>) partition));
        }
        return Optional.empty();
    }

    /** The canonical form of a key as some writer serialised it; text that is no offset key stays as it is. */
    static String canonical(String key) {
        return readKey(key).map(k -> key(k.engineName(), k.partition())).orElse(key);
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), isKey);
        return converter;
    }
}
