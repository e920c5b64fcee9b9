package dev.dbmove.core.dialect;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.schema.ValueKind;

import java.util.List;
import java.util.Locale;

/**
 * SQL expressions that render a column's value as the same text on MySQL, MariaDB and PostgreSQL, so that both
 * sides of a migration can hash their rows on the server and only the hashes cross the network.
 * <p>
 * The rules, per {@link ValueKind} (documented for users in docs/validation.md):
 * <ul>
 * <li>NULL stays NULL (the row hash marks it apart from the empty string).</li>
 * <li>Integers and YEAR: decimal digits. BOOLEAN (TINYINT(1), BIT(1), PostgreSQL boolean): {@code 1} or {@code 0}.</li>
 * <li>DECIMAL: the exact value without trailing zeros after the point ({@code 1.50} and {@code 1.5} are {@code 1.5};
 *     {@code 2.00} is {@code 2}); PostgreSQL NaN and infinities by name.</li>
 * <li>FLOAT32 / FLOAT64: rounded to 6 / 15 significant decimal digits and written as {@code <digits>e<exponent>}
 *     (1.5 is {@code 150000e-5} for FLOAT32), because the engines print floats differently; a difference below that
 *     precision is not seen.</li>
 * <li>Text, ENUM, SET, network addresses, XML, intervals (PostgreSQL's ISO 8601 style): the characters, in UTF-8.
 *     Case and trailing spaces count, whatever the column's collation; only where one side is a blank-padded
 *     CHAR (which drops trailing spaces when read) does the other side drop them too.</li>
 * <li>Bytes: lower-case hex. Bit strings: the digits 0 and 1, as many as the column has bits.</li>
 * <li>DATE {@code YYYY-MM-DD}; TIME {@code HH:MM:SS.ffffff}; TIMESTAMP {@code YYYY-MM-DD HH:MM:SS.ffffff} as the
 *     wall-clock reading; TIMESTAMPTZ and TIMETZ as the UTC reading (the session zone of the validator, whatever
 *     the servers' zones). MySQL zero dates are NULL when the job copies them as NULL.</li>
 * <li>JSON: as each engine normalises it where both sides normalise alike (PostgreSQL jsonb and MySQL JSON sort keys
 *     and space the text the same way); MariaDB keeps JSON as text, so MariaDB against PostgreSQL compares MariaDB's
 *     {@code JSON_NORMALIZE} with the same normal form built on PostgreSQL (keys in byte order, no spaces, numbers
 *     as exact decimals in E notation).</li>
 * <li>UUID: lower-case text. Arrays: PostgreSQL's text form, or JSON text when the target holds them as JSON.</li>
 * </ul>
 * Expressions refer to the column by its quoted name only; no value is ever part of the SQL.
 */
public final class CanonicalText {
    /** Name of the PostgreSQL session function that renders jsonb in MariaDB's JSON_NORMALIZE form. */
    public static final String PG_MARIADB_JSON = "pg_temp.dbmove_mariadb_json";

    /** One side's column: the engine it lives on (MYSQL, MARIADB or POSTGRESQL, as the server is) and its catalog entry. */
    public record Side(DatabaseType engine, ColumnInfo column) {
        boolean postgres() {
            return engine == DatabaseType.POSTGRESQL;
        }

        String type() {
            return column.dataType().toLowerCase(Locale.ROOT);
        }

        /** A character type that pads with blanks and drops trailing blanks when read. */
        boolean blankPadded() {
            return postgres() ? type().equals("bpchar") : type().equals("char");
        }
    }

    private CanonicalText() {
    }

    /**
     * The expression that renders {@code self}'s column as canonical text, compared against {@code other}'s column.
     *
     * @param selfIsSource    whether {@code self} is the source side (JSON between MariaDB and PostgreSQL depends on it)
     * @param kind            the value kind of the pair (the translation's kind of the target column)
     * @param zeroDatesAsNull MySQL zero dates render as NULL (the job copies them as NULL)
     */
    public static String expression(Side self, Side other, boolean selfIsSource, ValueKind kind, boolean zeroDatesAsNull) {
        String x = Dialect.of(self.engine()).quote(self.column().name());
        return self.postgres() ? postgres(x, self, other, selfIsSource, kind)
                : mysql(x, self, other, selfIsSource, kind, zeroDatesAsNull);
    }

    /** Statements each validator session runs first, so that every rendering is independent of server settings. */
    public static List<String> sessionSetup(DatabaseType engine) {
        if (engine == DatabaseType.POSTGRESQL) {
            return List.of("SET TimeZone = 'UTC'", "SET IntervalStyle = 'iso_8601'", "SET DateStyle = 'ISO, YMD'",
                    "SET extra_float_digits = 1");
        }
        // PAD_CHAR_TO_FULL_LENGTH would make CHAR keep its blanks; the rest of the mode stays the server's.
        return List.of("SET SESSION time_zone = '+00:00'",
                "SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'PAD_CHAR_TO_FULL_LENGTH', '')",
                "SET SESSION group_concat_max_len = 1048576");
    }

