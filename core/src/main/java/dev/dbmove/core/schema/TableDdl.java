package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ForeignKeyInfo;
import dev.dbmove.core.catalog.IndexInfo;
import dev.dbmove.core.catalog.KeyInfo;
import dev.dbmove.core.dialect.Dialect;

import java.util.ArrayList;
import java.util.List;

/** Writes one target engine's DDL. Every identifier goes through the dialect's quoting. */
abstract class TableDdl {
    protected final Dialect dialect;

    protected TableDdl(Dialect dialect) {
        this.dialect = dialect;
    }

    static TableDdl of(DatabaseType source, DatabaseType target) {
        return target.isMySqlFamily() ? new MySqlDdl(source, target) : new PostgresDdl();
    }

    /** Statements to run before CREATE TABLE (types, sequences). */
    abstract List<String> prerequisites(TableId table, List<TargetColumn> columns);

    /**
     * @param primaryKey   the key to declare as primary, or null
     * @param inlineUnique unique keys that must exist when the table is created
     * @param inlineIndex  indexes that must exist when the table is created
     */
    abstract String createTable(TableId table, List<TargetColumn> columns, KeyInfo primaryKey,
                                List<KeyInfo> inlineUnique, List<IndexInfo> inlineIndex);

    /** Statements to run right after CREATE TABLE. */
    abstract List<String> afterCreate(TableId table, List<TargetColumn> columns);

    abstract String createIndex(TableId table, IndexInfo index);

    abstract String addUnique(TableId table, KeyInfo key);

    /** The referential action as the target can declare it, noting any substitute. */
    abstract String rule(String rule, String foreignKey, List<String> notes);

    String addForeignKey(TableId table, ForeignKeyInfo fk) {
        return "ALTER TABLE " + dialect.qualify(table) + " ADD CONSTRAINT " + dialect.quote(fk.name())
                + " FOREIGN KEY " + columnList(fk.columns(), List.of()) + " REFERENCES " + dialect.qualify(fk.referencedTable())
                + " " + columnList(fk.referencedColumns(), List.of())
                + " ON DELETE " + fk.onDelete() + " ON UPDATE " + fk.onUpdate();
    }

    /** ("a", "b"), with MySQL prefix lengths where given. */
    String columnList(List<String> columns, List<Integer> prefixes) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            int prefix = prefixes.isEmpty() ? 0 : prefixes.get(i);
            parts.add(dialect.quote(columns.get(i)) + (prefix > 0 ? "(" + prefix + ")" : ""));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    static String table(String head, List<String> definitions, String tail) {
        return head + " (\n  " + String.join(",\n  ", definitions) + "\n)" + tail;
    }
}
