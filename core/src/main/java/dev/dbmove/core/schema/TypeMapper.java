package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps source column types to target column types for one direction. Implementations are stateless and accept
 * only columns whose type {@link dev.dbmove.core.catalog.SupportedTypes} lists for the source engine.
 */
public interface TypeMapper {

    /** The target type of one column of {@code table}; never null. */
    TargetType map(ColumnInfo column, TableInfo table);

    /**
     * The target types of all columns of a table, in column order. A mapper may revise single-column choices
     * to make the table as a whole valid on the target (MySQL's row size limit), and says so in {@code notes}.
     */
    default List<TargetType> mapAll(TableInfo table, List<String> notes) {
        List<TargetType> types = new ArrayList<>();
        for (ColumnInfo column : table.columns()) {
            types.add(map(column, table));
        }
        return types;
    }

    /**
     * The mapper from one engine to another.
     *
     * @param targetSchema where the table will live on the target; PostgreSQL enum types are created there
     */
    static TypeMapper of(DatabaseType source, DatabaseType target, String targetSchema) {
        if (source.isMySqlFamily()) {
            return target.isMySqlFamily() ? new MySqlToMySqlTypes(source, target) : new MySqlToPostgresTypes();
        }
        return target.isMySqlFamily() ? new PostgresToMySqlTypes(target) : new PostgresToPostgresTypes(targetSchema);
    }

    /** Whether the column is part of a key, an index or a foreign key of its table. */
    static boolean indexed(ColumnInfo column, TableInfo table) {
        String name = column.name();
        return table.uniqueKeys().stream().anyMatch(k -> k.columns().contains(name))
                || table.indexes().stream().anyMatch(i -> i.columns().contains(name))
                || table.foreignKeys().stream().anyMatch(f -> f.columns().contains(name));
    }
}
