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
}
