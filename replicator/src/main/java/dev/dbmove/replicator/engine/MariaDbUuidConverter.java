package dev.dbmove.replicator.engine;

import io.debezium.data.Uuid;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;

/**
 * Reads MariaDB's UUID type correctly from the binary log. The server sends the 16 bytes
 * with trailing zero bytes stripped (as for BINARY(n)), and Debezium 3.5 reads the short
 * array as a number, shifting the UUID: {@code 123e4567-...-426614174000} arrived as
 * {@code 00123e45-...-564266141740}. This converter restores the stripped zeros first.
 */
public final class MariaDbUuidConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    @Override
    public void configure(Properties properties) {
        // nothing to configure
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (!"UUID".equalsIgnoreCase(column.typeName())) {
            return;
        }
        SchemaBuilder schema = Uuid.builder();
        if (column.isOptional()) {
            schema.optional();
        }
        registration.register(schema, MariaDbUuidConverter::convert);
    }

    static String convert(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        byte[] bytes = value instanceof ByteBuffer b ? toArray(b) : value instanceof byte[] a ? a : null;
        if (bytes == null) {
            return value.toString();
        }
        if (bytes.length > 16) {
            throw new IllegalArgumentException("a UUID of " + bytes.length + " bytes");
        }
        ByteBuffer padded = ByteBuffer.wrap(Arrays.copyOf(bytes, 16));
        return new UUID(padded.getLong(), padded.getLong()).toString();
    }

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
