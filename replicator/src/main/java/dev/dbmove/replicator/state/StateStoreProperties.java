package dev.dbmove.replicator.state;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.Secret;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.TlsSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the state store is, written as the engine properties through which Debezium hands
 * it to {@link TargetOffsetBackingStore} and {@link TargetSchemaHistory} (which it creates
 * by class name), and read back from them. Debezium masks any property whose name ends in
 * {@code password} when it prints a configuration; Kafka prints only the properties it
 * defines itself, and these are none of them.
 */
public final class StateStoreProperties {
    /** Prefix of the offset store's properties; Kafka hands every engine property to the store. */
    public static final String OFFSET_PREFIX = "offset.storage.dbmove.";
    /** Prefix of the schema history's properties; Debezium hands it those under schema.history.internal. only. */
    public static final String HISTORY_PREFIX = "schema.history.internal.dbmove.";

    private static final String JOB = "job";
    private static final String TYPE = "type";
    private static final String HOST = "host";
    private static final String PORT = "port";
    private static final String DATABASE = "database";
    private static final String SCHEMA = "schema";
    private static final String USER = "user";
    private static final String PASSWORD = "password";
    private static final String TLS_MODE = "tls.mode";
    private static final String TLS_CA = "tls.ca";

    /** The target and the job whose state it holds. */
    public record Target(Endpoint endpoint, JobNames names) {
    }

    private StateStoreProperties() {
    }

    /** The engine properties that make Debezium keep its offsets in the target's state schema. */
    public static Map<String, String> offsetStore(Endpoint target, JobNames names) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("offset.storage", TargetOffsetBackingStore.class.getName());
        props.putAll(write(OFFSET_PREFIX, target, names));
        return props;
    }

    /** The engine properties that make Debezium keep its schema history in the target's state schema. */
    public static Map<String, String> schemaHistory(Endpoint target, JobNames names) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("schema.history.internal", TargetSchemaHistory.class.getName());
        props.putAll(write(HISTORY_PREFIX, target, names));
        return props;
    }

    /** Reads back what {@link #offsetStore} or {@link #schemaHistory} wrote, from the properties under {@code prefix}. */
    public static Target read(Map<String, ?> properties, String prefix) {
        DatabaseType type = DatabaseType.fromConfigName(required(properties, prefix, TYPE))
                .orElseThrow(() -> invalid(prefix, TYPE, "not one of " + DatabaseType.allowedNames()));
        int port;
        try {
            port = Integer.parseInt(required(properties, prefix, PORT));
        } catch (NumberFormatException e) {
            throw invalid(prefix, PORT, "not a number");
        }
        TlsMode tls = TlsMode.fromConfigName(required(properties, prefix, TLS_MODE))
                .orElseThrow(() -> invalid(prefix, TLS_MODE, "not one of " + TlsMode.allowedNames()));
        String ca = optional(properties, prefix, TLS_CA);
        JobNames names;
        try {
            names = new JobNames(required(properties, prefix, JOB));
        } catch (IllegalArgumentException e) {
            throw invalid(prefix, JOB, e.getMessage());
        }
        Endpoint endpoint = new Endpoint(type, required(properties, prefix, HOST), port,
                required(properties, prefix, DATABASE), optional(properties, prefix, SCHEMA),
                required(properties, prefix, USER), Secret.of(optional(properties, prefix, PASSWORD)),
                new TlsSettings(tls, ca == null ? null : Path.of(ca)));
        return new Target(endpoint, names);
    }

    private static Map<String, String> write(String prefix, Endpoint target, JobNames names) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(prefix + JOB, names.job());
        props.put(prefix + TYPE, target.type().configName());
        props.put(prefix + HOST, target.host());
        props.put(prefix + PORT, Integer.toString(target.port()));
        props.put(prefix + DATABASE, target.database());
        props.put(prefix + SCHEMA, target.schema());
        props.put(prefix + USER, target.user());
        props.put(prefix + PASSWORD, target.password().reveal());
        props.put(prefix + TLS_MODE, target.tls().mode().configName());
        if (target.tls().caFile() != null) {
            props.put(prefix + TLS_CA, target.tls().caFile().toString());
        }
        return props;
    }

    private static String required(Map<String, ?> properties, String prefix, String key) {
        String value = optional(properties, prefix, key);
        if (value == null) {
            throw new IllegalArgumentException("engine property " + prefix + key + " is missing: the dbmove state store"
                    + " needs the properties StateStoreProperties writes");
        }
        return value;
    }

    private static String optional(Map<String, ?> properties, String prefix, String key) {
        Object value = properties.get(prefix + key);
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    /** Names the property, never its value (it may be the password's neighbour in a log). */
    private static IllegalArgumentException invalid(String prefix, String key, String why) {
        return new IllegalArgumentException("engine property " + prefix + key + " is invalid: " + why);
    }
}
