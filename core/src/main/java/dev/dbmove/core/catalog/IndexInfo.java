package dev.dbmove.core.catalog;

import java.util.List;

/**
 * A non-unique secondary index over plain columns (expression, partial, full-text and spatial indexes are not
 * read: they cannot be carried across engines).
 *
 * @param prefixLengths per column, the MySQL/MariaDB index prefix length, 0 for the whole column; empty when none
 */
public record IndexInfo(String name, List<String> columns, List<Integer> prefixLengths) {
    public IndexInfo {
        columns = List.copyOf(columns);
        prefixLengths = prefixLengths == null || prefixLengths.stream().allMatch(p -> p == 0)
                ? List.of() : List.copyOf(prefixLengths);
        if (!prefixLengths.isEmpty() && prefixLengths.size() != columns.size()) {
            throw new IllegalArgumentException("one prefix length per column: " + columns + " " + prefixLengths);
        }
    }

    public IndexInfo(String name, List<String> columns) {
        this(name, columns, List.of());
    }
}
