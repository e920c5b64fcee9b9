package dev.dbmove.replicator.engine;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import io.debezium.time.ZonedTimestamp;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

/**
 * Reads MySQL/MariaDB TIMESTAMP columns as instants whatever the JVM's time zone.
 * Debezium 3.5 takes a snapshot value (a wall-clock reading in the session's zone) as if it
 * were in the JVM's zone, which is right only when both are the same; dbmove runs the
 * source session in UTC (no time zone tables needed), so the reading is taken as UTC here.
 * Values from the binary log are already instants and pass through.
 */
public final class MySqlTimestampConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    @Override
    public void configure(Properties properties) {
        // nothing to configure
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (!"TIMESTAMP".equalsIgnoreCase(column.typeName())) {
            return;
        }
        SchemaBuilder schema = ZonedTimestamp.builder();
        if (column.isOptional()) {
            schema.optional();
        }
        registration.register(schema, MySqlTimestampConverter::convert);
    }

    static String convert(Object value) {
        Instant instant;
        if (value == null) {
            return null;
        } else if (value instanceof ZonedDateTime z) {
            instant = z.toInstant();
        } else if (value instanceof OffsetDateTime o) {
            instant = o.toInstant();
        } else if (value instanceof Instant i) {
            instant = i;
        } else if (value instanceof LocalDateTime l) {
            instant = l.toInstant(ZoneOffset.UTC);
        } else if (value instanceof java.sql.Timestamp t) {
            instant = t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        } else if (value instanceof Number n) {
            instant = Instant.ofEpochMilli(n.longValue());
        } else {
            // Column defaults arrive as text ("1970-01-01T00:00:00Z", "2024-01-01 10:00:00").
            String text = value.toString().trim().replace(' ', 'T');
            instant = text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")
                    ? OffsetDateTime.parse(text.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant()
                    : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
        return ISO.format(instant.atOffset(ZoneOffset.UTC));
    }
}
