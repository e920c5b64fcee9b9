package dev.dbmove.replicator.apply;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.dialect.Dialect;
import org.apache.kafka.connect.data.Struct;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes into PostgreSQL: snapshot rows through COPY, changes as batched
 * {@code INSERT ... ON CONFLICT DO UPDATE} and {@code DELETE}. Every value goes as text
 * with an explicit cast to the column's declared type, rendered by {@link PgText}.
 */
final class PostgresWriter extends BatchingWriter {
    private static final int COPY_BUFFER = 64 * 1024;

    PostgresWriter(DataSource target) {
        super(target, Dialect.of(DatabaseType.POSTGRESQL));
    }

    @Override
    void onNewTransaction(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // Deferrable constraints are checked at commit, when the source transaction is whole.
            s.execute("SET CONSTRAINTS ALL DEFERRED");
        }
    }

    @Override
    public void bulkInsert(ApplyTable table, List<Struct> rows) throws SQLException {
        flush();
        if (!rows.isEmpty()) {
            copyIn(dialect.qualify(table.target()), table, rows);
        }
    }

    /**
     * COPY into a temporary table of the same columns, then {@code INSERT ... SELECT ...
     * ON CONFLICT DO NOTHING}: the bulk path, for a table that may already hold some keys.
     */
    @Override
    public void insertAbsent(ApplyTable table, List<Struct> rows) throws SQLException {
        flush();
        if (rows.isEmpty()) {
            return;
        }
        Stage stage = Stage.of(DatabaseType.POSTGRESQL, table, columnList(table.columns()));
        try (Statement s = connection().createStatement()) {
            stage.create(s);
            copyIn(stage.name(), table, rows);
            stage.insertAbsent(s);
        }
    }

    @Override
    public void truncate(ApplyTable table) throws SQLException {
        flush();
        try (Statement s = connection().createStatement()) {
            s.execute("TRUNCATE TABLE " + dialect.qualify(table.target()));
        }
    }

    private void copyIn(String into, ApplyTable table, List<Struct> rows) throws SQLException {
        List<ColumnInfo> columns = table.columns();
        String sql = "COPY " + into + " (" + columnList(columns) + ") FROM STDIN";
        CopyIn copy = connection().unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            // Row by row through one small buffer, not the chunk as one string: a chunk's text (megabytes, copied
            // three times) was the JVM's largest allocation. Bytes, not a Reader: the driver encodes a Reader 64K
            // characters at a time, and a character of two UTF-16 units split by that boundary became "??". Text is
            // encoded whole values at a time, so no character is split.
            CopyBuffer out = new CopyBuffer(copy);
            StringBuilder line = new StringBuilder(256);
            for (Struct row : rows) {
                line.setLength(0);
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        line.append('\t');
                    }
                    ColumnInfo column = columns.get(i);
                    if (ApplyTable.value(row, column.name()) instanceof byte[] bytes && isBytea(column)) {
                        // Hex straight into the buffer: a large value is never a string, nor its escaped copy.
                        line.append("\\\\x");
                        out.text(line);
                        line.setLength(0);
                        out.hex(bytes);
                    } else {
                        PgText.appendCopyField(line, render(table, row, column));
                    }
                }
                line.append('\n');
                out.text(line);
            }
            out.flush();
            copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            throw e instanceof SQLException sqlException ? sqlException
                    : new SQLException("COPY into " + table.target() + " failed: " + e.getMessage(), e);
        }
    }

    /** COPY's input gathered in one small buffer, sent as it fills. */
    private static final class CopyBuffer {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private final CopyIn copy;
        private final byte[] buffer = new byte[COPY_BUFFER];
        private int used;

        CopyBuffer(CopyIn copy) {
            this.copy = copy;
        }

        /** The text as UTF-8, whole (a row's text is encoded at once, so no character is split). */
        void text(CharSequence text) throws SQLException {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (used + bytes.length > buffer.length) {
                flush();
            }
            if (bytes.length > buffer.length) {
                copy.writeToCopy(bytes, 0, bytes.length);
            } else {
                System.arraycopy(bytes, 0, buffer, used, bytes.length);
                used += bytes.length;
            }
        }

        void hex(byte[] bytes) throws SQLException {
            for (byte b : bytes) {
                if (used + 2 > buffer.length) {
                    flush();
                }
                buffer[used++] = HEX[(b >> 4) & 0xf];
                buffer[used++] = HEX[b & 0xf];
            }
        }

        void flush() throws SQLException {
            if (used > 0) {
                copy.writeToCopy(buffer, 0, used);
                used = 0;
            }
        }
    }

    @Override
    void setParameter(PreparedStatement ps, int index, Object value, ColumnInfo column) throws SQLException {
        if (value instanceof byte[] bytes && isBytea(column)) {
            // Sent as they are: as hex text a 64 MB value became a 128 MB string, its builder and its UTF-8 bytes.
            // A stream, because the driver's setBytes copies the array.
            ps.setBinaryStream(index, new java.io.ByteArrayInputStream(bytes), bytes.length);
        } else {
            ps.setString(index, PgText.render(value, column));
        }
    }

    private static boolean isBytea(ColumnInfo column) {
        return "bytea".equals(column.dataType()) && !column.array();
    }

    @Override
    String keyParameter(ColumnInfo key) {
        return cast(key);
    }

    @Override
    String upsertSql(ApplyTable table, List<ColumnInfo> columns) {
        String values = columns.stream().map(PostgresWriter::cast).collect(Collectors.joining(", "));
        List<ColumnInfo> nonKey = columns.stream().filter(c -> !table.key().contains(c.name())).toList();
        String conflict = " ON CONFLICT (" + table.key().stream().map(dialect::quote).collect(Collectors.joining(", ")) + ")"
                + (nonKey.isEmpty() ? " DO NOTHING" : " DO UPDATE SET " + nonKey.stream()
                .map(c -> dialect.quote(c.name()) + " = EXCLUDED." + dialect.quote(c.name()))
                .collect(Collectors.joining(", ")));
        return "INSERT INTO " + dialect.qualify(table.target()) + " (" + columnList(columns) + ") VALUES (" + values + ")"
                + conflict;
    }

    private static String cast(ColumnInfo column) {
        return "CAST(? AS " + column.columnType() + ")";
    }

    private static String render(ApplyTable table, Struct row, ColumnInfo column) {
        Object value = ApplyTable.value(row, column.name());
        try {
            return PgText.render(value, column);
        } catch (IllegalArgumentException e) {
            throw rejected(table, row, column, e);
        }
    }
}
