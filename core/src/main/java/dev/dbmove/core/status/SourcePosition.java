package dev.dbmove.core.status;

import dev.dbmove.core.DatabaseType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source's current log position, read from the source, and the distance from a position
 * dbmove applied to it. Positions are written as dbmove's state stores them: a PostgreSQL
 * LSN ({@code 0/16B3748}), or a binlog {@code file:offset}, followed by {@code gtid SET} when
 * the server uses GTIDs.
 * <p>
 * The distance (position lag) is counted in transactions where GTIDs allow it (MariaDB
 * domain sequence numbers, MySQL GTID sets) and in bytes otherwise (PostgreSQL WAL, binlog
 * file offsets across the server's binlog files).
 */
public final class SourcePosition {
    public static final String BYTES = "bytes";
    public static final String TRANSACTIONS = "transactions";

    private static final Pattern LSN = Pattern.compile("([0-9A-Fa-f]+)/([0-9A-Fa-f]+)");
    private static final Pattern FILE_POS = Pattern.compile("(\\S+):(\\d+)(?: gtid (.*))?");
    private static final Pattern MARIADB_GTID = Pattern.compile("(\\d+)-(\\d+)-(\\d+)");

    /** A position and how far another lies behind it. */
    public record Lag(long amount, String unit) {
    }

    private SourcePosition() {
    }

    /**
     * Whether a PostgreSQL replication slot has confirmed the position. WAL written for other tables and databases
     * moves the server's position without a change for the job, so its applied position may never reach it; but
     * dbmove confirms a position to the slot only after the target transaction holding everything before it has
     * committed.
     */
    public static boolean slotConfirmed(Connection source, String slot, String position) throws SQLException {
        try (java.sql.PreparedStatement ps = source.prepareStatement(
                "SELECT confirmed_flush_lsn >= CAST(? AS pg_lsn) FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, position);
            ps.setString(2, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The source's current position, in the form the state stores applied positions. */
    public static String current(Connection c, DatabaseType type) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (type == DatabaseType.POSTGRESQL) {
                try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                    rs.next();
                    return rs.getString(1).toUpperCase();
                }
            }
            String file;
            long pos;
            try (ResultSet rs = binlogStatus(s, type)) {
                if (!rs.next()) {
                    throw new SQLException("the source writes no binary log (SHOW MASTER STATUS is empty)");
                }
                file = rs.getString(1);
                pos = rs.getLong(2);
            }
            String gtids = type == DatabaseType.MARIADB ? single(s, "SELECT @@GLOBAL.gtid_binlog_pos")
                    : single(s, "SELECT @@GLOBAL.gtid_executed");
            gtids = gtids == null ? "" : gtids.replaceAll("\\s+", "");
            return file + ":" + pos + (gtids.isEmpty() ? "" : " gtid " + gtids);
        }
    }

    private static ResultSet binlogStatus(Statement s, DatabaseType type) throws SQLException {
        if (type == DatabaseType.MYSQL) {
            try {
                return s.executeQuery("SHOW BINARY LOG STATUS"); // MySQL 8.2 and later
            } catch (SQLException older) {
                return s.executeQuery("SHOW MASTER STATUS");
            }
        }
        return s.executeQuery("SHOW MASTER STATUS");
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * How far {@code applied} lies behind {@code current}; never negative (a position applied
     * after the source was read counts as caught up). Null when either is unknown or they
     * cannot be compared.
     *
     * @param c a connection to the source, for MySQL GTID arithmetic and binlog file sizes; may be null for others
     */
    public static Lag lag(Connection c, DatabaseType type, String current, String applied) throws SQLException {
        if (current == null || applied == null || applied.isBlank()) {
            return null;
        }
        if (type == DatabaseType.POSTGRESQL) {
            Long cur = lsn(current);
            Long app = lsn(applied);
            return cur == null || app == null ? null : new Lag(Math.max(0, cur - app), BYTES);
        }
        Matcher cur = FILE_POS.matcher(current.trim());
        Matcher app = FILE_POS.matcher(applied.trim());
        if (!cur.matches() || !app.matches()) {
            return null;
        }
        String curGtids = cur.group(3);
        String appGtids = app.group(3);
        if (curGtids != null && appGtids != null) {
            if (type == DatabaseType.MARIADB) {
                return new Lag(mariaDbBehind(curGtids, appGtids), TRANSACTIONS);
            }
            if (c != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT GTID_SUBTRACT(?, ?)")) {
                    ps.setString(1, curGtids);
                    ps.setString(2, appGtids);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new Lag(countMySqlGtids(rs.getString(1)), TRANSACTIONS);
                    }
                }
            }
        }
        return fileLag(c, cur.group(1), Long.parseLong(cur.group(2)), app.group(1), Long.parseLong(app.group(2)));
    }

    /**
     * Whether {@code later}, the position of a change, lies after the source's position
     * {@code position} (what {@link #current} read): a change written after it. With GTIDs,
     * {@code later} names a transaction {@code position} does not hold; otherwise its offset or LSN is
     * at or past {@code position}, which is where the next write begins. False when unknown.
     */
    public static boolean after(Connection c, DatabaseType type, String position, String later) throws SQLException {
        if (position == null || later == null || later.isBlank()) {
            return false;
        }
        if (type != DatabaseType.POSTGRESQL) {
            Matcher pos = FILE_POS.matcher(position.trim());
            Matcher lat = FILE_POS.matcher(later.trim());
            if (pos.matches() && lat.matches() && pos.group(3) != null && lat.group(3) != null) {
                Lag ahead = lag(c, type, later, position);
                return ahead != null && ahead.amount() > 0;
            }
            if (pos.matches() && lat.matches() && !pos.group(1).equals(lat.group(1))) {
                return lat.group(1).compareTo(pos.group(1)) > 0; // a later binary log file
            }
        }
        Lag behind = lag(c, type, position, later);
        return behind != null && behind.amount() == 0;
    }

    static Long lsn(String text) {
        Matcher m = LSN.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        return (Long.parseLong(m.group(1), 16) << 32) + Long.parseLong(m.group(2), 16);
    }

    /** Per GTID domain, the current sequence number minus the applied one, summed. */
    static long mariaDbBehind(String current, String applied) {
        Map<Long, Long> appliedSeq = new HashMap<>();
        Matcher a = MARIADB_GTID.matcher(applied);
        while (a.find()) {
            appliedSeq.merge(Long.parseLong(a.group(1)), Long.parseLong(a.group(3)), Math::max);
        }
        Map<Long, Long> currentSeq = new HashMap<>();
        Matcher m = MARIADB_GTID.matcher(current);
        while (m.find()) {
            currentSeq.merge(Long.parseLong(m.group(1)), Long.parseLong(m.group(3)), Math::max);
        }
        long behind = 0;
        for (Map.Entry<Long, Long> e : currentSeq.entrySet()) {
            behind += Math.max(0, e.getValue() - appliedSeq.getOrDefault(e.getKey(), 0L));
        }
        return behind;
    }

    /** The number of transactions in a MySQL GTID set such as {@code uuid:1-5:7,uuid2:3}. */
    static long countMySqlGtids(String set) {
        long n = 0;
        if (set == null) {
            return 0;
        }
        for (String member : set.replaceAll("\\s+", "").split(",")) {
            String[] parts = member.split(":");
            for (int i = 1; i < parts.length; i++) {
                if (!parts[i].matches("\\d+(-\\d+)?")) {
                    continue; // a tag (MySQL 8.4 tagged GTIDs)
                }
                String[] range = parts[i].split("-");
                long from = Long.parseLong(range[0]);
                long to = range.length > 1 ? Long.parseLong(range[1]) : from;
                n += to - from + 1;
            }
        }
        return n;
    }

    private static Lag fileLag(Connection c, String curFile, long curPos, String appFile, long appPos)
            throws SQLException {
        if (curFile.equals(appFile)) {
            return new Lag(Math.max(0, curPos - appPos), BYTES);
        }
        if (c == null || curFile.compareTo(appFile) < 0) {
            return null;
        }
        long bytes = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                String name = rs.getString(1);
                long size = rs.getLong(2);
                if (name.equals(appFile)) {
                    bytes += Math.max(0, size - appPos);
                } else if (name.compareTo(appFile) > 0 && name.compareTo(curFile) < 0) {
                    bytes += size;
                }
            }
        }
        return new Lag(bytes + curPos, BYTES);
    }
}
