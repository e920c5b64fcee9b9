package dev.dbmove.replicator.apply;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.dialect.Dialect;
import org.apache.kafka.connect.data.Struct;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes into MySQL or MariaDB: snapshot rows as batched multi-row inserts (the drivers
 * rewrite or bulk-send the batch), changes as {@code INSERT ... ON DUPLICATE KEY UPDATE}
 * and {@code DELETE}. Sessions run in UTC and without foreign key checks, because the
 * source already enforced them and changes arrive in the source's order.
 */
final class MySqlWriter extends BatchingWriter {
    private static final java.time.format.DateTimeFormatter DATETIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    /** The session every write to a MySQL/MariaDB target runs in (the fast load's too). */
    static final String SESSION = "SET SESSION time_zone = '+00:00', SESSION foreign_key_checks = 0,"
            + " SESSION sql_mode = CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'STRICT_ALL_TABLES', 'NO_AUTO_VALUE_ON_ZERO')";

    /** Room in a packet for the statement's text around the values (the column list, ON DUPLICATE KEY UPDATE). */
    private static final int STATEMENT_TEXT = 256 * 1024;

    private final DatabaseType flavour;
    /** The target's max_allowed_packet, read with each new connection. */
    private long maxPacket = Long.MAX_VALUE;

    MySqlWriter(DataSource target, DatabaseType flavour) {
        super(target, Dialect.of(flavour));
        this.flavour = flavour;
    }

