package dev.dbmove.replicator.apply;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a value as Debezium represents it (a Connect schema with a logical name such as
 * {@code io.debezium.time.MicroTimestamp}) into a plain Java value with the meaning made
 * explicit, the same for every source engine:
 * <ul>
 * <li>date → {@link LocalDate}; datetime / timestamp without zone → {@link LocalDateTime}
 *     (Debezium encodes them as epoch units of the wall-clock time, not as instants);</li>
 * <li>timestamp with zone → {@link OffsetDateTime} (UTC); time with zone → {@link OffsetTime};</li>
 * <li>time of day → {@link Duration} since midnight (MySQL TIME may be negative or over 24 h);</li>
 * <li>decimals → {@link BigDecimal} or, for PostgreSQL's NaN and infinities, the text;</li>
 * <li>bit strings → {@link BitString}; bytes → byte[]; arrays → {@link List}; everything else as is.</li>
 * </ul>
 * PostgreSQL's "unchanged TOASTed value" placeholder comes back as {@link #UNAVAILABLE}.
 */
public final class SourceValues {
    /** A value the source did not send (PostgreSQL TOAST): never write it. */
    public static final Object UNAVAILABLE = new Object() {
        @Override
        public String toString() {
            return "(unchanged, not sent by the source)";
        }
    };
    static final String UNAVAILABLE_TEXT = "__debezium_unavailable_value";

    private SourceValues() {
    }

    /** A bit string, most significant bit first, e.g. "0101". */
    public record BitString(String bits) {
    }

    /**
     * A PostgreSQL interval as Debezium writes it in ISO 8601 ({@code P0Y0M-1DT0H0M0S}).
     * {@link #compact()} gives the form PostgreSQL itself prints with IntervalStyle iso_8601 ({@code P-1D}).
     */
    public record IsoInterval(String iso) {
        private static final java.util.regex.Pattern PARTS = java.util.regex.Pattern.compile(
                "P(?:(-?\\d+)Y)?(?:(-?\\d+)M)?(?:(-?\\d+)D)?(?:T(?:(-?\\d+)H)?(?:(-?\\d+)M)?(?:(-?[\\d.]+)S)?)?");

        public String compact() {
            java.util.regex.Matcher m = PARTS.matcher(iso);
            if (!m.matches()) {
                return iso;
            }
            StringBuilder date = new StringBuilder("P");
            append(date, m.group(1), "Y");
            append(date, m.group(2), "M");
            append(date, m.group(3), "D");
            StringBuilder time = new StringBuilder();
            append(time, m.group(4), "H");
            append(time, m.group(5), "M");
            if (m.group(6) != null && new BigDecimal(m.group(6)).signum() != 0) {
                time.append(new BigDecimal(m.group(6)).stripTrailingZeros().toPlainString()).append('S');
            }
            if (time.length() > 0) {
                date.append('T').append(time);
            }
            return date.length() == 1 ? "PT0S" : date.toString();
        }

        private static void append(StringBuilder sb, String number, String unit) {
            if (number != null && Long.parseLong(number) != 0) {
                sb.append(Long.parseLong(number)).append(unit);
            }
        }

        @Override
        public String toString() {
            return iso;
        }
    }

