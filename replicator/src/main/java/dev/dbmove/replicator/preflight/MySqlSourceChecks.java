package dev.dbmove.replicator.preflight;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.replicator.preflight.ServerProbe.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What change-data-capture from a MySQL or MariaDB server needs: the binary log in ROW
 * format with full row images, a server id, binary logs kept long enough, and a user with
 * the replication privileges. Each failure says what to change, for self-managed servers
 * (my.cnf, SET GLOBAL) and for RDS/Aurora (parameter groups, rds_set_configuration).
 */
final class MySqlSourceChecks {
    private static final String SIDE = "source";
    /** Below this, a replicator stopped overnight loses its place in the binary log. */
    private static final long MIN_RETENTION_SECONDS = 24 * 3600;

    private final Connection c;
    private final Endpoint endpoint;
    private final ServerInfo server;

    MySqlSourceChecks(Connection c, Endpoint endpoint, ServerInfo server) {
        this.c = c;
        this.endpoint = endpoint;
        this.server = server;
    }

    List<CheckResult> run() throws SQLException {
        List<CheckResult> results = new ArrayList<>();
        results.add(binaryLog());
        results.add(variable("binlog format", "binlog_format", "ROW",
                "change data capture reads row images; STATEMENT and MIXED logs do not carry them"));
        results.add(variable("binlog row image", "binlog_row_image", "FULL",
                "dbmove needs every column of a changed row, before and after"));
        results.add(serverId());
        results.add(retention());
        results.add(gtid());
        results.add(zeroDates());
        results.add(privileges());
        return results;
    }

    private CheckResult binaryLog() throws SQLException {
        boolean on = "1".equals(Sql.string(c, "SELECT @@log_bin")) || "ON".equalsIgnoreCase(Sql.string(c, "SELECT @@log_bin"));
        String fix = server.isManaged()
                ? "turn on automated backups (backup retention period of 1 day or more) for this " + server.managed()
                  + " instance: that turns the binary log on" + (server.isAurora()
                  ? "; on Aurora MySQL set binlog_format = ROW in the DB cluster parameter group and reboot the writer" : "")
                : "add log_bin = mysql-bin and server_id = 1 under [mysqld] in my.cnf and restart the server"
                  + " (the binary log cannot be turned on while the server runs)";
        return CheckResult.of(on, SIDE, "binary log", on ? "log_bin is ON" : "log_bin is OFF: the server writes no change log", fix);
    }

    private CheckResult variable(String check, String name, String wanted, String why) throws SQLException {
        String value = Sql.string(c, "SELECT @@GLOBAL." + name);
        boolean ok = wanted.equalsIgnoreCase(value);
        String fix = server.isManaged()
                ? "set " + name + " = " + wanted + " in the " + (server.isAurora() ? "DB cluster" : "DB")
                  + " parameter group of this " + server.managed() + " server and reboot it"
                : "SET GLOBAL " + name + " = '" + wanted + "'; and " + name + " = " + wanted
                  + " under [mysqld] in my.cnf so that it survives a restart; sessions already open keep the old value,"
                  + " so restart the applications' connections (or the server) before the snapshot";
        return CheckResult.of(ok, SIDE, check, ok ? name + " is " + value : name + " is " + value + "; " + why, fix);
    }

    private CheckResult serverId() throws SQLException {
        long id = Long.parseLong(Sql.string(c, "SELECT @@GLOBAL.server_id"));
        return CheckResult.of(id > 0, SIDE, "server id", "server_id is " + id,
                "set server_id to a number unique among your servers (server_id = 1 under [mysqld] in my.cnf) and restart");
    }

    private CheckResult retention() throws SQLException {
        if (server.isManaged()) {
            return managedRetention();
        }
        long retention = globalVariable("binlog_expire_logs_seconds").map(Long::parseLong).orElse(0L);
        if (retention == 0) {
            // MariaDB before 10.6 and old MySQL only know expire_logs_days.
            retention = globalVariable("expire_logs_days").map(d -> (long) (Double.parseDouble(d) * 86400)).orElse(0L);
        }
        String fix = "SET GLOBAL binlog_expire_logs_seconds = 604800; and the same under [mysqld] in my.cnf"
                + " (7 days: enough to resume after a weekend without a new snapshot)";
        if (retention == 0) {
            return CheckResult.pass(SIDE, "binlog retention", "binary logs are never purged automatically (watch the disk)");
        }
        String found = "binary logs are kept " + human(retention);
        return retention >= MIN_RETENTION_SECONDS ? CheckResult.pass(SIDE, "binlog retention", found)
                : CheckResult.warn(SIDE, "binlog retention", found + ": a replicator stopped for longer must snapshot again", fix);
    }

