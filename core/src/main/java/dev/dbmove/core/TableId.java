package dev.dbmove.core;

import java.util.Objects;

/**
 * A table's name in its database: {@code schema} is the MySQL/MariaDB database or the
 * PostgreSQL schema. Names are kept exactly as the catalog spells them.
 */
public record TableId(String schema, String name) implements Comparable<TableId> {
    public TableId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(TableId o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
