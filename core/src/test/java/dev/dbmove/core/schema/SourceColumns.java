package dev.dbmove.core.schema;

import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.IndexInfo;
import dev.dbmove.core.catalog.KeyInfo;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.dialect.SqlLiterals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source columns as the catalogs describe them, built from a declaration without a server (the integration
 * tests read real catalogs; these mimic what they report, see MySqlCatalog and PostgresCatalog).
 */
final class SourceColumns {
    private static final Pattern DECLARATION = Pattern.compile("([a-z0-9\" ]+?)\\s*(\\((.*)\\))?((?: unsigned)?)");
    private static final Map<String, Integer> MYSQL_LOB_LENGTH = Map.of("tinytext", 255, "text", 65_535,
            "mediumtext", 16_777_215, "longtext", Integer.MAX_VALUE, "tinyblob", 255, "blob", 65_535,
            "mediumblob", 16_777_215, "longblob", Integer.MAX_VALUE);
    private static final Map<String, String> PG_ALIASES = Map.of("smallint", "int2", "integer", "int4",
            "bigint", "int8", "serial", "int4", "real", "float4", "double precision", "float8", "boolean", "bool",
            "char", "bpchar", "\"char\"", "char");

    private SourceColumns() {
    }

    /** A one-row-per-type table: key k plus the column c, or only c when it is the numbered key. */
    static TableInfo table(MappingDoc.Row row) {
        ColumnInfo c = row.direction().fromMySql ? mysql("c", 2, row.source(), row.sourceType() != dev.dbmove.core.DatabaseType.MYSQL)
                : postgres("c", 2, row.source());
        if (row.numbered()) {
            c = with(c, 1, false, true);
            return new TableInfo(new TableId("src", "t"), List.of(c), List.of(new KeyInfo("PRIMARY", List.of("c"), true)), 0);
        }
        ColumnInfo k = mysqlOrPostgresKey(row.direction().fromMySql);
        List<IndexInfo> indexes = row.when().contains("indexed") ? List.of(new IndexInfo("c_idx", List.of("c"))) : List.of();
        return new TableInfo(new TableId("src", "t"), List.of(k, c),
                List.of(new KeyInfo(row.direction().fromMySql ? "PRIMARY" : "t_pkey", List.of("k"), true)), 0,
                indexes, List.of());
    }

    static ColumnInfo mysqlOrPostgresKey(boolean mysql) {
        return mysql ? mysql("k", 1, "int", true) : postgres("k", 1, "integer");
    }

    static ColumnInfo with(ColumnInfo c, int position, boolean nullable, boolean autoIncrement) {
        return new ColumnInfo(c.name(), position, c.dataType(), c.columnType(), nullable, c.generated(), c.array(),
                c.defaultExpression(), c.length(), c.precision(), c.scale(), c.unsigned(), autoIncrement, c.enumValues(),
                c.charset(), c.collation(), c.generationExpression(), c.generatedStored(), c.onUpdateCurrentTimestamp(),
                c.userType());
    }

    static ColumnInfo withDefault(ColumnInfo c, String defaultExpression) {
        return new ColumnInfo(c.name(), c.position(), c.dataType(), c.columnType(), c.nullable(), c.generated(), c.array(),
                defaultExpression, c.length(), c.precision(), c.scale(), c.unsigned(), c.autoIncrement(), c.enumValues(),
                c.charset(), c.collation(), c.generationExpression(), c.generatedStored(), c.onUpdateCurrentTimestamp(),
                c.userType());
    }

    static ColumnInfo renamed(ColumnInfo c, String name, int position) {
        return new ColumnInfo(name, position, c.dataType(), c.columnType(), c.nullable(), c.generated(), c.array(),
                c.defaultExpression(), c.length(), c.precision(), c.scale(), c.unsigned(), c.autoIncrement(), c.enumValues(),
                c.charset(), c.collation(), c.generationExpression(), c.generatedStored(), c.onUpdateCurrentTimestamp(),
                c.userType());
    }

    static ColumnInfo generated(ColumnInfo c, String expression, boolean stored) {
        return new ColumnInfo(c.name(), c.position(), c.dataType(), c.columnType(), true, true, c.array(),
                null, c.length(), c.precision(), c.scale(), c.unsigned(), false, c.enumValues(),
                c.charset(), c.collation(), expression, stored, false, c.userType());
    }

