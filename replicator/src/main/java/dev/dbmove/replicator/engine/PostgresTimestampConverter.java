package dev.dbmove.replicator.engine;

import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import io.debezium.time.MicroTimestamp;
import io.debezium.time.ZonedTimestamp;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.postgresql.PGStatement;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Properties;

/**
 * Reads PostgreSQL {@code timestamp} and {@code timestamptz} values by their calendar fields.
 * <p>
 * A copy reads them through JDBC as {@link java.sql.Timestamp}, whose milliseconds the driver computes with Java's
 * Julian-Gregorian calendar, while PostgreSQL counts in the proleptic Gregorian calendar; Debezium 3.5 converts
 * those milliseconds, so a value before 1582-10-15 arrived shifted by days ({@code 1000-01-01} became
 * {@code 1000-01-06}; found by validating every type after replication). Read by its fields, through
 * {@link java.sql.Timestamp#toLocalDateTime()}, the value is the one the source holds. Values from the stream are
 * already {@code java.time} values and pass through. The schemas and the infinity values are those Debezium gives.
 */
public final class PostgresTimestampConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    @Override
    public void configure(Properties properties) {
        // nothing to configure
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String type = column.typeName();
        if ("timestamp".equalsIgnoreCase(type)) {
            SchemaBuilder schema = MicroTimestamp.builder();
            if (column.isOptional()) {
                schema.optional();
            }
            registration.register(schema, PostgresTimestampConverter::micros);
        } else if ("timestamptz".equalsIgnoreCase(type)) {
            SchemaBuilder schema = ZonedTimestamp.builder();
            if (column.isOptional()) {
                schema.optional();
            }
            Integer fraction = column.scale().orElse(column.length().isPresent() ? column.length().getAsInt() : null);
            registration.register(schema, value -> zoned(value, fraction));
        }
    }

    /** Microseconds since the epoch of the wall-clock reading, as Debezium's MicroTimestamp counts them. */
    static Long micros(Object value) {
        LocalDateTime t = local(value);
        if (t == null) {
            return null;
        }
        Instant i = t.toInstant(ZoneOffset.UTC);
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    private static LocalDateTime local(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.Timestamp t) {
            if (t.getTime() == PGStatement.DATE_POSITIVE_INFINITY) {
                return PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE_TIME;
            }
            if (t.getTime() == PGStatement.DATE_NEGATIVE_INFINITY) {
                return PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE_TIME;
            }
            return t.toLocalDateTime();
        }
        if (value instanceof LocalDateTime t) {
            return t;
        }
        if (value instanceof OffsetDateTime t) {
            return t.toLocalDateTime();
        }
        if (value instanceof Instant t) {
            return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        }
        if (value instanceof Number n) {
            return LocalDateTime.ofInstant(Instant.ofEpochMilli(n.longValue()), ZoneOffset.UTC);
        }
        // a column default arrives as text
        String text = value.toString().trim();
        return switch (text) {
            case "infinity" -> PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE_TIME;
            case "-infinity" -> PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE_TIME;
            default -> LocalDateTime.parse(text.replace(' ', 'T'));
        };
    }

    /** The instant as Debezium's ZonedTimestamp text, or its infinity words. */
    static String zoned(Object value, Integer fraction) {
        if (value == null) {
            return null;
        }
        Object v = value;
        if (value instanceof java.sql.Timestamp t) {
            if (t.getTime() == PGStatement.DATE_POSITIVE_INFINITY) {
                return "infinity";
            }
            if (t.getTime() == PGStatement.DATE_NEGATIVE_INFINITY) {
                return "-infinity";
            }
            // the fields in the JVM's zone, as the driver set them, read in the proleptic calendar
            v = t.toLocalDateTime().atZone(ZoneId.systemDefault()).withZoneSameInstant(ZoneOffset.UTC);
        } else if (PostgresValueConverter.POSITIVE_INFINITY_OFFSET_DATE_TIME.equals(value)) {
            return "infinity";
        } else if (PostgresValueConverter.NEGATIVE_INFINITY_OFFSET_DATE_TIME.equals(value)) {
            return "-infinity";
        } else if (value instanceof OffsetDateTime o) {
            v = o.toZonedDateTime();
        } else if (value instanceof String s) {
            String text = s.trim();
            if (text.equals("infinity") || text.equals("-infinity")) {
                return text;
            }
            v = OffsetDateTime.parse(text.replace(' ', 'T').replaceFirst("([+-]\\d\\d)$", "$1:00")).toZonedDateTime();
        } else if (!(value instanceof ZonedDateTime) && !(value instanceof Instant)) {
            throw new IllegalArgumentException("unexpected timestamptz value of " + value.getClass().getName());
        }
        return ZonedTimestamp.toIsoString(v, ZoneOffset.UTC, null, fraction);
    }
}
