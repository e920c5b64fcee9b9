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
            // characters at a time, and a character of two UTF-16 units split by that boundary became "??". A row
            // is encoded whole, so no character is split.
            byte[] buffer = new byte[COPY_BUFFER];
            int used = 0;
            StringBuilder line = new StringBuilder(256);
            for (Struct row : rows) {
                line.setLength(0);
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        line.append('\t');
                    }
                    PgText.appendCopyField(line, render(table, row, columns.get(i)));
                }
                line.append('\n');
                byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                if (used + bytes.length > buffer.length) {
                    copy.writeToCopy(buffer, 0, used);
                    used = 0;
                }
                if (bytes.length > buffer.length) {
                    copy.writeToCopy(bytes, 0, bytes.length);
                } else {
                    System.arraycopy(bytes, 0, buffer, used, bytes.length);
                    used += bytes.length;
                }
            }
            if (used > 0) {
                copy.writeToCopy(buffer, 0, used);
            }
            copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            throw e instanceof SQLException sqlException ? sqlException
                    : new SQLException("COPY into " + table.target() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    void setParameter(PreparedStatement ps, int index, Object value, ColumnInfo column) throws SQLException {
        ps.setString(index, PgText.render(value, column));
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
