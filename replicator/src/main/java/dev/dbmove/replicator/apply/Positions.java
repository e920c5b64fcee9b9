package dev.dbmove.replicator.apply;

import java.util.Map;

/** A source position as people read it: binlog file:offset (and GTIDs), or a PostgreSQL LSN. */
public final class Positions {
    private Positions() {
    }

    public static String describe(Map<String, ?> offset) {
        if (offset == null) {
            return "";
        }
        Object lsn = offset.containsKey("lsn_commit") ? offset.get("lsn_commit") : offset.get("lsn");
        if (lsn instanceof Number n) {
            long v = n.longValue();
            return Long.toHexString(v >>> 32).toUpperCase() + "/" + Long.toHexString(v & 0xFFFFFFFFL).toUpperCase();
        }
        Object file = offset.get("file");
        if (file != null) {
            Object gtids = offset.get("gtids");
            return file + ":" + offset.get("pos") + (gtids == null ? "" : " gtid " + gtids);
        }
        return offset.toString();
    }
}
