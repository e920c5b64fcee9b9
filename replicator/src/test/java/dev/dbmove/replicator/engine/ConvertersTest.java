package dev.dbmove.replicator.engine;

import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ConvertersTest {

    @Test
    void timestampsBecomeUtcInstantsWhateverTheirForm() {
        String expected = "2038-01-19T03:14:07.999999Z";
        LocalDateTime reading = LocalDateTime.parse("2038-01-19T03:14:07.999999");
        assertThat(MySqlTimestampConverter.convert(ZonedDateTime.of(reading, ZoneOffset.UTC))).isEqualTo(expected);
        assertThat(MySqlTimestampConverter.convert(reading)).isEqualTo(expected);
        assertThat(MySqlTimestampConverter.convert(Timestamp.valueOf(reading))).isEqualTo(expected);
        assertThat(MySqlTimestampConverter.convert("2038-01-19 03:14:07.999999")).isEqualTo(expected);
        assertThat(MySqlTimestampConverter.convert("1970-01-01T00:00:00Z")).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(MySqlTimestampConverter.convert("2038-01-19T05:14:07.999999+02:00")).isEqualTo(expected);
        assertThat(MySqlTimestampConverter.convert(null)).isNull();
    }

    @Test
    void mariadbUuidsWithTrailingZeroBytesComeBackWhole() {
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        byte[] full = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        byte[] stripped = java.util.Arrays.copyOf(full, 15); // what the binary log sends
        assertThat(MariaDbUuidConverter.convert(stripped)).isEqualTo(uuid.toString());
        assertThat(MariaDbUuidConverter.convert(full)).isEqualTo(uuid.toString());
        assertThat(MariaDbUuidConverter.convert(new byte[0])).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(MariaDbUuidConverter.convert(uuid)).isEqualTo(uuid.toString());
    }

    @Test
    void postgresTimestampsOfTheJulianEraKeepTheirCalendarFields() {
        // The driver builds a java.sql.Timestamp from the fields with Java's Julian-Gregorian calendar, as valueOf does.
        LocalDateTime old = LocalDateTime.parse("1000-01-01T00:00:00.5");
        long expected = old.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 500_000;
        assertThat(PostgresTimestampConverter.micros(Timestamp.valueOf("1000-01-01 00:00:00.5"))).isEqualTo(expected);
        assertThat(PostgresTimestampConverter.micros(old)).isEqualTo(expected);
        LocalDateTime recent = LocalDateTime.parse("2024-03-09T02:30:00.000001");
        assertThat(PostgresTimestampConverter.micros(Timestamp.valueOf(recent)))
                .isEqualTo(recent.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 1);
        assertThat(PostgresTimestampConverter.micros(null)).isNull();

        // timestamptz: an instant; the driver's Timestamp holds the fields of the JVM's zone
        Timestamp instant = Timestamp.valueOf(ZonedDateTime.of(old, ZoneOffset.UTC)
                .withZoneSameInstant(java.time.ZoneId.systemDefault()).toLocalDateTime());
        assertThat(PostgresTimestampConverter.zoned(instant, 3)).isEqualTo("1000-01-01T00:00:00.500Z");
        // a streamed value passes as Debezium renders it (the stream sends UTC offsets)
        assertThat(PostgresTimestampConverter.zoned(java.time.OffsetDateTime.parse("2024-01-01T10:00:00Z"), 0))
                .isEqualTo("2024-01-01T10:00:00Z");
        assertThat(PostgresTimestampConverter.zoned(new Timestamp(org.postgresql.PGStatement.DATE_POSITIVE_INFINITY), 6))
                .isEqualTo("infinity");
    }
}
