package dev.dbmove.config;

import java.util.List;

/**
 * Which source tables the job moves. Patterns use {@code *} and {@code ?} and are
 * case-sensitive; a table matching any exclude pattern is left out even when included.
 *
 * @param include never null; defaults to {@code ["*"]}, every table
 * @param exclude never null; defaults to none
 */
public record TableSelection(List<String> include, List<String> exclude) {
    public static final TableSelection ALL = new TableSelection(List.of("*"), List.of());

    public TableSelection {
        include = include == null ? List.of("*") : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
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
