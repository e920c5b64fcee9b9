package dev.dbmove.replicator.preflight;

import dev.dbmove.core.JobNames;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.replicator.preflight.ServerProbe.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What logical decoding from PostgreSQL needs: wal_level=logical, a free replication slot
 * and WAL sender, a user allowed to replicate, and the right to create the publication
 * (or the publication already there). Fixes name ALTER SYSTEM for self-managed servers and
 * parameter groups and rds_replication for RDS/Aurora.
 */
final class PostgresSourceChecks {
    private static final String SIDE = "source";

    private final Connection c;
    private final ServerInfo server;
    private final JobNames names;
    private final List<TableInfo> selected;

    PostgresSourceChecks(Connection c, ServerInfo server, JobNames names, List<TableInfo> selected) {
        this.c = c;
        this.server = server;
        this.names = names;
        this.selected = selected;
    }

    List<CheckResult> run() throws SQLException {
        List<CheckResult> results = new ArrayList<>();
        results.add(walLevel());
        results.add(slots());
        results.add(forgottenSlots());
        results.add(walSenders());
        results.add(replicationRole());
        results.add(publication());
        results.add(openTransactions());
        return results;
    }

    /**
     * Transactions writing for more than a minute: creating the job's slot (its first start)
     * waits until every transaction that was writing when the slot was asked for has ended,
     * and nothing is copied meanwhile. Other users' sessions show only to superusers and
     * members of pg_read_all_stats.
     */
    private CheckResult openTransactions() throws SQLException {
        if (Sql.exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", names.replicationSlot())) {
            return CheckResult.pass(SIDE, "open transactions", "the slot exists: no wait for open transactions");
        }
        List<String> open = new ArrayList<>();
        int first = 0;
        try (java.sql.Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pid, usename, datname, application_name, to_char(xact_start AT TIME ZONE 'UTC',"
                        + " 'YYYY-MM-DD HH24:MI:SS'), extract(epoch FROM now() - xact_start)::bigint, state"
                        + " FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
                        + " AND xact_start < now() - interval '1 minute' ORDER BY xact_start LIMIT 5")) {
            while (rs.next()) {
                if (open.isEmpty()) {
                    first = rs.getInt(1);
                }
                open.add("pid " + rs.getInt(1) + " (user " + rs.getString(2) + ", database " + rs.getString(3)
                        + (rs.getString(4) == null || rs.getString(4).isBlank() ? "" : ", application " + rs.getString(4))
                        + ", writing since " + rs.getString(5) + " UTC, " + rs.getLong(6) / 60 + " min, " + rs.getString(7)
                        + ")");
            }
        }
        if (open.isEmpty()) {
            return CheckResult.pass(SIDE, "open transactions", "no transaction has been writing for more than a minute");
        }
        return CheckResult.warn(SIDE, "open transactions", "the replication slot's creation (dbmove replicate's first"
                + " start) waits for every transaction writing when it is asked for, and nothing is copied meanwhile;"
                + " writing for more than a minute: " + String.join("; ", open), "commit or end them before dbmove"
                + " replicate (SELECT pg_terminate_backend(" + first + ");), or expect it to wait and name them");
    }

    private CheckResult walLevel() throws SQLException {
        String level = Sql.string(c, "SHOW wal_level");
        boolean ok = "logical".equals(level);
        String fix = server.isManaged()
                ? "set rds.logical_replication = 1 in the " + (server.isAurora() ? "DB cluster" : "DB")
                  + " parameter group of this " + server.managed() + " server and reboot it"
                : "ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL (wal_level only changes at start)";
        return CheckResult.of(ok, SIDE, "wal level", ok ? "wal_level is logical"
                : "wal_level is " + level + "; logical decoding needs wal_level = logical", fix);
    }

    private CheckResult slots() throws SQLException {
        if (Sql.exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", names.replicationSlot())) {
            return CheckResult.pass(SIDE, "replication slot", "slot " + names.replicationSlot()
                    + " exists; dbmove resumes from it");
        }
        int max = Integer.parseInt(Sql.string(c, "SHOW max_replication_slots"));
        int used = Integer.parseInt(Sql.string(c, "SELECT count(*) FROM pg_replication_slots"));
        String inactive = Sql.string(c, "SELECT string_agg(slot_name, ', ') FROM pg_replication_slots WHERE NOT active");
        boolean ok = used < max;
        String fix = (server.isManaged()
                ? "raise max_replication_slots in the parameter group and reboot"
                : "ALTER SYSTEM SET max_replication_slots = " + (max + 4) + "; and restart")
                + (inactive == null ? "" : ", or drop an unused slot: SELECT pg_drop_replication_slot('<name>')"
                + " (inactive now: " + inactive + ")");
        return CheckResult.of(ok, SIDE, "replication slot", used + " of " + max + " replication slots in use", fix);
    }

