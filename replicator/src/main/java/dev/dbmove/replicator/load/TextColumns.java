package dev.dbmove.replicator.load;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.replicator.apply.ApplyTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the fast full load reads a table: for each written column, the source expression
 * whose text the target reads back as the same value, or the reason it cannot. Only types
 * whose text form is exact on both sides are taken; a table with any other column is copied
 * through Debezium's snapshot, which converts every type.
 *
 * @param expressions one SELECT expression per written column, in the target's order
 * @param prefixes    text put before a non-NULL value (bytea's {@code \\x}), else ""
 * @param suffixes    text put after a non-NULL value (an instant's {@code +00}), else ""
 * @param hex         per column: read as bytes and written as hex digits (bytes into PostgreSQL's bytea)
 * @param passThrough PostgreSQL to PostgreSQL with the same declared types: the source's own
 *                    {@code COPY ... TO STDOUT} goes to the target unchanged
 * @param binary      the pass-through in COPY's binary format: no column is an array or of a user-defined type
 *                    (an array's binary form names its element type by OID, which differs between servers)
 */
record TextColumns(List<String> expressions, List<String> prefixes, List<String> suffixes, List<Boolean> hex,
                   boolean passThrough, boolean binary) {
    private static final Set<String> MYSQL_INTEGERS = Set.of("smallint", "mediumint", "int", "integer", "bigint", "year");
    private static final Set<String> MYSQL_TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");
    private static final Set<String> MYSQL_TIMES = Set.of("date", "datetime", "timestamp");
    private static final Set<String> MYSQL_BYTES = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    private static final Set<String> PG_PLAIN = Set.of("int2", "int4", "int8", "numeric", "varchar", "text", "bpchar");

    /** The plan for a table, or why the fast load leaves it to Debezium. */
    sealed interface Decision permits Fast, Slow {
    }

    record Fast(TextColumns columns) implements Decision {
    }

    record Slow(String reason) implements Decision {
    }

    static Decision of(DatabaseType source, DatabaseType target, TableInfo table, ApplyTable written, boolean zeroDatesToNull) {
        Dialect dialect = Dialect.of(source);
        List<String> expressions = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        List<Boolean> hex = new ArrayList<>();
        boolean samePg = source == DatabaseType.POSTGRESQL && target == DatabaseType.POSTGRESQL;
        boolean binary = samePg;
        for (ColumnInfo to : written.columns()) {
            ColumnInfo from = table.column(to.name()).orElseThrow();
            String column = dialect.quote(from.name());
            if (from.array() && !samePg) {
                return new Slow("column " + from.name() + " is an array");
            }
            String why = null;
            String expression = column;
            String prefix = "";
            String suffix = "";
            boolean bytes = false;
            String type = from.dataType().toLowerCase(Locale.ROOT);
            String targetType = to.dataType().toLowerCase(Locale.ROOT);
            if (samePg) {
                binary &= !from.array() && from.userType() == null;
                if (!declared(from.columnType()).equals(declared(to.columnType()))) {
                    why = "column " + from.name() + " is " + from.columnType() + " on the source, " + to.columnType()
                            + " on the target";
                }
            } else if (source.isMySqlFamily()) {
                if (type.equals("tinyint")) {
                    expression = "(" + column + " + 0)"; // digits, whatever the driver makes of TINYINT(1)
                } else if (MYSQL_INTEGERS.contains(type) || type.equals("decimal") || type.equals("json")
                        || type.equals("double") || type.equals("enum")) {
                    // DOUBLE's text is the shortest that reads back as the same double; ENUM's is its label
                    expression = column;
                } else if (type.equals("float")) {
                    // FLOAT's own text has six digits (1/3 is 0.333333); as a double it is exact, and the target's
                    // FLOAT or REAL rounds that back to the same single-precision value
                    expression = "(" + column + " + 0e0)";
                } else if (MYSQL_TEXT.contains(type) && from.charset() != null && !from.charset().equals("binary")) {
                    expression = column;
                } else if (MYSQL_TIMES.contains(type)) {
                    if (zeroDatesToNull) {
                        why = "zero dates are copied as NULL (column " + from.name() + ")";
                    }
                    expression = "CAST(" + column + " AS CHAR)";
                    if (type.equals("timestamp") && targetType.startsWith("timestamptz")) {
                        suffix = "+00";
                    }
                } else if (MYSQL_BYTES.contains(type) && target == DatabaseType.POSTGRESQL) {
                    // The bytes themselves, made hex by RowText a piece at a time. Not the server's HEX(): its result,
                    // twice the value, came whole through the driver and into a string.
                    expression = column;
                    prefix = "\\\\x";
                    bytes = true;
                } else {
                    why = "column " + from.name() + " is " + from.columnType();
                }
            } else {
                // PostgreSQL into MySQL/MariaDB
                if (PG_PLAIN.contains(type)) {
                    expression = column;
                } else if (type.equals("date") || type.equals("timestamp")) {
                    expression = column + "::text";
                } else if (type.equals("float4") || type.equals("float8")) {
                    // shortest exact text (the session's extra_float_digits); NaN and infinities are refused by the
                    // target's LOAD DATA check, which pauses the table rather than storing something else
                    expression = column + "::text";
                } else if (type.equals("bool") && !targetType.equals("bit")) {
                    expression = column + "::int";
                } else {
                    why = "column " + from.name() + " is " + from.columnType();
                }
            }
            if (why != null) {
                return new Slow(why);
            }
            expressions.add(expression);
            prefixes.add(prefix);
            suffixes.add(suffix);
            hex.add(bytes);
        }
        return new Fast(new TextColumns(expressions, prefixes, suffixes, hex, samePg, binary));
    }

    /**
     * A PostgreSQL declaration as the type it is: a timestamp or time without a precision has
     * precision 6, so {@code timestamp with time zone} (the source's) is the target's
     * {@code timestamp(6) with time zone}.
     */
    static String declared(String columnType) {
        String t = columnType.toLowerCase(Locale.ROOT).strip();
        return t.matches("(timestamp|time)( with(out)? time zone)?") ? t.replaceFirst("^(timestamp|time)", "$1(6)") : t;
    }
}
