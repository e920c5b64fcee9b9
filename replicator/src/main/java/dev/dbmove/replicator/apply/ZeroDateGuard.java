package dev.dbmove.replicator.apply;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.KeptConnection;
import dev.dbmove.core.dialect.Dialect;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps MySQL zero dates written while streaming from arriving silently wrong.
 * <p>
 * Debezium's binlog reader turns a zero date ({@code 0000-00-00}, or a zero year, month or
 * day) into NULL, which a NOT NULL column then receives as its fallback 1970-01-01, and a
 * zero TIMESTAMP is the instant 1970-01-01T00:00:00Z. None of these can be told from a real
 * value in the change itself, so every changed row carrying NULL or the epoch in a DATE,
 * DATETIME or TIMESTAMP column is a suspect, and before its transaction commits the source
 * is asked, for all suspects at once, whether that row holds a zero date there now.
 * <p>
 * Asking about the row as it is now is enough for the target's end state: if the source
 * holds a zero date, the change that wrote it is this one or a later one, each of which is
 * checked in turn; if it does not, a later change (or delete) overwrites what this one
 * wrote. A zero date found pauses the table (with {@code zeroDates: fail}, the default, or
 * when the column is NOT NULL, since NULL cannot stand in for it there); with
 * {@code zeroDates: to-null} a nullable column keeps the NULL, as in the full load.
 */
public final class ZeroDateGuard implements AutoCloseable {
    private static final int KEYS_PER_QUERY = 200;
    private static final Set<String> TEMPORAL = Set.of("date", "datetime", "timestamp");
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    /** A guard that never suspects anything: for PostgreSQL sources, which have no zero dates. */
    public static final ZeroDateGuard NONE = new ZeroDateGuard(null, false, Map.of());

    private final Endpoint source;
    private final boolean toNull;
    /** Per source table: its DATE/DATETIME/TIMESTAMP columns. */
    private final Map<TableId, Map<String, DateColumn>> temporal;
    private final Map<TableId, Suspects> suspects = new LinkedHashMap<>();
    private final KeptConnection connection;

    private ZeroDateGuard(Endpoint source, boolean toNull, Map<TableId, Map<String, DateColumn>> temporal) {
        this.source = source;
        this.connection = new KeptConnection(source, "source");
        this.toNull = toNull;
        this.temporal = temporal;
    }

    /**
     * A guard for a MySQL/MariaDB source's tables, {@link #NONE} for others or when no
     * selected table has a date column.
     */
    public static ZeroDateGuard of(Endpoint source, boolean toNull, Collection<TableInfo> tables) {
        if (!source.type().isMySqlFamily()) {
            return NONE;
        }
        Map<TableId, Map<String, DateColumn>> temporal = new LinkedHashMap<>();
        for (TableInfo t : tables) {
            Map<String, DateColumn> columns = new LinkedHashMap<>();
            for (ColumnInfo c : t.columns()) {
                if (dateType(c.dataType()) && !c.generated()) {
                    columns.put(c.name(), new DateColumn("timestamp".equals(c.dataType()), c.nullable()));
                }
            }
            if (!columns.isEmpty()) {
                temporal.put(t.id(), columns);
            }
        }
        return temporal.isEmpty() ? NONE : new ZeroDateGuard(source, toNull, temporal);
    }

    /**
     * Notes the row written by an insert or update if a date column holds what a zero date
     * arrives as. With {@code zeroDates: to-null}, a zero TIMESTAMP (the only way the epoch
     * itself can arrive from MySQL, whose TIMESTAMP range starts a second later) becomes NULL
     * here in a nullable column, as the full load writes it.
     */
    void observe(ApplyTable table, Struct after) {
        Map<String, DateColumn> columns = temporal.get(table.source());
        if (columns == null || after == null) {
            return;
        }
        for (Map.Entry<String, DateColumn> column : columns.entrySet()) {
            Field field = ApplyTable.field(after.schema(), column.getKey());
            if (field == null) {
                continue;
            }
            DateColumn type = column.getValue();
            Object value = ApplyTable.value(after, column.getKey());
            if (toNull && type.nullable()) {
                if (type.timestamp() && value != null && suspicious(value)) {
                    after.put(field, null);
                }
                continue; // NULL is what the job asked for in this column
            }
            if (suspicious(value)) {
                List<Object> key = new ArrayList<>();
                for (String k : table.key()) {
                    key.add(ApplyTable.value(after, k));
                }
                suspects.computeIfAbsent(table.source(), t -> new Suspects(table)).add(key, column.getKey());
            }
        }
    }

    /** Whether a MySQL column of this data type can hold zero dates: DATE, DATETIME, TIMESTAMP. */
    public static boolean dateType(String dataType) {
        return TEMPORAL.contains(dataType);
    }

