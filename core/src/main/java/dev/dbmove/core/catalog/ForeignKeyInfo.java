package dev.dbmove.core.catalog;

import dev.dbmove.core.TableId;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A foreign key: the referencing columns of this table and the referenced columns of another (or the same) table,
 * pairwise in order.
 *
 * @param onDelete one of {@link #RULES}
 * @param onUpdate one of {@link #RULES}
 */
public record ForeignKeyInfo(String name, List<String> columns, TableId referencedTable, List<String> referencedColumns,
                             String onDelete, String onUpdate) {
    /** Referential actions, spelled as both engines write them. */
    public static final Set<String> RULES = Set.of("NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT");

    public ForeignKeyInfo {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
        if (columns.size() != referencedColumns.size()) {
            throw new IllegalArgumentException("foreign key " + name + ": " + columns + " vs " + referencedColumns);
        }
        onDelete = rule(onDelete);
        onUpdate = rule(onUpdate);
    }

    private static String rule(String rule) {
        String r = rule == null ? "NO ACTION" : rule.trim().toUpperCase(Locale.ROOT);
        if (!RULES.contains(r)) {
            throw new IllegalArgumentException("unknown referential action " + rule);
        }
        return r;
    }
}