    /** A global variable's value, or empty where this server version has no such variable. */
    private Optional<String> globalVariable(String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SHOW GLOBAL VARIABLES LIKE ?")) {
            ps.setString(1, name.replace("_", "\\_"));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(2)) : Optional.empty();
            }
        }
    }

    private CheckResult managedRetention() {
        Long hours = null;
        boolean known = false;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("CALL mysql.rds_show_configuration")) {
            while (rs.next()) {
                if ("binlog retention hours".equalsIgnoreCase(rs.getString(1))) {
                    known = true;
                    String v = rs.getString(2);
                    hours = v == null ? null : Long.parseLong(v.trim());
                }
            }
        } catch (SQLException | NumberFormatException e) {
            known = false;
        }
        String fix = "CALL mysql.rds_set_configuration('binlog retention hours', 168);";
        if (!known) {
            return CheckResult.warn(SIDE, "binlog retention", "cannot read the binlog retention (mysql.rds_show_configuration)",
                    "check it yourself and set it with " + fix);
        }
        if (hours == null) {
            return CheckResult.fail(SIDE, "binlog retention", "binlog retention hours is NULL: " + server.managed()
                    + " purges binary logs as soon as it can, before dbmove reads them", fix);
        }
        String found = "binlog retention hours is " + hours;
        return hours * 3600 >= MIN_RETENTION_SECONDS ? CheckResult.pass(SIDE, "binlog retention", found)
                : CheckResult.warn(SIDE, "binlog retention", found + ": a replicator stopped for longer must snapshot again", fix);
    }

    private CheckResult gtid() throws SQLException {
        if (server.flavour() == DatabaseType.MARIADB) {
            String pos = globalVariable("gtid_binlog_pos").orElse("");
            String strict = globalVariable("gtid_strict_mode").orElse("OFF");
            return CheckResult.pass(SIDE, "gtid", "MariaDB GTID position '" + pos + "', gtid_strict_mode "
                    + ("1".equals(strict) || "ON".equalsIgnoreCase(strict) ? "ON" : "OFF"));
        }
        String mode = globalVariable("gtid_mode").orElse("OFF");
        return CheckResult.pass(SIDE, "gtid", "gtid_mode is " + mode + ("ON".equalsIgnoreCase(mode)
                ? " (positions survive a failover to a replica)"
                : " (positions are binlog file and offset; a failover to a replica would need a new snapshot)"));
    }

    /** Zero dates written while streaming pause their table; only the server's sql_mode can keep them out. */
    private CheckResult zeroDates() throws SQLException {
        String mode = Sql.string(c, "SELECT @@GLOBAL.sql_mode").toUpperCase();
        boolean refused = mode.contains("TRADITIONAL") || mode.contains("NO_ZERO_DATE") && mode.contains("NO_ZERO_IN_DATE");
        if (refused) {
            return CheckResult.pass(SIDE, "zero dates", "sql_mode refuses zero dates");
        }
        return CheckResult.warn(SIDE, "zero dates", "sql_mode allows zero dates (0000-00-00); dbmove refuses to start"
                + " while tables hold any (or copies them as NULL with replication.zeroDates: to-null), and one written"
                + " while streaming pauses its table", server.isManaged()
                ? "add NO_ZERO_DATE,NO_ZERO_IN_DATE to sql_mode in the parameter group"
                : "SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',NO_ZERO_DATE,NO_ZERO_IN_DATE'); and the same in my.cnf");
    }

    private CheckResult privileges() throws SQLException {
        String grantee = Sql.grantee(c);
        Set<String> granted = Sql.upperStrings(c,
                "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?", grantee);
        boolean selectOnDatabase = granted.contains("SELECT");
        if (!selectOnDatabase) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES"
                    + " WHERE GRANTEE = ? AND PRIVILEGE_TYPE = 'SELECT' AND ? LIKE TABLE_SCHEMA")) {
                ps.setString(1, grantee);
                ps.setString(2, endpoint.database());
                try (ResultSet rs = ps.executeQuery()) {
                    selectOnDatabase = rs.next();
                }
            }
        }
        boolean mariadb = server.flavour() == DatabaseType.MARIADB;
        String clientPrivilege = mariadb ? "BINLOG MONITOR" : "REPLICATION CLIENT";
        Set<String> missing = new LinkedHashSet<>();
        if (!selectOnDatabase) {
            missing.add("SELECT");
        }
        if (!granted.contains("RELOAD")) {
            missing.add("RELOAD");
        }
        if (!granted.contains("REPLICATION SLAVE") && !granted.contains("REPLICATION REPLICA")) {
            missing.add("REPLICATION SLAVE");
        }
        if (!granted.contains("REPLICATION CLIENT") && !granted.contains("BINLOG MONITOR")) {
            missing.add(clientPrivilege);
        }
        if (server.isManaged() && !granted.contains("LOCK TABLES")) {
            missing.add("LOCK TABLES");
        }
        String user = grantee.replace("''", "'");
        String note = server.isManaged()
                ? " (" + server.managed() + " allows no global read lock: the snapshot takes table locks instead)" : "";
        if (missing.isEmpty()) {
            return CheckResult.pass(SIDE, "privileges", user + " has SELECT, RELOAD, REPLICATION SLAVE, "
                    + clientPrivilege + (server.isManaged() ? ", LOCK TABLES" : "") + note);
        }
        String all = "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, " + clientPrivilege
                + (server.isManaged() ? ", LOCK TABLES" : "");
        return CheckResult.fail(SIDE, "privileges", user + " lacks " + String.join(", ", missing) + note,
                "GRANT " + all + " ON *.* TO " + user + ";");
    }

    private static String human(long seconds) {
        return seconds % 86400 == 0 ? seconds / 86400 + " days"
                : seconds % 3600 == 0 ? seconds / 3600 + " hours" : seconds + " seconds";
    }
}
