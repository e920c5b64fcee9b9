package dev.dbmove.core.catalog;

import dev.dbmove.core.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table read from a server's catalog.
 *
 * @param uniqueKeys    the primary key and the unique indexes over plain columns
 * @param estimatedRows the catalog's estimate (never an exact count), or -1 when unknown
 * @param indexes       non-unique secondary indexes over plain columns
 * @param foreignKeys   foreign keys declared on this table
 */
public record TableInfo(TableId id, List<ColumnInfo> columns, List<KeyInfo> uniqueKeys, long estimatedRows,
                        List<IndexInfo> indexes, List<ForeignKeyInfo> foreignKeys) {
    public TableInfo {
        columns = List.copyOf(columns);
        uniqueKeys = List.copyOf(uniqueKeys);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
    }

    /** A table without secondary indexes or foreign keys. */
    public TableInfo(TableId id, List<ColumnInfo> columns, List<KeyInfo> uniqueKeys, long estimatedRows) {
        this(id, columns, uniqueKeys, estimatedRows, List.of(), List.of());
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

    /**
     * The same table identified by {@code key} as its primary key: a previous primary key becomes a plain unique
     * key, and a unique key over the same columns is dropped (it is the primary key now).
     */
    public TableInfo withPrimaryKey(KeyInfo key) {
        List<KeyInfo> keys = new ArrayList<>();
        keys.add(new KeyInfo(key.name(), key.columns(), true, key.prefixLengths()));
        for (KeyInfo k : uniqueKeys) {
            if (!k.columns().equals(key.columns())) {
                keys.add(k.primary() ? new KeyInfo(k.name(), k.columns(), false, k.prefixLengths()) : k);
            }
        }
        return new TableInfo(id, columns, keys, estimatedRows, indexes, foreignKeys);
    }

    public Optional<ColumnInfo> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