    /**
     * PostgreSQL session functions the expressions need when the other side is MariaDB: the jsonb normal form of
     * MariaDB's JSON_NORMALIZE. Temporary (pg_temp) functions need only the TEMPORARY privilege.
     */
    public static List<String> postgresSessionFunctions() {
        String number = """
                CREATE OR REPLACE FUNCTION pg_temp.dbmove_json_number(n numeric) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $f$
                SELECT CASE WHEN n = 0 THEN '0.0E0' WHEN n = 'NaN' THEN 'NaN' ELSE
                  (CASE WHEN n < 0 THEN '-' ELSE '' END) || (
                   SELECT substr(d, 1, 1) || '.' || coalesce(nullif(rtrim(substr(d, 2), '0'), ''), '0') || 'E' || e
                   FROM (SELECT CASE WHEN i <> '0' THEN i || f ELSE ltrim(f, '0') END AS d,
                                CASE WHEN i <> '0' THEN length(i) - 1 ELSE -(length(f) - length(ltrim(f, '0')) + 1) END AS e
                         FROM (SELECT split_part(t, '.', 1) AS i, split_part(t, '.', 2) AS f
                               FROM (SELECT trim_scale(abs(n))::text AS t) a) b) c)
                END $f$""";
        String json = """
                CREATE OR REPLACE FUNCTION pg_temp.dbmove_mariadb_json(j jsonb) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $f$
                SELECT CASE jsonb_typeof(j)
                  WHEN 'object' THEN '{' || coalesce((SELECT string_agg(to_json(k)::text || ':' || pg_temp.dbmove_mariadb_json(v), ','
                      ORDER BY convert_to(k, 'UTF8')) FROM jsonb_each(j) AS e(k, v)), '') || '}'
                  WHEN 'array' THEN '[' || coalesce((SELECT string_agg(pg_temp.dbmove_mariadb_json(v), ',' ORDER BY n)
                      FROM jsonb_array_elements(j) WITH ORDINALITY AS a(v, n)), '') || ']'
                  WHEN 'number' THEN pg_temp.dbmove_json_number((j #>> '{}')::numeric)
                  ELSE j::text END
                $f$""";
        return List.of(number, json);
    }

    /** Whether a pair needs {@link #postgresSessionFunctions()} on its PostgreSQL side. */
    public static boolean needsPostgresFunctions(Side self, Side other, boolean selfIsSource, ValueKind kind) {
        return self.postgres() && !selfIsSource && other.engine() == DatabaseType.MARIADB && kind == ValueKind.JSON
                && !self.column().array();
    }

