package dev.dbmove.replicator.apply;

import java.util.Map;

/** A source position as people read it: binlog file:offset (and GTIDs), or a PostgreSQL LSN. */
public final class Positions {
    private Positions() {
    }

    /**
     * True for an offset saved while the connector was still taking its snapshot (its
     * {@code snapshot} flag is set), false for one from streaming or none.
     */
    public static boolean duringSnapshot(Map<String, ?> offset) {
        Object snapshot = offset == null ? null : offset.get("snapshot");
        if (snapshot == null) {
            return false;
        }
        String flag = String.valueOf(snapshot);
        return !flag.isEmpty() && !flag.equalsIgnoreCase("false");
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
