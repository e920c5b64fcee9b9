package dev.dbmove.core.schema;

import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;

import java.util.Locale;

import static dev.dbmove.core.schema.TargetType.of;

/** MySQL and MariaDB types to PostgreSQL: the narrowest PostgreSQL type that holds every source value. */
final class MySqlToPostgresTypes implements TypeMapper {

    @Override
    public TargetType map(ColumnInfo c, TableInfo table) {
        boolean unsigned = c.unsigned();
        return switch (c.dataType()) {
            case "tinyint" -> isBoolean(c) ? of("BOOLEAN", ValueKind.BOOLEAN, "bool") : of("SMALLINT", ValueKind.INT16, "int2");
            case "smallint" -> unsigned ? of("INTEGER", ValueKind.INT32, "int4") : of("SMALLINT", ValueKind.INT16, "int2");
            case "mediumint" -> of("INTEGER", ValueKind.INT32, "int4");
            case "int" -> unsigned ? of("BIGINT", ValueKind.INT64, "int8") : of("INTEGER", ValueKind.INT32, "int4");
            case "bigint" -> unsigned ? numeric(20, 0) : of("BIGINT", ValueKind.INT64, "int8");
            case "decimal" -> numeric(c.precision(), c.scale());
            case "float" -> of("REAL", ValueKind.FLOAT32, "float4");
            case "double" -> of("DOUBLE PRECISION", ValueKind.FLOAT64, "float8");
            case "bit" -> c.length() == 1 ? of("BOOLEAN", ValueKind.BOOLEAN, "bool")
                    : of("BIT(" + c.length() + ")", ValueKind.BITS, "bit").withLength(c.length());
            case "char", "varchar" -> of("VARCHAR(" + c.length() + ")", ValueKind.TEXT, "varchar").withLength(c.length());
            case "tinytext", "text", "mediumtext", "longtext" -> of("TEXT", ValueKind.TEXT, "text");
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> of("BYTEA", ValueKind.BYTES, "bytea");
            case "date" -> of("DATE", ValueKind.DATE, "date");
            case "time" -> timed("TIME", ValueKind.TIME, "time", c);
            case "datetime" -> timed("TIMESTAMP", ValueKind.TIMESTAMP, "timestamp", c);
            case "timestamp" -> timed("TIMESTAMPTZ", ValueKind.TIMESTAMPTZ, "timestamptz", c);
            case "year" -> of("SMALLINT", ValueKind.YEAR, "int2");
            case "enum" -> of("TEXT", ValueKind.ENUM, "text").withLabels(c.enumValues());
            case "set" -> of("TEXT", ValueKind.SET, "text").withLabels(c.enumValues());
            case "json" -> of("JSONB", ValueKind.JSON, "jsonb");
            case "uuid" -> of("UUID", ValueKind.UUID, "uuid");
            default -> throw new IllegalArgumentException("no PostgreSQL type for " + c.columnType());
        };
    }

    /** MySQL's BOOLEAN is TINYINT(1), and only the signed one is used as such. */
    static boolean isBoolean(ColumnInfo c) {
        return c.dataType().equals("tinyint") && c.columnType().toLowerCase(Locale.ROOT).trim().equals("tinyint(1)");
    }

    private static TargetType numeric(int precision, int scale) {
        return of("NUMERIC(" + precision + "," + scale + ")", ValueKind.DECIMAL, "numeric").withPrecision(precision, scale);
    }

    private static TargetType timed(String name, ValueKind kind, String dataType, ColumnInfo c) {
        int p = c.precision() == null ? 0 : c.precision();
        return of(name + "(" + p + ")", kind, dataType).withPrecision(p, null);
    }
}
