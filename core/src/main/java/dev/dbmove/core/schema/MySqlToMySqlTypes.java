package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;

import java.util.Locale;

/**
 * MySQL/MariaDB to MySQL/MariaDB: the source's own declaration, with its character set and collation. Between
 * MySQL and MariaDB the few types and collations only one of them has are replaced by their counterparts.
 */
final class MySqlToMySqlTypes implements TypeMapper {
    private final DatabaseType source;
    private final DatabaseType target;

    MySqlToMySqlTypes(DatabaseType source, DatabaseType target) {
        this.source = source;
        this.target = target;
    }

    /** The kind of a MySQL/MariaDB value when it goes to the same kind of engine (no BOOLEAN: TINYINT(1) holds 2). */
    static ValueKind kind(ColumnInfo c) {
        boolean unsigned = c.unsigned();
        return switch (c.dataType()) {
            case "tinyint" -> ValueKind.INT16;
            case "smallint" -> unsigned ? ValueKind.INT32 : ValueKind.INT16;
            case "mediumint" -> ValueKind.INT32;
            case "int" -> unsigned ? ValueKind.INT64 : ValueKind.INT32;
            case "bigint" -> unsigned ? ValueKind.DECIMAL : ValueKind.INT64;
            case "decimal" -> ValueKind.DECIMAL;
            case "float" -> ValueKind.FLOAT32;
            case "double" -> ValueKind.FLOAT64;
            case "bit" -> ValueKind.BITS;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> ValueKind.TEXT;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> ValueKind.BYTES;
            case "date" -> ValueKind.DATE;
            case "time" -> ValueKind.TIME;
            case "datetime" -> ValueKind.TIMESTAMP;
            case "timestamp" -> ValueKind.TIMESTAMPTZ;
            case "year" -> ValueKind.YEAR;
            case "enum" -> ValueKind.ENUM;
            case "set" -> ValueKind.SET;
            case "json" -> ValueKind.JSON;
            case "uuid" -> ValueKind.UUID;
            default -> throw new IllegalArgumentException("no kind for MySQL type " + c.columnType());
        };
    }

    @Override
    public TargetType map(ColumnInfo c, TableInfo table) {
        ValueKind kind = kind(c);
        String sqlType = c.columnType();
        String dataType = c.dataType();
        Integer length = c.length();
        String charset = c.charset();
        String collation = collation(c.collation());
        if (dataType.equals("json")) {
            // MariaDB declares JSON as LONGTEXT with a check; the alias brings the check back, and takes no charset.
            sqlType = "json";
            charset = null;
            collation = null;
        } else if (dataType.equals("uuid") && target != DatabaseType.MARIADB) {
            sqlType = "char(36)";
            dataType = "char";
            length = 36;
        }
        return new TargetType(sqlType, kind, null, dataType, false, length, c.precision(), c.scale(), c.unsigned(),
                c.enumValues(), charset, collation);
    }

    /** The source's collation, or MySQL's counterpart of a collation only MariaDB has. */
    private String collation(String collation) {
        if (collation == null || source == target || target == DatabaseType.MARIADB) {
            return collation;
        }
        String c = collation.toLowerCase(Locale.ROOT);
        if (c.equals("utf8mb4_nopad_bin")) {
            return "utf8mb4_0900_bin";
        }
        if (c.startsWith("utf8mb4_uca1400_")) {
            // uca1400_ai_ci -> 0900_ai_ci; the NO PAD variants have no MySQL counterpart but the 0900 ones are NO PAD.
            return "utf8mb4_0900_" + c.substring("utf8mb4_uca1400_".length()).replace("nopad_", "");
        }
        return collation;
    }
}
