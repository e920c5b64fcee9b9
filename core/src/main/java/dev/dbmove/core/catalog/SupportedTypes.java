package dev.dbmove.core.catalog;

import dev.dbmove.core.DatabaseType;

import java.util.Optional;
import java.util.Set;

/**
 * The catalog type names dbmove can replicate, per source engine: the one list that preflight
 * ({@code Dialect.unsupportedType}) and schema translation both go by. Every name here has a row per
 * direction in docs/type-mapping.md, and a test keeps the two in step.
 */
public final class SupportedTypes {

    /** information_schema.COLUMNS.DATA_TYPE values (plus {@code json} for MariaDB's JSON alias). */
    public static final Set<String> MYSQL = Set.of(
            "tinyint", "smallint", "mediumint", "int", "bigint",
            "decimal", "float", "double", "bit",
            "char", "varchar", "tinytext", "text", "mediumtext", "longtext",
            "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
            "date", "time", "datetime", "timestamp", "year",
            "enum", "set", "json", "uuid");

    /** pg_type.typname values; enum types are reported as {@code enum}, arrays by their element type. */
    public static final Set<String> POSTGRES = Set.of(
            "int2", "int4", "int8", "oid", "numeric", "float4", "float8", "bool",
            "bpchar", "varchar", "text", "char", "citext", "bytea",
            "date", "time", "timetz", "timestamp", "timestamptz", "interval",
            "json", "jsonb", "uuid", "bit", "inet", "cidr", "macaddr", "macaddr8", "xml", "enum");

    private SupportedTypes() {
    }

    public static Set<String> of(DatabaseType source) {
        return source.isMySqlFamily() ? MYSQL : POSTGRES;
    }

    /** Why a column of this type cannot be replicated from this engine, or empty when it can. */
    public static Optional<String> unsupported(DatabaseType source, ColumnInfo column) {
        if (of(source).contains(column.dataType())) {
            return Optional.empty();
        }
        if (source == DatabaseType.POSTGRESQL && column.dataType().equals("name")) {
            // Validation of every type found a name column's value missing (NULL) in changes streamed from it.
            return Optional.of(column.columnType() + " is not supported: changes streamed from a name column arrive"
                    + " without its value; use varchar(63) or text for it");
        }
        if (source == DatabaseType.POSTGRESQL && column.dataType().equals("varbit")) {
            // Debezium sends a varying bit string as bytes and recomputes its length from the bits that are set,
            // so B'0011' would arrive as B'11' (or padded to the declared length): its value cannot be kept.
            return Optional.of(column.columnType() + " is not supported: Debezium does not deliver a bit varying"
                    + " value's length, so it would change; use bit(n) or text for it");
        }
        return Optional.of(column.columnType() + " is not supported" + (source.isMySqlFamily()
                ? " (spatial, vector and network types are not mapped yet)"
                : " (geometric, range, composite, text-search and extension types other than citext are not mapped yet)"));
    }
}
