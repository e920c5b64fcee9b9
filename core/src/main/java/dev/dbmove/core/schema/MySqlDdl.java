package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.IndexInfo;
import dev.dbmove.core.catalog.KeyInfo;
import dev.dbmove.core.dialect.MySqlDialect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** MySQL and MariaDB DDL (InnoDB, utf8mb4). */
final class MySqlDdl extends TableDdl {
    private static final Pattern CHARSET_NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final DatabaseType source;
    private final DatabaseType target;

    MySqlDdl(DatabaseType source, DatabaseType target) {
        super(new MySqlDialect(target));
        this.source = source;
        this.target = target;
    }

    @Override
    List<String> prerequisites(TableId table, List<TargetColumn> columns) {
        return List.of();
    }

    @Override
    String createTable(TableId table, List<TargetColumn> columns, KeyInfo primaryKey, List<KeyInfo> inlineUnique,
                       List<IndexInfo> inlineIndex) {
        List<String> definitions = new ArrayList<>();
        for (TargetColumn c : columns) {
            definitions.add(column(c));
        }
        if (primaryKey != null) {
            definitions.add("PRIMARY KEY " + columnList(primaryKey.columns(), primaryKey.prefixLengths()));
        }
        for (KeyInfo k : inlineUnique) {
            definitions.add("UNIQUE KEY " + dialect.quote(k.name()) + " " + columnList(k.columns(), k.prefixLengths()));
        }
        for (IndexInfo x : inlineIndex) {
            definitions.add("KEY " + dialect.quote(x.name()) + " " + columnList(x.columns(), x.prefixLengths()));
        }
        // From PostgreSQL, text compares as there: binary, trailing spaces significant.
        String collation = source.isMySqlFamily() ? "" : " COLLATE=" + PostgresToMySqlTypes.binaryCollation(target);
        return table("CREATE TABLE " + dialect.qualify(table), definitions,
                " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" + collation);
    }

    private String column(TargetColumn c) {
        StringBuilder sql = new StringBuilder(dialect.quote(c.name())).append(' ').append(c.sqlType());
        TargetType t = c.type();
        if (t.charset() != null && CHARSET_NAME.matcher(t.charset()).matches()) {
            sql.append(" CHARACTER SET ").append(t.charset());
        }
        if (t.collation() != null && CHARSET_NAME.matcher(t.collation()).matches()) {
            sql.append(" COLLATE ").append(t.collation());
        }
        if (c.generated() != null) {
            // MariaDB accepts neither NULL nor NOT NULL on a generated column.
            return sql.append(" GENERATED ALWAYS AS (").append(c.generated().expression()).append(") ")
                    .append(c.generated().stored() ? "STORED" : "VIRTUAL").toString();
        }
        // NULL explicitly: with explicit_defaults_for_timestamp off, a bare TIMESTAMP would become NOT NULL.
        sql.append(c.nullable() ? " NULL" : " NOT NULL");
        if (c.defaultExpression() != null) {
            sql.append(" DEFAULT ").append(c.defaultExpression());
        }
        if (c.onUpdateCurrentTimestamp()) {
            Integer p = t.precision();
            sql.append(" ON UPDATE CURRENT_TIMESTAMP").append(p == null || p == 0 ? "" : "(" + p + ")");
        }
        if (c.autoIncrement()) {
            sql.append(" AUTO_INCREMENT");
        }
        return sql.toString();
    }

    @Override
    List<String> afterCreate(TableId table, List<TargetColumn> columns) {
        return List.of();
    }

    @Override
    String createIndex(TableId table, IndexInfo index) {
        return "CREATE INDEX " + dialect.quote(index.name()) + " ON " + dialect.qualify(table) + " "
                + columnList(index.columns(), index.prefixLengths());
    }

    @Override
    String addUnique(TableId table, KeyInfo key) {
        return "ALTER TABLE " + dialect.qualify(table) + " ADD UNIQUE KEY " + dialect.quote(key.name()) + " "
                + columnList(key.columns(), key.prefixLengths());
    }

    @Override
    String rule(String rule, String foreignKey, List<String> notes) {
        if (rule.equals("SET DEFAULT")) {
            notes.add("foreign key " + foreignKey + ": ON ... SET DEFAULT becomes NO ACTION: InnoDB rejects SET DEFAULT");
            return "NO ACTION";
        }
        return rule;
    }
}