    @Override
    void onNewConnection(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SESSION);
            try (java.sql.ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
                if (rs.next()) {
                    maxPacket = rs.getLong(1);
                }
            }
        }
    }

    /**
     * A row is one statement, sent as one packet with its values escaped in the text. A packet
     * longer than the server's max_allowed_packet makes the server drop the connection: the
     * replicator took that for a broken connection, tried again five times and stopped with
     * "Connection reset by peer". Refused here instead, so that its table pauses with the
     * setting named and the others go on.
     */
    @Override
    void checkRow(ApplyTable table, Struct row, List<ColumnInfo> columns) {
        long most = STATEMENT_TEXT;
        for (ColumnInfo column : columns) {
            org.apache.kafka.connect.data.Field field = ApplyTable.field(row.schema(), column.name());
            Object value = field == null ? null : row.get(field); // as Debezium gave it: no conversion on every row
            most += value instanceof byte[] b ? 2L * b.length : value instanceof java.nio.ByteBuffer b ? 2L * b.remaining()
                    : value instanceof String text ? 4L * text.length() : 32;
        }
        if (most <= maxPacket) {
            return; // the common case: not near the limit even if every byte were escaped
        }
        long size = STATEMENT_TEXT;
        for (ColumnInfo column : columns) {
            size += escapedLength(ApplyTable.value(row, column.name()));
        }
        if (size > maxPacket) {
            throw new RowRejectedException(table.source(), "table " + table.source() + ", row " + table.describeKey(row)
                    + ": its statement is about " + mb(size) + " MB, more than the target's max_allowed_packet of "
                    + mb(maxPacket) + " MB (MariaDB and MySQL refuse a longer one and drop the connection)",
                    "raise max_allowed_packet on the target above the largest row (at most 1 GB): SET GLOBAL"
                    + " max_allowed_packet = 1073741824; and max_allowed_packet = 1G under [mysqld] in my.cnf (on RDS"
                    + " and Aurora: the parameter group)");
        }
    }

    /** The value's length in a statement's text: bytes and characters that the drivers escape count twice. */
    private static long escapedLength(Object value) {
        if (value instanceof byte[] bytes) {
            long n = bytes.length + 10; // _binary '...'
            for (byte b : bytes) {
                if (b == 0 || b == '\'' || b == '"' || b == '\\' || b == '\n' || b == '\r' || b == 0x1a) {
                    n++;
                }
            }
            return n;
        }
        if (value instanceof String text) {
            long n = 2;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                n += ch < 0x80 ? (ch == 0 || ch == '\'' || ch == '"' || ch == '\\' || ch == '\n' || ch == '\r' || ch == 0x1a
                        ? 2 : 1) : ch < 0x800 || Character.isSurrogate(ch) ? 2 : 3;
            }
            return n;
        }
        return 32;
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    @Override
    public void bulkInsert(ApplyTable table, List<Struct> rows) throws SQLException {
        PreparedStatement ps = batch(table, Kind.INSERT, () -> insertSql(table, table.columns()));
        for (Struct row : rows) {
            bind(ps, table, row, table.columns());
            add(ps, row);
        }
        flush();
    }

    @Override
    public void insertAbsent(ApplyTable table, List<Struct> rows) throws SQLException {
        String key = dialect.quote(table.key().get(0));
        // Not INSERT IGNORE: that would also turn a value the column cannot hold into a warning.
        PreparedStatement ps = batch(table, Kind.INSERT_ABSENT, () -> insertSql(table, table.columns())
                + " ON DUPLICATE KEY UPDATE " + key + " = " + key);
        for (Struct row : rows) {
            bind(ps, table, row, table.columns());
            add(ps, row);
        }
        flush();
    }

    @Override
    public void truncate(ApplyTable table) throws SQLException {
        flush();
        // DELETE, not TRUNCATE: TRUNCATE commits implicitly, and the transaction must stay whole.
        try (Statement s = connection().createStatement()) {
            s.executeUpdate("DELETE FROM " + dialect.qualify(table.target()));
        }
    }

    @Override
    void setParameter(PreparedStatement ps, int index, Object value, ColumnInfo column) throws SQLException {
        bindValue(ps, index, value, column);
    }

    @Override
    String keyParameter(ColumnInfo key) {
        return "?";
    }

    private String insertSql(ApplyTable table, List<ColumnInfo> columns) {
        return "INSERT INTO " + dialect.qualify(table.target()) + " (" + columnList(columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    }

    @Override
    String upsertSql(ApplyTable table, List<ColumnInfo> columns) {
        List<ColumnInfo> nonKey = columns.stream().filter(c -> !table.key().contains(c.name())).toList();
        List<ColumnInfo> update = nonKey.isEmpty() ? table.keyColumns().subList(0, 1) : nonKey;
        if (flavour == DatabaseType.MARIADB) {
            return insertSql(table, columns) + " ON DUPLICATE KEY UPDATE " + update.stream()
                    .map(c -> dialect.quote(c.name()) + " = VALUES(" + dialect.quote(c.name()) + ")")
                    .collect(Collectors.joining(", "));
        }
        // MySQL 8.0.19+ deprecates VALUES() here in favour of a row alias.
        return insertSql(table, columns) + " AS dbmove_new ON DUPLICATE KEY UPDATE " + update.stream()
                .map(c -> dialect.quote(c.name()) + " = dbmove_new." + dialect.quote(c.name()))
                .collect(Collectors.joining(", "));
    }

    static void bindValue(PreparedStatement ps, int i, Object value, ColumnInfo column) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.NULL);
            return;
        }
        String type = column.dataType();
        switch (type) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year" -> {
                if (value instanceof Boolean b) {
                    ps.setInt(i, b ? 1 : 0);
                } else if (value instanceof BigDecimal d) {
                    ps.setBigDecimal(i, d);
                } else if (value instanceof Number n) {
                    ps.setLong(i, n.longValue());
                } else {
                    ps.setBigDecimal(i, new BigDecimal(value.toString()));
                }
            }
            case "decimal", "numeric" -> ps.setBigDecimal(i, decimal(value, column));
            case "float", "double", "real" -> {
                double d = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException("the value " + d + " cannot be stored in MySQL " + column.columnType());
                }
                ps.setDouble(i, d);
            }
            case "bit" -> ps.setLong(i, value instanceof SourceValues.BitString b ? Long.parseUnsignedLong(b.bits(), 2)
                    : value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue());
            // Dates and times go as text in the session's zone (UTC): the drivers would otherwise shift
            // java.time values between the JVM's zone and the one they think the session has.
            case "date" -> ps.setString(i, value instanceof LocalDate d ? d.toString() : value.toString());
            case "datetime", "timestamp" -> ps.setString(i, DATETIME.format(localDateTime(value)));
            case "time" -> ps.setString(i, value instanceof Duration d ? MySqlTime.format(d)
                    : value instanceof LocalTime t ? t.toString()
                    : value instanceof OffsetTime t ? t.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime().toString()
                    : value.toString());
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" ->
                    ps.setBytes(i, value instanceof byte[] b ? b : value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            default -> ps.setString(i, text(value));
        }
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            return Json.array(list);
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString();
        }
        if (value instanceof Duration d) {
            return d.toString();
        }
        if (value instanceof SourceValues.BitString b) {
            return b.bits();
        }
        if (value instanceof SourceValues.IsoInterval interval) {
            return interval.compact();
        }
        return value.toString();
    }

    private static LocalDateTime localDateTime(Object value) {
        if (value instanceof LocalDateTime t) {
            return t;
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return LocalDateTime.parse(value.toString().replace(' ', 'T'));
    }

    /** The decimal, checked against the column's precision and scale, which MySQL would otherwise refuse or round. */
    private static BigDecimal decimal(Object value, ColumnInfo column) {
        BigDecimal d;
        if (value instanceof BigDecimal b) {
            d = b;
        } else if (value instanceof Number n) {
            d = new BigDecimal(n.toString());
        } else {
            String s = value.toString();
            if (!SourceValues.isFiniteNumber(s)) {
                throw new IllegalArgumentException("the value " + s + " cannot be stored in MySQL " + column.columnType());
            }
            d = new BigDecimal(s);
        }
        if (column.precision() != null && column.scale() != null) { // a DECIMAL column, as the catalog read it
            int precision = column.precision();
            int scale = column.scale();
            BigDecimal stripped = d.stripTrailingZeros();
            if (stripped.scale() > scale) {
                throw new IllegalArgumentException("the value " + d.toPlainString() + " has more than " + scale
                        + " decimal places, the most " + column.columnType() + " holds");
            }
            if (stripped.precision() - stripped.scale() > precision - scale) {
                throw new IllegalArgumentException("the value " + d.toPlainString() + " is out of range for "
                        + column.columnType());
            }
        }
        return d;
    }
}
