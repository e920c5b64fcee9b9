package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.dialect.SqlLiterals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Column defaults: read from one engine's catalog into a neutral form, written for another. Literals,
 * CURRENT_TIMESTAMP and CURRENT_DATE cross engines; any other expression is kept only between engines of the
 * same family, and dropped (with a note) otherwise. A dropped default loses nothing that is replicated: the
 * writer copies every value the source stored; it matters only for rows inserted on the target after cutover.
 */
final class Defaults {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NOW = Pattern.compile(
            "(?i)(current_timestamp|now|localtimestamp|localtime|statement_timestamp|transaction_timestamp)"
                    + "\\s*(\\(\\s*(\\d?)\\s*\\))?");
    private static final Pattern TODAY = Pattern.compile("(?i)(current_date|curdate)\\s*(\\(\\s*\\))?");
    private static final Pattern BITS = Pattern.compile("(?i)b'([01]*)'");
    /** A literal followed by casts, as pg_get_expr prints it: 'x'::character varying, '{}'::jsonb, '1'::"bit". */
    private static final Pattern PG_CAST = Pattern.compile("(::(\"[^\"]*\"|[a-zA-Z_][\\w ]*)(\\(\\d+(,\\d+)?\\))?(\\[\\])*)+");
    private static final Set<String> MYSQL_LOB = Set.of("tinytext", "text", "mediumtext", "longtext",
            "tinyblob", "blob", "mediumblob", "longblob", "json");

    /** A default in neutral form. */
    sealed interface Value {
    }

    record Text(String value) implements Value {
    }

    record Number(String text) implements Value {
    }

    record Bool(boolean value) implements Value {
    }

    record Bits(String digits) implements Value {
    }

    record Now() implements Value {
    }

    record Today() implements Value {
    }

    record Expression(String sql) implements Value {
    }

    /** Bytes, as hexadecimal digits. */
    record Binary(String hex) implements Value {
    }

    /** The default for the target, or a note on why there is none. */
    record Result(String expression, String note) {
        static final Result NONE = new Result(null, null);
    }

    private Defaults() {
    }

