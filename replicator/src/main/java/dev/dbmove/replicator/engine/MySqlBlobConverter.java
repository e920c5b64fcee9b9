package dev.dbmove.replicator.engine;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Hands MySQL/MariaDB BLOB values on as the byte arrays the binary log reader made, the same
 * bytes Debezium would deliver. Debezium wraps them in a ByteBuffer, and its queue, to weigh
 * each record, copies every ByteBuffer into a new array: a 64 MB value cost another 64 MB of
 * heap (twice for an update, before and after) at the moment the binary log event was held
 * too. A byte array is weighed by its length.
 */
public final class MySqlBlobConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {
    private static final Set<String> BLOBS = Set.of("TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB");

    @Override
    public void configure(Properties properties) {
        // nothing to configure
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (column.typeName() == null || !BLOBS.contains(column.typeName().toUpperCase(Locale.ROOT))) {
            return;
        }
        SchemaBuilder schema = SchemaBuilder.bytes();
        if (column.isOptional()) {
            schema.optional();
        }
        registration.register(schema, MySqlBlobConverter::convert);
    }

    static byte[] convert(Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer b = buffer.duplicate();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
        if (value instanceof Blob blob) {
            try {
                return blob.getBytes(1, Math.toIntExact(blob.length()));
            } catch (SQLException e) {
                throw new IllegalArgumentException("cannot read a BLOB value: " + e.getMessage(), e);
            }
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8); // a default value, as written in the table's definition
        }
        throw new IllegalArgumentException("a BLOB value of type " + value.getClass().getName());
    }
}
