package dev.dbmove.config;

import java.util.Objects;

/**
 * The {@code replication} section: how the target schema comes about.
 *
 * @param schema {@code create}: dbmove creates the target tables from the source catalog;
 *               {@code existing}: the tables are there and dbmove checks they are compatible
 */
public record ReplicationSettings(SchemaMode schema) {
    public static final ReplicationSettings DEFAULT = new ReplicationSettings(SchemaMode.CREATE);

    public ReplicationSettings {
        Objects.requireNonNull(schema, "schema");
    }

    public enum SchemaMode {
        CREATE, EXISTING;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
