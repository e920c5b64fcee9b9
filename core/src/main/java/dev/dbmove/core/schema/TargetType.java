package dev.dbmove.core.schema;

import java.util.List;

/**
 * A column type on the target: how to declare it, what it holds, and how the target's catalog will describe it
 * once created (the same fields {@code readTables} reports), which is what {@code compare} and the tests check.
 *
 * @param sqlType     the declaration, without column attributes ({@code NUMERIC(20,0)}, {@code varchar(20)})
 * @param elementKind the kind of an array's elements, null unless {@code kind} is {@link ValueKind#ARRAY}
 * @param dataType    the catalog's base type name, as {@code ColumnInfo.dataType()} will report it
 * @param array       a PostgreSQL array of {@code dataType}
 * @param length      as {@code ColumnInfo.length()}: characters, bytes or bits; null when none or unbounded
 * @param precision   as {@code ColumnInfo.precision()}
 * @param scale       as {@code ColumnInfo.scale()}
 * @param labels      enum or set labels, in order; else empty
 * @param charset     MySQL/MariaDB character set to declare, or null for the table's default
 * @param collation   MySQL/MariaDB collation to declare, or null for the table's default
 */
public record TargetType(String sqlType, ValueKind kind, ValueKind elementKind, String dataType, boolean array,
                         Integer length, Integer precision, Integer scale, boolean unsigned, List<String> labels,
                         String charset, String collation) {
    public TargetType {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    static TargetType of(String sqlType, ValueKind kind, String dataType) {
        return new TargetType(sqlType, kind, null, dataType, false, null, null, null, false, List.of(), null, null);
    }

    TargetType withLength(Integer newLength) {
        return new TargetType(sqlType, kind, elementKind, dataType, array, newLength, precision, scale, unsigned,
                labels, charset, collation);
    }

    TargetType withPrecision(Integer newPrecision, Integer newScale) {
        return new TargetType(sqlType, kind, elementKind, dataType, array, length, newPrecision, newScale, unsigned,
                labels, charset, collation);
    }

    TargetType withUnsigned(boolean newUnsigned) {
        return new TargetType(sqlType, kind, elementKind, dataType, array, length, precision, scale, newUnsigned,
                labels, charset, collation);
    }

    TargetType withLabels(List<String> newLabels) {
        return new TargetType(sqlType, kind, elementKind, dataType, array, length, precision, scale, unsigned,
                newLabels, charset, collation);
    }

    TargetType withCollation(String newCharset, String newCollation) {
        return new TargetType(sqlType, kind, elementKind, dataType, array, length, precision, scale, unsigned,
                labels, newCharset, newCollation);
    }

    TargetType asArray(String arraySqlType) {
        return new TargetType(arraySqlType, ValueKind.ARRAY, kind, dataType, true, length, precision, scale, unsigned,
                labels, charset, collation);
    }

    TargetType withSqlType(String newSqlType, ValueKind newKind, String newDataType) {
        return new TargetType(newSqlType, newKind, elementKind, newDataType, array, length, precision, scale, unsigned,
                labels, charset, collation);
    }
}
