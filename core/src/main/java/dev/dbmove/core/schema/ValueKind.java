package dev.dbmove.core.schema;

/**
 * What a target column holds, which tells the writer how to turn a source value (as Debezium or the full-load
 * reader delivers it) into the value it binds. A value that does not fit the target column exactly is refused
 * by the writer, never rounded, truncated or wrapped. See docs/type-mapping.md for every mapping.
 */
public enum ValueKind {
    /** true/false; from a MySQL TINYINT(1) or BIT(1) 0 is false and 1 is true, any other number is refused. */
    BOOLEAN,
    /** A 16-bit signed integer. */
    INT16,
    /** A 32-bit signed integer. */
    INT32,
    /** A 64-bit signed integer. */
    INT64,
    /** An exact decimal (also MySQL BIGINT UNSIGNED); refused when it exceeds the column's precision or scale. */
    DECIMAL,
    /** A 4-byte IEEE float. */
    FLOAT32,
    /** An 8-byte IEEE float; NaN and infinities only where the target type has them (PostgreSQL). */
    FLOAT64,
    /** Character data, written as a string; NUL characters are refused by PostgreSQL targets. */
    TEXT,
    /** Binary data. */
    BYTES,
    /** A bit string: into BIT(n) as bits, into a character column as its digits 0 and 1. */
    BITS,
    /** A calendar date without zone; MySQL zero dates ('0000-00-00') are refused. */
    DATE,
    /** A time of day without zone (MySQL TIME may also be a duration: outside 00:00–24:00 it is refused by PostgreSQL). */
    TIME,
    /** A PostgreSQL time with time zone; into a MySQL TIME as the UTC time of day. */
    TIMETZ,
    /** A date and time without zone, written as the same wall-clock reading. */
    TIMESTAMP,
    /** An instant; into a zone-less target column (MySQL DATETIME) as its UTC reading. */
    TIMESTAMPTZ,
    /** A MySQL YEAR: the year number (0 or 1901–2155). */
    YEAR,
    /** A PostgreSQL interval; into a character column as ISO 8601 text (P1Y2M3DT4H5M6.5S). */
    INTERVAL,
    /** A JSON document, written as its text. */
    JSON,
    /** A UUID; into a character column as 36 lower-case characters. */
    UUID,
    /** One label of an enumeration, written as its text. */
    ENUM,
    /** A MySQL SET: comma-separated labels in declaration order, written as text. */
    SET,
    /** A PostgreSQL inet, cidr, macaddr or macaddr8 in its text form. */
    NETWORK,
    /** A PostgreSQL XML value in its text form. */
    XML,
    /** A PostgreSQL array; the element kind is {@link TargetType#elementKind()}; into MySQL JSON as a JSON array. */
    ARRAY
}
