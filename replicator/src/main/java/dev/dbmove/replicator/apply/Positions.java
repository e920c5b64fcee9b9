package dev.dbmove.replicator.apply;

import java.util.Map;

/** A source position as people read it: binlog file:offset (and GTIDs), or a PostgreSQL LSN. */
public final class Positions {
    private static final java.util.regex.Pattern MARIADB_GTID = java.util.regex.Pattern.compile("(\\d+)-(\\d+)-(\\d+)");
    private static final java.util.regex.Pattern MYSQL_GTID = java.util.regex.Pattern.compile("[0-9a-fA-F-]{36}:\\d+");

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

    /**
     * The position as {@link #describe(Map)} writes it, counting the last ended source
     * transaction as applied: a binlog offset's GTID set is where a restart would begin, so
     * it leaves out the transaction its records belong to even once that has ended.
     *
     * @param endedTransaction the id of the source transaction that ended last (a MariaDB
     *                         {@code domain-server-seq} or MySQL {@code uuid:n} GTID), or null
     */
    public static String describe(Map<String, ?> offset, String endedTransaction) {
        String position = describe(offset);
        if (endedTransaction == null || offset == null || offset.get("gtids") == null) {
            return position;
        }
        String gtids = String.valueOf(offset.get("gtids"));
        java.util.regex.Matcher maria = MARIADB_GTID.matcher(endedTransaction);
        String merged;
        if (maria.matches()) {
            String domain = maria.group(1);
            java.util.List<String> parts = new java.util.ArrayList<>();
            boolean replaced = false;
            for (String g : gtids.split(",")) {
                String t = g.trim();
                if (t.startsWith(domain + "-")) {
                    long seq = Long.parseLong(t.substring(t.lastIndexOf('-') + 1));
                    parts.add(seq >= Long.parseLong(maria.group(3)) ? t : endedTransaction);
                    replaced = true;
                } else if (!t.isEmpty()) {
                    parts.add(t);
                }
            }
            if (!replaced) {
                parts.add(endedTransaction);
            }
            merged = String.join(",", parts);
        } else if (MYSQL_GTID.matcher(endedTransaction).matches()) {
            merged = gtids.isBlank() ? endedTransaction : gtids + "," + endedTransaction;
        } else {
            return position;
        }
        return position.replace(" gtid " + gtids, " gtid " + merged);
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
