package dev.dbmove.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import java.util.List;

/**
 * Which source tables the job moves. Patterns use {@code *} and {@code ?} and are
 * case-sensitive; a table matching any exclude pattern is left out even when included.
 *
 * @param include never null; defaults to {@code ["*"]}, every table
 * @param exclude never null; defaults to none
 * @param keys    key columns for tables that have no primary or unique NOT NULL key, by table name
 */
public record TableSelection(List<String> include, List<String> exclude, Map<String, List<String>> keys) {
    public static final TableSelection ALL = new TableSelection(List.of("*"), List.of());

    public TableSelection {
        include = include == null ? List.of("*") : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (keys != null) {
            keys.forEach((table, columns) -> copy.put(table, List.copyOf(columns)));
        }
        keys = Collections.unmodifiableMap(copy);
    }

    public TableSelection(List<String> include, List<String> exclude) {
        this(include, exclude, Map.of());
    }

    /** The key columns the job file names for a table without a key of its own, if any. */
    public Optional<List<String>> keyFor(String tableName) {
        return Optional.ofNullable(keys.get(tableName));
    }

    public boolean selects(String tableName) {
        return include.stream().anyMatch(pattern -> Glob.matches(pattern, tableName))
                && exclude.stream().noneMatch(pattern -> Glob.matches(pattern, tableName));
    }

    /**
     * The include entries without wildcards: tables the user named one by one, which must
     * exist in the source, so a preflight can report a misspelt name instead of silently
     * moving nothing for it.
     */
    public List<String> literalIncludes() {
        return include.stream().filter(pattern -> !Glob.hasWildcard(pattern)).toList();
    }
}