    private static String postgres(String x, Side self, Side other, boolean selfIsSource, ValueKind kind) {
        String type = self.type();
        if (self.column().array()) {
            if (!other.postgres()) {
                // MySQL holds the array as JSON: MySQL normalises it, MariaDB keeps the text dbmove wrote, in
                // which an instant is written as 2024-01-01T00:00:00.000000Z.
                String array = type.equals("timestamptz")
                        ? "array_to_json(ARRAY(SELECT to_char(e AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                                + " FROM unnest(" + x + ") AS e))"
                        : "array_to_json(" + x + ")";
                String json = other.engine() == DatabaseType.MYSQL ? array + "::jsonb::text" : array + "::text";
                return "CASE WHEN " + x + " IS NULL THEN NULL ELSE " + json + " END";
            }
            return x + "::text";
        }
        return switch (kind) {
            case BOOLEAN -> type.equals("bool") ? "CASE " + x + " WHEN true THEN '1' WHEN false THEN '0' END" : x + "::text";
            case INT16, INT32, INT64, YEAR -> x + "::text";
            case DECIMAL -> type.equals("numeric") ? "trim_scale(" + x + ")::text" : x + "::text";
            case FLOAT32 -> pgFloat(x, 6);
            case FLOAT64 -> pgFloat(x, 15);
            case BYTES -> "encode(" + x + ", 'hex')";
            case DATE -> type.equals("date")
                    ? "CASE WHEN isfinite(" + x + ") AND " + x + " >= DATE '0001-01-01' THEN to_char(" + x
                            + ", 'YYYY-MM-DD') ELSE " + x + "::text END"
                    : x + "::text";
            case TIME -> type.equals("time") ? "to_char(" + x + ", 'HH24:MI:SS.US')" : x + "::text";
            case TIMETZ -> type.equals("timetz") ? "to_char((" + x + " AT TIME ZONE 'UTC')::time, 'HH24:MI:SS.US')"
                    : type.equals("time") ? "to_char(" + x + ", 'HH24:MI:SS.US')" : x + "::text";
            case TIMESTAMP -> type.equals("timestamp")
                    ? "CASE WHEN isfinite(" + x + ") THEN to_char(" + x + ", 'YYYY-MM-DD HH24:MI:SS.US') ELSE " + x + "::text END"
                    : x + "::text";
            case TIMESTAMPTZ -> type.equals("timestamptz")
                    ? "CASE WHEN isfinite(" + x + ") THEN to_char(" + x + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') ELSE "
                            + x + "::text END"
                    : type.equals("timestamp")
                    ? "CASE WHEN isfinite(" + x + ") THEN to_char(" + x + ", 'YYYY-MM-DD HH24:MI:SS.US') ELSE " + x + "::text END"
                    : x + "::text";
            case JSON -> {
                if (other.engine() == DatabaseType.MARIADB) {
                    // MariaDB holds JSON as text: from PostgreSQL it holds PostgreSQL's own text; towards
                    // PostgreSQL, MariaDB's JSON_NORMALIZE is met by the same form built here.
                    yield selfIsSource ? x + "::text" : PG_MARIADB_JSON + "(" + x + "::jsonb)";
                }
                yield other.postgres() ? x + "::text" : x + "::jsonb::text";
            }
            case TEXT -> other.blankPadded() && !self.blankPadded() ? "rtrim(" + x + "::text, ' ')" : x + "::text";
            case UUID -> "lower(" + x + "::text)";
            // inet's text cast always shows the netmask (::1/128); its output, which Debezium sends, drops a host's
            case NETWORK -> "nullif(format('%s', " + x + "), '')";
            case BITS, ENUM, SET, XML, INTERVAL, ARRAY -> x + "::text";
        };
    }

    private static String pgFloat(String x, int digits) {
        String v = x + "::float8";
        return "CASE WHEN " + v + " = 0 THEN '0' WHEN " + v + " IN ('NaN', 'Infinity', '-Infinity') THEN " + v + "::text"
                + " ELSE round(" + v + " / power(10::float8, floor(log(abs(" + v + "))) - " + (digits - 1) + "))::bigint::text"
                + " || 'e' || (floor(log(abs(" + v + "))) - " + (digits - 1) + ")::bigint::text END";
    }

    private static String mysql(String x, Side self, Side other, boolean selfIsSource, ValueKind kind,
                                boolean zeroDatesAsNull) {
        String type = self.type();
        String text = "CONVERT(" + x + " USING utf8mb4)";
        return switch (kind) {
            case BOOLEAN, INT16, INT32, INT64, YEAR -> type.equals("bit") || type.equals("year")
                    || self.column().columnType().toLowerCase(Locale.ROOT).contains("zerofill")
                    ? "CAST(" + x + " + 0 AS CHAR)" : "CAST(" + x + " AS CHAR)";
            case DECIMAL -> type.equals("decimal") || type.equals("numeric")
                    ? "IF(LOCATE('.', " + x + ") > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CAST(" + x
                            + " AS CHAR))), CAST(" + x + " AS CHAR))"
                    : "CAST(" + x + " AS CHAR)";
            case FLOAT32 -> mysqlFloat(x, 6);
            case FLOAT64 -> mysqlFloat(x, 15);
            case BYTES -> "LOWER(HEX(" + x + "))";
            case BITS -> type.equals("bit") ? "LPAD(BIN(" + x + " + 0), " + bits(self) + ", '0')" : text;
            case DATE -> type.equals("date") ? zeroDate(x, "DATE_FORMAT(" + x + ", '%Y-%m-%d')", zeroDatesAsNull) : text;
            case TIME, TIMETZ -> type.equals("time") ? "TIME_FORMAT(" + x + ", '%H:%i:%s.%f')" : text;
            case TIMESTAMP, TIMESTAMPTZ -> type.equals("datetime") || type.equals("timestamp")
                    ? zeroDate(x, "DATE_FORMAT(" + x + ", '%Y-%m-%d %H:%i:%s.%f')", zeroDatesAsNull) : text;
            case JSON -> {
                if (self.engine() == DatabaseType.MARIADB) {
                    // MariaDB keeps the text it was given; from PostgreSQL that is PostgreSQL's own text.
                    yield other.postgres() && selfIsSource ? "JSON_NORMALIZE(" + x + ")" : text;
                }
                yield "CAST(" + x + " AS CHAR)";
            }
            case TEXT -> other.blankPadded() && !self.blankPadded() ? "TRIM(TRAILING ' ' FROM " + text + ")" : text;
            case UUID -> "LOWER(" + text + ")";
            case ENUM, SET, NETWORK, XML, INTERVAL, ARRAY -> text;
        };
    }

    private static String zeroDate(String x, String rendering, boolean zeroDatesAsNull) {
        if (!zeroDatesAsNull) {
            return rendering;
        }
        return "IF(YEAR(" + x + ") = 0 OR MONTH(" + x + ") = 0 OR DAYOFMONTH(" + x + ") = 0, NULL, " + rendering + ")";
    }

    private static int bits(Side side) {
        Integer length = side.column().length();
        return length == null ? 1 : length;
    }

    private static String mysqlFloat(String x, int digits) {
        String e = "FLOOR(LOG10(ABS(" + x + "))) - " + (digits - 1);
        return "IF(" + x + " = 0, '0', CONCAT(CAST(ROUND(" + x + " / POW(10, " + e + ")) AS SIGNED), 'e', CAST(" + e
                + " AS SIGNED)))";
    }
}
