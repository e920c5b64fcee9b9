package dev.dbmove.core.catalog;

import dev.dbmove.core.TableId;

import java.util.List;
import java.util.Optional;

/**
 * A table read from a server's catalog.
 *
 * @param estimatedRows the catalog's estimate (never an exact count), or -1 when unknown
 */
public record TableInfo(TableId id, List<ColumnInfo> columns, List<KeyInfo> uniqueKeys, long estimatedRows) {
    public TableInfo {
        columns = List.copyOf(columns);
        uniqueKeys = List.copyOf(uniqueKeys);
    }

    public Optional<KeyInfo> primaryKey() {
        return uniqueKeys.stream().filter(KeyInfo::primary).findFirst();
    }

    /**
     * The key dbmove identifies rows by: the primary key, else the first unique key whose
     * columns are all NOT NULL (a unique key over nullable columns admits duplicate NULLs).
     */
    public Optional<KeyInfo> rowKey() {
        return primaryKey().or(() -> uniqueKeys.stream()
                .filter(k -> k.columns().stream().allMatch(c -> column(c).map(col -> !col.nullable()).orElse(false)))
                .findFirst());
    }

    public Optional<ColumnInfo> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
