package dev.dbmove.replicator.apply;

import dev.dbmove.core.catalog.ColumnInfo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders a source value as PostgreSQL's text input for the target column's type: the
 * form COPY reads and {@code CAST(? AS type)} accepts. One rendering for both paths, so
 * the bulk load and change apply cannot disagree.
 */
final class PgText {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private PgText() {
    }

    /**
     * @return the text, or null for SQL NULL
     * @throws IllegalArgumentException when the target type cannot hold the value (the message says why)
     */
    static String render(Object value, ColumnInfo column) {
        if (value == null) {
            return null;
        }
        return column.array() && value instanceof List<?> list ? array(list, column) : scalar(value, column.dataType());
    }

    private static String scalar(Object value, String type) {
        return switch (type) {
            case "bool" -> bool(value);
            case "int2", "int4", "int8", "oid" -> integer(value);
            case "numeric" -> decimal(value);
            case "float4", "float8" -> value instanceof Boolean b ? (b ? "1" : "0") : value.toString();
            case "bytea" -> "\\x" + HexFormat.of().formatHex(value instanceof byte[] b ? b
                    : value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case "date" -> value instanceof LocalDate d ? d.toString() : value.toString();
            case "timestamp" -> timestamp(value);
            case "timestamptz" -> timestamptz(value);
            case "time" -> time(value);
            case "timetz" -> value instanceof OffsetTime t ? t.toString() : time(value) + "+00";
            case "interval" -> value instanceof Duration d ? d.toString() : value.toString();
            case "bit", "varbit" -> value instanceof SourceValues.BitString b ? b.bits()
                    : value instanceof Boolean b ? (b ? "1" : "0") : value.toString();
            case "json", "jsonb" -> value instanceof List<?> l ? Json.array(l) : text(value.toString());
            default -> value instanceof List<?> l ? Json.array(l) : text(value instanceof byte[] b
                    ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : value.toString());
        };
    }

    private static String text(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the text holds a NUL byte (\\0), which PostgreSQL text cannot store");
        }
        return s;
    }

    private static String bool(Object value) {
        if (value instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (value instanceof Number n) {
            return n.longValue() != 0 ? "t" : "f";
        }
        if (value instanceof SourceValues.BitString b) {
            return b.bits().contains("1") ? "t" : "f";
        }
        return value.toString();
    }

    private static String integer(Object value) {
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    private static String decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        return value.toString();
    }

    private static String timestamp(Object value) {
        if (value instanceof LocalDateTime t) {
            return TIMESTAMP.format(t);
        }
        if (value instanceof OffsetDateTime t) {
            return TIMESTAMP.format(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        }
        return value.toString();
    }

    private static String timestamptz(Object value) {
        if (value instanceof OffsetDateTime t) {
            return TIMESTAMP.format(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()) + "+00";
        }
        if (value instanceof LocalDateTime t) {
            return TIMESTAMP.format(t) + "+00"; // a wall-clock time without zone is taken as UTC
        }
        return value.toString();
    }

    private static String time(Object value) {
        if (value instanceof Duration d) {
            if (d.isNegative() || d.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("the time " + MySqlTime.format(d)
                        + " is outside PostgreSQL TIME's range 00:00:00 to 24:00:00");
            }
            if (d.equals(Duration.ofHours(24))) {
                return "24:00:00";
            }
            return TIME.format(LocalTime.ofNanoOfDay(d.toNanos()));
        }
        if (value instanceof LocalTime t) {
            return TIME.format(t);
        }
        return value.toString();
    }

    private static String array(List<?> list, ColumnInfo column) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object element = list.get(i);
            if (element == null) {
                sb.append("NULL");
            } else if (element instanceof List<?> nested) {
                sb.append(array(nested, column));
            } else {
                String text = scalar(element, column.dataType());
                sb.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }

    /** Escapes a rendered value for COPY's text format; null becomes \N. */
    static void appendCopyField(StringBuilder out, String text) {
        if (text == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
