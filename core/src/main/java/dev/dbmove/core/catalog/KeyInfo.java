package dev.dbmove.core.catalog;

import java.util.List;

/**
 * A primary key or a unique index: its name and columns in key order.
 *
 * @param prefixLengths per column, the MySQL/MariaDB index prefix length in characters (or bytes), 0 for the whole
 *                      column; empty when no column is indexed by a prefix
 */
public record KeyInfo(String name, List<String> columns, boolean primary, List<Integer> prefixLengths) {
    public KeyInfo {
        columns = List.copyOf(columns);
        prefixLengths = prefixLengths == null || prefixLengths.stream().allMatch(p -> p == 0)
                ? List.of() : List.copyOf(prefixLengths);
        if (!prefixLengths.isEmpty() && prefixLengths.size() != columns.size()) {
            throw new IllegalArgumentException("one prefix length per column: " + columns + " " + prefixLengths);
        }
    }

    public KeyInfo(String name, List<String> columns, boolean primary) {
        this(name, columns, primary, List.of());
    }
}
