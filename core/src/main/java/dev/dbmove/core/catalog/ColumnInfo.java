package dev.dbmove.core.catalog;

/**
 * One column as the source catalog describes it.
 *
 * @param dataType   the base type name in lower case, without size or modifiers ({@code bigint}, {@code varchar},
 *                   {@code _int4} for a PostgreSQL array is reported as {@code int4} with {@code array} set)
 * @param columnType the full declaration as the server prints it ({@code bigint(20) unsigned}, {@code numeric(10,2)})
 * @param defaultExpression the default as the server prints it, or null
 */
public record ColumnInfo(String name, int position, String dataType, String columnType, boolean nullable,
                         boolean generated, boolean array, String defaultExpression) {
}
