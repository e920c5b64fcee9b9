package dev.dbmove.core.catalog;

import java.util.List;
import java.util.Optional;

/** The key a table's rows are identified by while it is replicated and validated. */
public final class RowKeys {
    /** Name of a key the job file gives a table that has none of its own. */
    public static final String CONFIGURED = "dbmove_key";

    private RowKeys() {
    }

    /**
     * The table with the key it is replicated by as its primary key: its own primary key, else the key columns the
     * job file names for it, else its first unique key over NOT NULL columns. Empty, after recording why in
     * {@code problems}, when it has none or the job file names columns it lacks.
     */
    public static Optional<TableInfo> keyed(TableInfo table, Optional<List<String>> configured, List<String> problems) {
        if (configured.isPresent()) {
            List<String> missing = configured.get().stream().filter(c -> table.column(c).isEmpty()).toList();
            if (!missing.isEmpty()) {
                problems.add(table.id().name() + ": tables.keys names columns it does not have: " + String.join(", ", missing));
                return Optional.empty();
            }
            if (table.primaryKey().isPresent()) {
                return Optional.of(table); // its own primary key wins; the configured one is not needed
            }
            return Optional.of(table.withPrimaryKey(new KeyInfo(CONFIGURED, configured.get(), true)));
        }
        Optional<KeyInfo> key = table.rowKey();
        if (key.isEmpty()) {
            problems.add(table.id().name() + ": no primary key and no unique key over NOT NULL columns; changes could not"
                    + " be applied to the right row");
            return Optional.empty();
        }
        return key.get().primary() ? Optional.of(table) : Optional.of(table.withPrimaryKey(key.get()));
    }
}