    /**
     * Inactive dbmove slots of other jobs: a slot nobody reads keeps every WAL segment since
     * its position, until the source's disk is full. Named with the WAL each holds back.
     */
    private CheckResult forgottenSlots() throws SQLException {
        List<String> held = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        String own = null;
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(
                "SELECT slot_name, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn))"
                        + " FROM pg_replication_slots WHERE slot_type = 'logical' AND NOT active AND NOT temporary"
                        + " AND slot_name LIKE 'dbmove%' ORDER BY restart_lsn")) { // the oldest position holds the most
            while (rs.next()) {
                String slot = rs.getString(1);
                String size = rs.getString(2) == null ? "no WAL" : rs.getString(2);
                if (slot.equals(names.replicationSlot())) {
                    own = size;
                } else {
                    held.add(slot + " (holds " + size + " of WAL)");
                    drops.add("SELECT pg_drop_replication_slot('" + slot.replace("'", "''") + "');");
                }
            }
        }
        if (held.isEmpty()) {
            return CheckResult.pass(SIDE, "forgotten slots", "no other job's dbmove slot is inactive"
                    + (own == null ? "" : "; this job's slot " + names.replicationSlot() + " waits with " + own
                    + " of WAL for dbmove replicate"));
        }
        return CheckResult.warn(SIDE, "forgotten slots", "inactive dbmove slot(s) of other jobs keep WAL on the source"
                        + " until its disk is full: " + String.join(", ", held),
                "if those jobs are finished or abandoned, drop their slots: " + String.join(" ", drops)
                        + " (a job still to be resumed needs its slot: dropping it means copying its tables again)");
    }

    private CheckResult walSenders() throws SQLException {
        int max = Integer.parseInt(Sql.string(c, "SHOW max_wal_senders"));
        int used = Integer.parseInt(Sql.string(c, "SELECT count(*) FROM pg_stat_replication"));
        boolean ok = used < max;
        return CheckResult.of(ok, SIDE, "wal senders", used + " of " + max + " WAL senders in use",
                server.isManaged() ? "raise max_wal_senders in the parameter group and reboot"
                        : "ALTER SYSTEM SET max_wal_senders = " + (max + 4) + "; and restart");
    }

    private CheckResult replicationRole() throws SQLException {
        String user = Sql.string(c, "SELECT current_user");
        boolean superuser = Sql.exists(c, "SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper");
        boolean replication = Sql.exists(c, "SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolreplication");
        boolean rds = Sql.exists(c, "SELECT 1 FROM pg_roles WHERE rolname = 'rds_replication'")
                && Sql.exists(c, "SELECT 1 WHERE pg_has_role(current_user, 'rds_replication', 'MEMBER')");
        boolean ok = superuser || replication || rds;
        String how = superuser ? "is a superuser" : replication ? "has the REPLICATION attribute"
                : rds ? "is a member of rds_replication" : "may not replicate";
        String fix = server.isManaged() ? "GRANT rds_replication TO " + quoteRole(user) + ";"
                : "ALTER ROLE " + quoteRole(user) + " WITH REPLICATION;";
        return CheckResult.of(ok, SIDE, "replication privilege", "user " + user + " " + how, fix);
    }

    private CheckResult publication() throws SQLException {
        String pub = names.publication();
        if (Sql.exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", pub)) {
            return CheckResult.pass(SIDE, "publication", "publication " + pub + " exists; dbmove uses it");
        }
        if (Sql.exists(c, "SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper")) {
            return CheckResult.pass(SIDE, "publication", "dbmove will create publication " + pub);
        }
        boolean create = Sql.exists(c, "SELECT 1 WHERE has_database_privilege(current_user, current_database(), 'CREATE')");
        List<String> notOwned = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND pg_has_role(current_user, c.relowner, 'USAGE')")) {
            for (TableInfo t : selected) {
                ps.setString(1, t.id().schema());
                ps.setString(2, t.id().name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        notOwned.add(t.id().toString());
                    }
                }
            }
        }
        if (create && notOwned.isEmpty()) {
            return CheckResult.pass(SIDE, "publication", "dbmove will create publication " + pub);
        }
        String found = (create ? "" : "no CREATE privilege on the database")
                + (!create && !notOwned.isEmpty() ? "; " : "")
                + (notOwned.isEmpty() ? "" : "not the owner of " + Preflight.list(notOwned));
        return CheckResult.fail(SIDE, "publication", "cannot create publication " + pub + ": " + found,
                "as the tables' owner run CREATE PUBLICATION " + pub + " FOR TABLE " + Preflight.list(
                        selected.stream().map(t -> t.id().toString()).toList())
                        + "; dbmove then uses it (or GRANT CREATE ON DATABASE and make this user the tables' owner)");
    }

    private static String quoteRole(String role) {
        return "\"" + role.replace("\"", "\"\"") + "\"";
    }
}