    /** The default of a source column as printed by its catalog, or null for none. */
    static Value parse(DatabaseType engine, String printed) {
        if (printed == null) {
            return null;
        }
        String s = printed.trim();
        if (s.equalsIgnoreCase("NULL") || s.toUpperCase(Locale.ROOT).startsWith("NULL::")) {
            return null;
        }
        if (NUMBER.matcher(s).matches()) {
            return new Number(s);
        }
        if (NOW.matcher(s).matches()) {
            return new Now();
        }
        if (TODAY.matcher(s).matches()) {
            return new Today();
        }
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return new Bool(s.equalsIgnoreCase("true"));
        }
        Matcher bits = BITS.matcher(s);
        if (bits.matches()) {
            return new Bits(bits.group(1));
        }
        if (s.startsWith("'")) {
            SqlLiterals.Parsed p = engine.isMySqlFamily() ? SqlLiterals.parseMySql(s, 0) : SqlLiterals.parsePostgres(s, 0);
            String rest = s.substring(p.end());
            if (rest.isEmpty() || (!engine.isMySqlFamily() && PG_CAST.matcher(rest).matches())) {
                return new Text(p.value());
            }
        }
        if (!engine.isMySqlFamily() && s.startsWith("B'")) {
            SqlLiterals.Parsed p = SqlLiterals.parsePostgres(s, 1);
            String rest = s.substring(p.end());
            if (p.value().matches("[01]*") && (rest.isEmpty() || PG_CAST.matcher(rest).matches())) {
                return new Bits(p.value());
            }
        }
        return new Expression(s);
    }

    /** The target's default for a column of {@code type} translated from {@code source}. */
    static Result translate(ColumnInfo source, DatabaseType sourceEngine, DatabaseType targetEngine, TargetType type) {
        Value value = parse(sourceEngine, source.defaultExpression());
        if (value == null) {
            return Result.NONE;
        }
        if (value instanceof Text t && type.kind() == ValueKind.BYTES) {
            value = binary(sourceEngine, t.value());
        }
        boolean sameFamily = sourceEngine.isMySqlFamily() == targetEngine.isMySqlFamily();
        String rendered = value == null ? null
                : targetEngine.isMySqlFamily() ? mysql(value, type, sameFamily) : postgres(value, type, sameFamily);
        if (rendered != null) {
            return new Result(rendered, null);
        }
        return new Result(null, "column " + source.name() + ": default " + source.defaultExpression() + " dropped: "
                + (value instanceof Expression ? "an expression does not carry from " + sourceEngine + " to " + targetEngine
                : "no equivalent for a " + type.sqlType() + " column on " + targetEngine));
    }

    /**
     * A string literal for a binary column: MySQL takes the string's bytes, PostgreSQL reads bytea input
     * (hex {@code \x...}; the escape format without escapes is the string's bytes). Null when undecidable.
     */
    private static Binary binary(DatabaseType sourceEngine, String text) {
        if (!sourceEngine.isMySqlFamily() && text.startsWith("\\x")) {
            String hex = text.substring(2);
            return hex.matches("([0-9a-fA-F]{2})*") ? new Binary(hex.toLowerCase(Locale.ROOT)) : null;
        }
        if (!sourceEngine.isMySqlFamily() && text.indexOf('\\') >= 0) {
            return null;
        }
        return new Binary(HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String postgres(Value value, TargetType type, boolean sameFamily) {
        ValueKind kind = type.kind();
        if (value instanceof Expression e) {
            return sameFamily ? e.sql() : null;
        } else if (value instanceof Now) {
            return kind == ValueKind.TIMESTAMP || kind == ValueKind.TIMESTAMPTZ ? "CURRENT_TIMESTAMP" : null;
        } else if (value instanceof Today) {
            return kind == ValueKind.DATE ? "CURRENT_DATE" : null;
        } else if (value instanceof Bool b) {
            return kind == ValueKind.BOOLEAN ? Boolean.toString(b.value()) : numeric(kind) ? (b.value() ? "1" : "0") : null;
        } else if (value instanceof Bits b) {
            return kind == ValueKind.BOOLEAN ? boolFromDigits(b.digits())
                    : kind == ValueKind.BITS ? "B'" + b.digits() + "'" : null;
        } else if (value instanceof Binary b) {
            return "'\\x" + b.hex() + "'";
        } else if (value instanceof Number n) {
            return kind == ValueKind.BOOLEAN ? boolFromDigits(n.text())
                    : numeric(kind) ? n.text() : literal(n.text(), type, false);
        }
        return literal(((Text) value).value(), type, false);
    }

    private static String mysql(Value value, TargetType type, boolean sameFamily) {
        ValueKind kind = type.kind();
        String s;
        if (value instanceof Expression e) {
            s = sameFamily ? "(" + e.sql() + ")" : null;
        } else if (value instanceof Now) {
            boolean time = (kind == ValueKind.TIMESTAMP || kind == ValueKind.TIMESTAMPTZ)
                    && (type.dataType().equals("datetime") || type.dataType().equals("timestamp"));
            // MySQL wants the column's own fractional precision repeated in the default.
            s = !time ? null : "CURRENT_TIMESTAMP"
                    + (type.precision() == null || type.precision() == 0 ? "" : "(" + type.precision() + ")");
        } else if (value instanceof Today) {
            s = kind == ValueKind.DATE ? "(CURRENT_DATE)" : null;
        } else if (value instanceof Bool b) {
            s = kind == ValueKind.BOOLEAN || numeric(kind) ? (b.value() ? "1" : "0") : null;
        } else if (value instanceof Bits b) {
            s = type.dataType().equals("bit") ? "b'" + b.digits() + "'"
                    : kind == ValueKind.BOOLEAN ? (b.digits().matches("0*1") ? "1" : b.digits().matches("0+") ? "0" : null)
                    : null;
        } else if (value instanceof Binary b) {
            s = "X'" + b.hex() + "'";
        } else if (value instanceof Number n) {
            s = numeric(kind) || kind == ValueKind.BOOLEAN ? n.text() : literal(n.text(), type, true);
        } else {
            s = literal(((Text) value).value(), type, true);
        }
        // MySQL accepts a default on TEXT, BLOB and JSON columns only as an expression.
        return s != null && MYSQL_LOB.contains(type.dataType()) && !s.startsWith("(") ? "(" + s + ")" : s;
    }

    /** A string default on a column of {@code type}, or null when the string cannot be such a value. */
    private static String literal(String v, TargetType type, boolean mysql) {
        ValueKind kind = type.kind();
        if (kind == ValueKind.BOOLEAN) {
            String b = boolFromText(v);
            return b == null ? null : mysql ? (b.equals("true") ? "1" : "0") : b;
        }
        if (numeric(kind)) {
            return NUMBER.matcher(v.trim()).matches() ? v.trim() : null;
        }
        if (kind == ValueKind.BITS && type.dataType().equals("bit")) {
            return v.matches("[01]+") ? (mysql ? "b'" : "B'") + v + "'" : null;
        }
        if (kind == ValueKind.ARRAY && mysql) {
            return null; // PostgreSQL array text is not JSON
        }
        if ((kind == ValueKind.DATE || kind == ValueKind.TIMESTAMP || kind == ValueKind.TIMESTAMPTZ)
                && v.startsWith("0000-00-00") && !(mysql && type.dataType().matches("date|datetime|timestamp"))) {
            return null; // MySQL's zero date exists nowhere else
        }
        return mysql ? SqlLiterals.mysql(v) : SqlLiterals.postgres(v);
    }

    private static boolean numeric(ValueKind kind) {
        return switch (kind) {
            case INT16, INT32, INT64, DECIMAL, FLOAT32, FLOAT64, YEAR -> true;
            default -> false;
        };
    }

    private static String boolFromDigits(String digits) {
        return digits.matches("0*1") ? "true" : digits.matches("0+") ? "false" : null;
    }

    private static String boolFromText(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "t", "true", "y", "yes", "on" -> "true";
            case "0", "f", "false", "n", "no", "off" -> "false";
            default -> null;
        };
    }
}
