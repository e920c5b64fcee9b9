package dev.dbmove.core.schema;

import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.dialect.PostgresDialect;

import static dev.dbmove.core.schema.TargetType.of;

/**
 * PostgreSQL to PostgreSQL: the same types, declared from the catalog's base type and modifiers (so a domain
 * becomes its base type, and no name of the source schema leaks into the target), enum types recreated in the
 * target schema.
 */
final class PostgresToPostgresTypes implements TypeMapper {
    private static final PostgresDialect DIALECT = new PostgresDialect();

    private final String targetSchema;

    PostgresToPostgresTypes(String targetSchema) {
        this.targetSchema = targetSchema;
    }

    @Override
    public TargetType map(ColumnInfo c, TableInfo table) {
        TargetType element = element(c);
        return c.array() ? element.asArray(element.sqlType() + "[]") : element;
    }

    /** The kind of a PostgreSQL value, whatever the target. */
    static ValueKind kind(String dataType) {
        return switch (dataType) {
            case "int2" -> ValueKind.INT16;
            case "int4" -> ValueKind.INT32;
            case "int8", "oid" -> ValueKind.INT64;
            case "numeric" -> ValueKind.DECIMAL;
            case "float4" -> ValueKind.FLOAT32;
            case "float8" -> ValueKind.FLOAT64;
            case "bool" -> ValueKind.BOOLEAN;
            case "bpchar", "varchar", "text", "name", "char", "citext" -> ValueKind.TEXT;
            case "bytea" -> ValueKind.BYTES;
            case "date" -> ValueKind.DATE;
            case "time" -> ValueKind.TIME;
            case "timetz" -> ValueKind.TIMETZ;
            case "timestamp" -> ValueKind.TIMESTAMP;
            case "timestamptz" -> ValueKind.TIMESTAMPTZ;
            case "interval" -> ValueKind.INTERVAL;
            case "json", "jsonb" -> ValueKind.JSON;
            case "uuid" -> ValueKind.UUID;
            case "bit", "varbit" -> ValueKind.BITS;
            case "inet", "cidr", "macaddr", "macaddr8" -> ValueKind.NETWORK;
            case "xml" -> ValueKind.XML;
            case "enum" -> ValueKind.ENUM;
            default -> throw new IllegalArgumentException("no kind for PostgreSQL type " + dataType);
        };
    }

    private TargetType element(ColumnInfo c) {
        String t = c.dataType();
        ValueKind kind = kind(t);
        Integer n = c.length();
        Integer p = c.precision();
        return switch (t) {
            case "int2" -> of("SMALLINT", kind, t);
            case "int4" -> of("INTEGER", kind, t);
            case "int8" -> of("BIGINT", kind, t);
            case "oid" -> of("OID", kind, t);
            case "numeric" -> p == null ? of("NUMERIC", kind, t)
                    : of("NUMERIC(" + p + "," + c.scale() + ")", kind, t).withPrecision(p, c.scale());
            case "float4" -> of("REAL", kind, t);
            case "float8" -> of("DOUBLE PRECISION", kind, t);
            case "bool" -> of("BOOLEAN", kind, t);
            case "bpchar" -> n == null ? of("BPCHAR", kind, t) : of("CHAR(" + n + ")", kind, t).withLength(n);
            case "varchar" -> n == null ? of("VARCHAR", kind, t) : of("VARCHAR(" + n + ")", kind, t).withLength(n);
            case "varbit" -> n == null ? of("VARBIT", kind, t) : of("VARBIT(" + n + ")", kind, t).withLength(n);
            case "bit" -> of("BIT(" + n + ")", kind, t).withLength(n);
            case "char" -> of("\"char\"", kind, t);
            case "time", "timetz", "timestamp", "timestamptz", "interval" ->
                    p == null ? of(t.toUpperCase(java.util.Locale.ROOT), kind, t)
                            : of(t.toUpperCase(java.util.Locale.ROOT) + "(" + p + ")", kind, t).withPrecision(p, null);
            case "enum" -> of(DIALECT.quote(targetSchema) + "." + DIALECT.quote(c.userType()), kind, t)
                    .withLabels(c.enumValues());
            default -> of(t.toUpperCase(java.util.Locale.ROOT), kind, t);
        };
    }
}
