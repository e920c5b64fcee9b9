package dev.dbmove.replicator.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** PostgreSQL arrays going to MySQL JSON (or JSON columns) as JSON arrays. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** One fixed form for instants, so that validation can render the same text on PostgreSQL. */
    private static final java.time.format.DateTimeFormatter INSTANT =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private Json() {
    }

    static String array(List<?> list) {
        try {
            return MAPPER.writeValueAsString(plain(list));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render the array as JSON: " + e.getMessage(), e);
        }
    }

    private static Object plain(Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof byte[] b) {
            return "\\x" + HexFormat.of().formatHex(b);
        }
        if (value instanceof java.time.OffsetDateTime t) {
            return INSTANT.format(t.withOffsetSameInstant(java.time.ZoneOffset.UTC));
        }
        if (value instanceof java.time.Instant t) {
            return INSTANT.format(t.atOffset(java.time.ZoneOffset.UTC));
        }
        if (value instanceof TemporalAccessor || value instanceof java.time.Duration
                || value instanceof SourceValues.BitString) {
            return value instanceof SourceValues.BitString b ? b.bits() : value.toString();
        }
        return value;
    }
}