    /** A MySQL condition true where the column holds a zero date (a zero year, month or day). */
    public static String zeroDate(Dialect dialect, String column) {
        String q = dialect.quote(column);
        return "YEAR(" + q + ") = 0 OR MONTH(" + q + ") = 0 OR DAYOFMONTH(" + q + ") = 0";
    }

    private static boolean suspicious(Object value) {
        return value == null
                || LocalDate.EPOCH.equals(value)
                || EPOCH.equals(value)
                || value instanceof OffsetDateTime o && o.toInstant().equals(Instant.EPOCH);
    }

    /** Forgets the suspects of a transaction that was rolled back. */
    void clear() {
        suspects.clear();
    }

    /**
     * Asks the source about this transaction's suspects; throws {@link TablePausedException}
     * for the first table holding a zero date where the job does not allow NULL for it.
     */
    void verify() {
        if (suspects.isEmpty()) {
            return;
        }
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    for (Suspects s : suspects.values()) {
                        s.verify(connection.get());
                    }
                    return;
                } catch (SQLException e) {
                    close(); // a dropped connection is opened again once
                    if (attempt == 2) {
                        throw new ZeroDateCheckException("cannot ask the source whether changed rows hold MySQL zero"
                                + " dates: " + e.getMessage(), e);
                    }
                }
            }
        } finally {
            suspects.clear();
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    /** The suspect keys of one table, and which of its columns are suspect. */
    private final class Suspects {
        private final ApplyTable table;
        private final Set<List<Object>> keys = new LinkedHashSet<>();
        private final Set<String> columns = new LinkedHashSet<>();

        Suspects(ApplyTable table) {
            this.table = table;
        }

        void add(List<Object> key, String column) {
            keys.add(key);
            columns.add(column);
        }

        void verify(Connection c) throws SQLException {
            Dialect dialect = Dialect.of(source.type());
            List<String> cols = List.copyOf(columns);
            StringBuilder select = new StringBuilder("SELECT ");
            for (String k : table.key()) {
                select.append(dialect.quote(k)).append(", ");
            }
            for (int i = 0; i < cols.size(); i++) {
                select.append(i == 0 ? "" : ", ").append("(").append(zeroDate(dialect, cols.get(i))).append(")");
            }
            select.append(" FROM ").append(dialect.qualify(table.source())).append(" WHERE ");
            String oneKey = "(" + String.join(" AND ", table.key().stream().map(k -> dialect.quote(k) + " = ?").toList())
                    + ")";
            List<List<Object>> all = List.copyOf(keys);
            for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
                List<List<Object>> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
                String sql = select + String.join(" OR ", java.util.Collections.nCopies(chunk.size(), oneKey));
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int p = 1;
                    for (List<Object> key : chunk) {
                        for (Object v : key) {
                            ps.setObject(p++, bindable(v));
                        }
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            for (int i = 0; i < cols.size(); i++) {
                                if (rs.getBoolean(table.key().size() + 1 + i)) {
                                    throw paused(rs, cols.get(i));
                                }
                            }
                        }
                    }
                }
            }
        }

        private TablePausedException paused(ResultSet rs, String column) throws SQLException {
            List<String> key = new ArrayList<>();
            for (int i = 0; i < table.key().size(); i++) {
                key.add(table.key().get(i) + "=" + rs.getString(i + 1));
            }
            boolean nullable = temporal.get(table.source()).get(column).nullable();
            String name = table.source().name();
            String reason = "a MySQL zero date (0000-00-00, or a zero month or day) was written to " + name + "." + column
                    + " at key " + String.join(", ", key) + "; no other engine can hold it, and the change stream"
                    + " delivers it as " + (nullable ? "NULL" : "1970-01-01");
            String fix = toNull || !nullable
                    ? "correct the value on the source (UPDATE " + name + " SET " + column + " = ... WHERE "
                    + String.join(" AND ", key) + "), or make the column nullable and set replication: {zeroDates:"
                    + " to-null}; then restart dbmove replicate: " + name + " is copied again"
                    : "correct the value on the source (e.g. SET " + column + " = NULL), or write zero dates as NULL with"
                    + " replication: {zeroDates: to-null} in the job file; then restart dbmove replicate: " + name
                    + " is copied again while the other tables stream";
            return new TablePausedException(table.source(), reason, fix);
        }
    }

    private record DateColumn(boolean timestamp, boolean nullable) {
    }

    private static Object bindable(Object v) {
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v == null || v instanceof Number || v instanceof String || v instanceof byte[] || v instanceof Boolean
                || v instanceof LocalDate || v instanceof LocalDateTime) {
            return v;
        }
        return v.toString();
    }

    /** The source could not be asked; the engine stops and resumes before the unchecked changes. */
    public static final class ZeroDateCheckException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ZeroDateCheckException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