    static ColumnInfo onUpdate(ColumnInfo c) {
        return new ColumnInfo(c.name(), c.position(), c.dataType(), c.columnType(), c.nullable(), c.generated(), c.array(),
                c.defaultExpression(), c.length(), c.precision(), c.scale(), c.unsigned(), c.autoIncrement(), c.enumValues(),
                c.charset(), c.collation(), c.generationExpression(), c.generatedStored(), true, c.userType());
    }

    /** A MySQL/MariaDB column as information_schema describes it; {@code json} is MariaDB's alias when asked. */
    static ColumnInfo mysql(String name, int position, String declaration, boolean mariadb) {
        String d = declaration.toLowerCase(Locale.ROOT).trim();
        Matcher m = DECLARATION.matcher(d);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read declaration " + declaration);
        }
        String type = m.group(1).trim();
        String args = m.group(3);
        boolean unsigned = !m.group(4).isEmpty();
        Integer length = null;
        Integer precision = null;
        Integer scale = null;
        List<String> labels = List.of();
        String charset = null;
        String collation = null;
        switch (type) {
            case "char", "varchar" -> {
                length = Integer.parseInt(args);
                charset = "utf8mb4";
                collation = "utf8mb4_bin";
            }
            case "binary", "varbinary" -> length = Integer.parseInt(args);
            case "bit" -> length = args == null ? 1 : Integer.parseInt(args);
            case "tinytext", "text", "mediumtext", "longtext" -> {
                length = MYSQL_LOB_LENGTH.get(type);
                charset = "utf8mb4";
                collation = "utf8mb4_bin";
            }
            case "tinyblob", "blob", "mediumblob", "longblob" -> length = MYSQL_LOB_LENGTH.get(type);
            case "decimal" -> {
                String[] ps = args == null ? new String[]{"10", "0"} : args.split(",");
                precision = Integer.parseInt(ps[0].trim());
                scale = ps.length > 1 ? Integer.parseInt(ps[1].trim()) : 0;
            }
            case "time", "datetime", "timestamp" -> precision = args == null ? 0 : Integer.parseInt(args);
            case "enum", "set" -> {
                labels = SqlLiterals.mySqlEnumValues(d);
                charset = "utf8mb4";
                collation = "utf8mb4_bin";
            }
            default -> {
            }
        }
        String columnType = type.equals("json") && mariadb ? "longtext" : d;
        return new ColumnInfo(name, position, type, columnType, true, false, false, null, length, precision, scale,
                unsigned, false, labels, charset, collation, null, false, false, null);
    }

    /** A PostgreSQL column as pg_catalog describes it; {@code enum ('a','b')} is an enum type named "type". */
    static ColumnInfo postgres(String name, int position, String declaration) {
        String d = declaration.trim();
        boolean array = d.endsWith("[]");
        if (array) {
            d = d.substring(0, d.length() - 2);
        }
        if (d.startsWith("enum ")) {
            List<String> labels = new ArrayList<>();
            Matcher l = Pattern.compile("'((?:[^']|'')*)'").matcher(d);
            while (l.find()) {
                labels.add(l.group(1).replace("''", "'"));
            }
            return new ColumnInfo(name, position, "enum", "type" + (array ? "[]" : ""), true, false, array, null,
                    null, null, null, false, false, labels, null, null, null, false, false, "type");
        }
        Matcher m = DECLARATION.matcher(d);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read declaration " + declaration);
        }
        String written = m.group(1).trim();
        String type = PG_ALIASES.getOrDefault(written, written);
        String args = m.group(3);
        Integer length = null;
        Integer precision = null;
        Integer scale = null;
        switch (type) {
            case "bpchar", "bit" -> length = args == null ? 1 : Integer.valueOf(args);
            case "varchar", "varbit" -> length = args == null ? null : Integer.valueOf(args);
            case "numeric" -> {
                if (args != null) {
                    String[] ps = args.split(",");
                    precision = Integer.parseInt(ps[0].trim());
                    scale = ps.length > 1 ? Integer.parseInt(ps[1].trim()) : 0;
                }
            }
            case "time", "timetz", "timestamp", "timestamptz", "interval" -> precision = args == null ? 6 : Integer.parseInt(args);
            default -> {
            }
        }
        boolean serial = written.equals("serial");
        return new ColumnInfo(name, position, type, declaration, !serial, false, array,
                serial ? "nextval('t_" + name + "_seq'::regclass)" : null, length, precision, scale, false, serial,
                List.of(), null, null, null, false, false, null);
    }
}
