package dev.dbmove.core.catalog;

import java.util.List;

/**
 * One column as the source catalog describes it.
 *
 * @param dataType          the base type name in lower case, without size or modifiers ({@code bigint}, {@code varchar};
 *                          PostgreSQL reports {@code pg_type.typname}, a domain as its base type, an enum type as
 *                          {@code enum}, an array as its element type with {@code array} set; a MariaDB JSON column,
 *                          which the server stores as LONGTEXT with a {@code json_valid} check, as {@code json})
 * @param columnType        the full declaration as the server prints it ({@code bigint(20) unsigned}, {@code numeric(10,2)})
 * @param generated         a generated (computed) column: MySQL/MariaDB VIRTUAL or STORED, PostgreSQL STORED
 * @param defaultExpression the default as an SQL expression of the source engine, string literals quoted
 *                          ({@code 'abc'}, {@code 0}, {@code current_timestamp(3)}, {@code 'x'::character varying});
 *                          null when the column has no default or defaults to NULL
 * @param length            characters for character types, bytes for binary types, bits for bit types; null when
 *                          the type has no length or is unbounded (PostgreSQL {@code text}, {@code varchar})
 * @param precision         total digits of an exact numeric type, fractional-second digits of a time, timestamp or
 *                          interval type; null otherwise or when unconstrained (PostgreSQL {@code numeric})
 * @param scale             digits after the point of an exact numeric type, null otherwise
 * @param unsigned          a MySQL/MariaDB UNSIGNED numeric type
 * @param autoIncrement     MySQL/MariaDB AUTO_INCREMENT; PostgreSQL identity or serial ({@code nextval(...)} default)
 * @param enumValues        MySQL/MariaDB ENUM and SET values, PostgreSQL enum labels, in declaration order; else empty
 * @param charset           MySQL/MariaDB character set of a character column, else null
 * @param collation         MySQL/MariaDB collation of a character column, else null
 * @param generationExpression the expression of a generated column as the server prints it, else null
 * @param generatedStored   a generated column whose value is stored (always so on PostgreSQL), not computed on read
 * @param onUpdateCurrentTimestamp MySQL/MariaDB {@code ON UPDATE CURRENT_TIMESTAMP}
 * @param userType          the name (without schema) of the user-defined type of a PostgreSQL enum column, else null
 */
public record ColumnInfo(String name, int position, String dataType, String columnType, boolean nullable,
                         boolean generated, boolean array, String defaultExpression,
                         Integer length, Integer precision, Integer scale, boolean unsigned, boolean autoIncrement,
                         List<String> enumValues, String charset, String collation,
                         String generationExpression, boolean generatedStored, boolean onUpdateCurrentTimestamp,
                         String userType) {

    public ColumnInfo {
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    }

    /** A column described by its type names only, without sizes or attributes. */
    public ColumnInfo(String name, int position, String dataType, String columnType, boolean nullable,
                      boolean generated, boolean array, String defaultExpression) {
        this(name, position, dataType, columnType, nullable, generated, array, defaultExpression,
                null, null, null, false, false, List.of(), null, null, null, false, false, null);
    }
}
