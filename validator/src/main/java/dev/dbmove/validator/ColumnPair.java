package dev.dbmove.validator;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.dialect.CanonicalText;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.core.schema.ValueKind;

import java.util.Locale;
import java.util.Set;

/**
 * One column on both sides, with the expressions that render it as canonical text on each.
 *
 * @param kind        the value kind of the pair, as the translation gives it
 * @param sourceText  canonical text on the source, in the source's SQL
 * @param targetText  canonical text on the target, in the target's SQL
 * @param key         part of the row key
 */
record ColumnPair(String name, ColumnInfo source, ColumnInfo target, DatabaseType sourceEngine,
                  DatabaseType targetEngine, ValueKind kind, String sourceText, String targetText, boolean key) {

    /** Kinds whose order is the same on every engine, so a key range selects the same rows on both sides. */
    private static final Set<ValueKind> ORDERED_ALIKE = Set.of(ValueKind.INT16, ValueKind.INT32, ValueKind.INT64,
            ValueKind.DECIMAL, ValueKind.DATE, ValueKind.TIME, ValueKind.TIMESTAMP, ValueKind.TIMESTAMPTZ,
            ValueKind.YEAR, ValueKind.BYTES, ValueKind.BOOLEAN);

    static ColumnPair of(ColumnInfo source, DatabaseType sourceEngine, ColumnInfo target, DatabaseType targetEngine,
                         ValueKind kind, boolean key, boolean zeroDatesAsNull) {
        CanonicalText.Side s = new CanonicalText.Side(sourceEngine, source);
        CanonicalText.Side t = new CanonicalText.Side(targetEngine, target);
        return new ColumnPair(source.name(), source, target, sourceEngine, targetEngine, kind,
                CanonicalText.expression(s, t, true, kind, zeroDatesAsNull),
                CanonicalText.expression(t, s, false, kind, zeroDatesAsNull), key);
    }

    String text(boolean onSource) {
        return onSource ? sourceText : targetText;
    }

    ColumnInfo column(boolean onSource) {
        return onSource ? source : target;
    }

    DatabaseType engine(boolean onSource) {
        return onSource ? sourceEngine : targetEngine;
    }

    /**
     * Whether both servers order this key column the same way by its own value (so its index serves the ranges);
     * otherwise ranges compare the canonical text byte by byte, which both sides agree on but no index serves.
     */
    boolean orderedAlike() {
        if (source.array() || target.array()) {
            return false;
        }
        if (ORDERED_ALIKE.contains(kind)) {
            return true;
        }
        boolean text = kind == ValueKind.TEXT || kind == ValueKind.UUID || kind == ValueKind.ENUM;
        if (!text) {
            return false;
        }
        if (sourceEngine == DatabaseType.POSTGRESQL && targetEngine == DatabaseType.POSTGRESQL) {
            return !kind.equals(ValueKind.ENUM) || same(source.userType(), target.userType());
        }
        if (sourceEngine.isMySqlFamily() && targetEngine.isMySqlFamily() && kind == ValueKind.TEXT) {
            return source.collation() != null && source.collation().equalsIgnoreCase(String.valueOf(target.collation()));
        }
        return false;
    }

    private static boolean same(String a, String b) {
        return a != null && a.equals(b);
    }

    /** The SQL that turns a bound canonical text into a value comparable with the column, on one side. */
    String parameter(boolean onSource) {
        if (!orderedAlike()) {
            return engine(onSource) == DatabaseType.POSTGRESQL ? "convert_to(?, 'UTF8')" : "CAST(? AS BINARY)";
        }
        return cast(onSource, "?");
    }

    /** What the side orders and compares the key column by. */
    String order(boolean onSource) {
        if (orderedAlike()) {
            return Dialect.of(engine(onSource)).quote(name);
        }
        return engine(onSource) == DatabaseType.POSTGRESQL ? "convert_to(" + text(onSource) + ", 'UTF8')"
                : "CAST(" + text(onSource) + " AS BINARY)";
    }

    /** The canonical text {@code p} as a value of the column's type on one side. */
    String cast(boolean onSource, String p) {
        ColumnInfo col = column(onSource);
        String type = col.dataType().toLowerCase(Locale.ROOT);
        if (engine(onSource) == DatabaseType.POSTGRESQL) {
            if (kind == ValueKind.BYTES) {
                return "decode(" + p + ", 'hex')";
            }
            if (type.equals("timestamptz") || type.equals("timetz")) {
                return "CAST(" + p + " || '+00' AS " + col.columnType() + ")";
            }
            if (kind == ValueKind.FLOAT32 || kind == ValueKind.FLOAT64) {
                return "CAST(" + p + " AS float8)";
            }
            return "CAST(" + p + " AS " + col.columnType() + ")";
        }
        return switch (kind) {
            case BYTES -> "UNHEX(" + p + ")";
            case INT16, INT32, INT64, YEAR, BOOLEAN -> type.equals("bit") ? "CAST(" + p + " AS UNSIGNED)" : "CAST(" + p + " AS SIGNED)";
            case DECIMAL -> type.equals("bigint") ? "CAST(" + p + " AS UNSIGNED)" : "CAST(" + p + " AS DECIMAL(65,30))";
            case DATE -> type.equals("date") ? "CAST(" + p + " AS DATE)" : p;
            case TIME, TIMETZ -> type.equals("time") ? "CAST(" + p + " AS TIME(6))" : p;
            case TIMESTAMP, TIMESTAMPTZ -> type.equals("datetime") || type.equals("timestamp")
                    ? "CAST(" + p + " AS DATETIME(6))" : p;
            case BITS -> type.equals("bit") ? "CAST(CONV(" + p + ", 2, 10) AS UNSIGNED)" : p;
            default -> p;
        };
    }

    /**
     * The column's value as text a repair can write back exactly: the canonical text, except for floats, whose
     * canonical text is rounded, and which both engines print exactly as their shortest round-trip text.
     */
    String exact(boolean onSource) {
        String quoted = Dialect.of(engine(onSource)).quote(name);
        if (kind == ValueKind.JSON && !column(onSource).array()) {
            // the document as the source keeps it, not a normal form of it
            return engine(onSource) == DatabaseType.POSTGRESQL ? quoted + "::text" : "CONVERT(" + quoted + " USING utf8mb4)";
        }
        if (kind != ValueKind.FLOAT32 && kind != ValueKind.FLOAT64) {
            return text(onSource);
        }
        return engine(onSource) == DatabaseType.POSTGRESQL ? quoted + "::text" : "CAST(" + quoted + " AS CHAR)";
    }
}
