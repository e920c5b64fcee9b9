package dev.dbmove.replicator;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.replicator.apply.Positions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the source still holds the change log from the job's saved position on. A binlog
 * file purged (expiry, {@code PURGE BINARY LOGS}) or a replication slot dropped or
 * invalidated ({@code max_slot_wal_keep_size}) takes the changes made since with it: streaming
 * from there would silently skip them, so the tables must be copied again.
 */
final class SavedPosition {
    private SavedPosition() {
    }

    /**
     * Why the changes since {@code offset} can no longer be read from the source, or empty when
     * they can (or when nothing says otherwise: an offset of a shape this does not know).
     */
    static Optional<String> lost(JobConfig job, DatabaseType flavour, Map<String, ?> offset) {
        try (Connection c = Jdbc.connect(job.source(), "source")) {
            return flavour == DatabaseType.POSTGRESQL ? slotLost(c, job.names().replicationSlot(), offset)
                    : binlogLost(c, offset);
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot tell whether the source still holds the"
                    + " changes since the saved position " + Positions.describe(offset) + ": " + e.getMessage(),
                    "run dbmove check against the source: the user needs REPLICATION CLIENT (MySQL), BINLOG MONITOR"
                            + " (MariaDB) or to read pg_replication_slots (PostgreSQL)");
        }
    }

    private static Optional<String> binlogLost(Connection c, Map<String, ?> offset) throws SQLException {
        Object file = offset.get("file");
        if (file == null || String.valueOf(file).isBlank()) {
            return Optional.empty();
        }
        List<String> files = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                files.add(rs.getString(1));
            }
        }
        if (files.contains(String.valueOf(file))) {
            return Optional.empty();
        }
        return Optional.of("the source's binary log no longer holds the saved position " + Positions.describe(offset)
                + ": file " + file + " is gone (" + (files.isEmpty() ? "the server lists no binary log files"
                : "the oldest file is " + files.get(0)) + "; purged by binlog_expire_logs_seconds/expire_logs_days or"
                + " PURGE BINARY LOGS)");
    }

    private static Optional<String> slotLost(Connection c, String slot, Map<String, ?> offset) throws SQLException {
        Long saved = lsn(offset.containsKey("lsn_proc") ? offset.get("lsn_proc") : offset.get("lsn"));
        boolean walStatus = c.getMetaData().getDatabaseMajorVersion() >= 13;
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_wal_lsn_diff(restart_lsn, '0/0')::bigint, "
                + (walStatus ? "wal_status" : "NULL") + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.of("the job's replication slot " + slot + " is gone from the source (dropped by"
                            + " hand or by another tool), and with it the changes since the saved position "
                            + Positions.describe(offset));
                }
                long restart = rs.getLong(1);
                boolean noRestart = rs.wasNull();
                String status = rs.getString(2);
                if ("lost".equals(status) || noRestart) {
                    return Optional.of("the job's replication slot " + slot + " has lost the WAL it kept"
                            + " (wal_status = lost: the server removed it once the slot held more than"
                            + " max_slot_wal_keep_size), and with it the changes since the saved position "
                            + Positions.describe(offset));
                }
                if (saved != null && restart > saved) {
                    return Optional.of("the job's replication slot " + slot + " starts at " + Positions.describe(
                            Map.of("lsn", restart)) + ", after the saved position " + Positions.describe(offset)
                            + " (the slot was advanced or made anew): the changes in between are gone");
                }
                return Optional.empty();
            }
        }
    }

    private static Long lsn(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