    public static Object toJava(Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case "io.debezium.time.Date":
                    return LocalDate.ofEpochDay(((Number) value).longValue());
                case "io.debezium.time.Time":
                    return Duration.ofMillis(((Number) value).longValue());
                case "io.debezium.time.MicroTime":
                    return Duration.ofNanos(((Number) value).longValue() * 1000);
                case "io.debezium.time.NanoTime":
                    return Duration.ofNanos(((Number) value).longValue());
                case "io.debezium.time.Timestamp":
                    return LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) value).longValue()), ZoneOffset.UTC);
                case "io.debezium.time.MicroTimestamp":
                    return microsToLocal(((Number) value).longValue());
                case "io.debezium.time.NanoTimestamp": {
                    long nanos = ((Number) value).longValue();
                    return LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                            (int) Math.floorMod(nanos, 1_000_000_000L), ZoneOffset.UTC);
                }
                case "io.debezium.time.ZonedTimestamp":
                    return unavailable(value) ? UNAVAILABLE : OffsetDateTime.parse((String) value);
                case "io.debezium.time.ZonedTime":
                    return unavailable(value) ? UNAVAILABLE : OffsetTime.parse((String) value);
                case "io.debezium.time.MicroDuration":
                    return Duration.ofNanos(((Number) value).longValue() * 1000);
                case "io.debezium.time.Interval":
                    return unavailable(value) ? UNAVAILABLE : new IsoInterval((String) value);
                case "io.debezium.data.Bits":
                    return bits(schema, value);
                case Decimal.LOGICAL_NAME:
                    return value;
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case STRING -> unavailable(value) ? UNAVAILABLE : value;
            case BYTES -> {
                byte[] bytes = value instanceof ByteBuffer b ? toArray(b) : (byte[]) value;
                yield isUnavailableBytes(bytes) ? UNAVAILABLE : bytes;
            }
            case ARRAY -> {
                List<?> list = (List<?>) value;
                if (list.size() == 1 && unavailable(list.get(0))) {
                    yield UNAVAILABLE;
                }
                List<Object> out = new ArrayList<>(list.size());
                for (Object element : list) {
                    out.add(toJava(schema.valueSchema(), element));
                }
                yield out;
            }
            default -> value;
        };
    }

    private static LocalDateTime microsToLocal(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    /** Debezium gives bits as little-endian bytes; the schema's "length" parameter says how many are meaningful. */
    private static Object bits(Schema schema, Object value) {
        byte[] bytes = value instanceof ByteBuffer b ? toArray(b) : (byte[]) value;
        String lengthParameter = schema.parameters() == null ? null : schema.parameters().get("length");
        int length = lengthParameter == null ? bytes.length * 8 : Integer.parseInt(lengthParameter);
        StringBuilder sb = new StringBuilder(length);
        for (int i = length - 1; i >= 0; i--) {
            int b = i / 8 < bytes.length ? bytes[i / 8] : 0;
            sb.append((b >> (i % 8) & 1) == 1 ? '1' : '0');
        }
        return new BitString(sb.toString());
    }

    private static boolean unavailable(Object value) {
        return UNAVAILABLE_TEXT.equals(value);
    }

    private static boolean isUnavailableBytes(byte[] bytes) {
        return bytes.length == UNAVAILABLE_TEXT.length()
                && UNAVAILABLE_TEXT.equals(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * The buffer's bytes: its array itself when it wraps one whole (as Debezium's are), since a
     * copy of a 64 MB value, made again at every read of the value, was the applier's largest cost
     * in heap. Nothing here writes into value arrays.
     */
    private static byte[] toArray(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * Whether a raw Debezium value is the "not sent" placeholder, without converting it: the
     * applier asks this of every column of every change, before any value is rendered.
     */
    static boolean isUnavailable(Object raw) {
        if (raw instanceof String s) {
            return unavailable(s);
        }
        if (raw instanceof byte[] b) {
            return isUnavailableBytes(b);
        }
        if (raw instanceof ByteBuffer b) {
            return b.remaining() == UNAVAILABLE_TEXT.length() && isUnavailableBytes(toArray(b));
        }
        return raw instanceof List<?> list && list.size() == 1 && unavailable(list.get(0));
    }

    /** Whether this decimal text is a number (PostgreSQL NUMERIC also holds NaN and infinities). */
    static boolean isFiniteNumber(String decimal) {
        return !decimal.isEmpty() && (Character.isDigit(decimal.charAt(0)) || decimal.charAt(0) == '-' || decimal.charAt(0) == '.')
                && !decimal.endsWith("Infinity");
    }
}
