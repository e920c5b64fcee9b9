package dev.dbmove.cutover.steps;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the source read-only, so that a writer the stop commands missed fails loudly instead of
 * writing a change that would never reach the target.
 *
 * <p>MySQL and MariaDB: {@code read_only} (and MySQL's {@code super_read_only}) set globally.
 * PostgreSQL: {@code default_transaction_read_only} set for the job's database. Then the
 * sessions on the job's database of every other user than dbmove's own are ended: a session
 * opened before the freeze could otherwise go on writing (PostgreSQL applies the setting to new
 * sessions only; MariaDB's read_only does not bind users with READ_ONLY ADMIN). dbmove's own
 * user is spared because the replicator's connections are the drain's way in; the applications
 * are expected to log in as users of their own.
 */
final class FreezeStep implements Step {
    static final String NAME = "freeze the source";

    private final Cutover cutover;

    FreezeStep(Cutover cutover) {
        this.cutover = cutover;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepKind kind() {
        return StepKind.FREEZE;
    }

    @Override
    public String describe() {
        return NAME + ": " + (source().type() == DatabaseType.POSTGRESQL
                ? "ALTER DATABASE " + quote(source().database()) + " SET default_transaction_read_only = on"
                : "SET GLOBAL read_only = ON") + ", then end the other users' sessions on " + source().database();
    }

    private Endpoint source() {
        return cutover.job().source();
    }

    @Override
    public List<String> preflight() {
        List<String> problems = new ArrayList<>();
        try (Connection c = cutover.sourceSession()) {
            if (frozen(c)) {
                problems.add("the source is read-only already (" + (postgres() ? "default_transaction_read_only is on for"
                        + " database " + source().database() : "read_only is ON") + "): a cutover may have been left"
                        + " half done; look at it with dbmove cutover --rollback, or make the source writable again");
            }
            mayFreeze(c).ifPresent(problems::add);
        } catch (DbmoveException e) {
            problems.add(e.describe());
        } catch (SQLException e) {
            problems.add("cannot read the source's settings: " + e.getMessage());
        }
        return problems;
    }

    @Override
    public void run(StepContext context) throws SQLException {
        try (Connection c = cutover.sourceSession(); Statement s = c.createStatement()) {
            if (postgres()) {
                s.execute("ALTER DATABASE " + quote(source().database()) + " SET default_transaction_read_only = on");
            } else {
                if (Jdbc.flavour(c, source().type()) == DatabaseType.MYSQL) {
                    s.execute("SET GLOBAL super_read_only = ON");
                }
                s.execute("SET GLOBAL read_only = ON");
            }
            int ended = endOtherSessions(c);
            context.progress("the source is read-only; " + ended + " session(s) of other users ended");
        }
    }

    @Override
    public void check(StepContext context) throws SQLException {
        try (Connection c = cutover.sourceSession()) {
            if (!frozen(c)) {
                throw new IllegalStateException("the source is still writable");
            }
        }
    }

    @Override
    public void undo(StepContext context) throws SQLException {
        try (Connection c = cutover.sourceSession(); Statement s = c.createStatement()) {
            if (postgres()) {
                s.execute("ALTER DATABASE " + quote(source().database()) + " RESET default_transaction_read_only");
            } else {
                if (Jdbc.flavour(c, source().type()) == DatabaseType.MYSQL) {
                    s.execute("SET GLOBAL super_read_only = OFF");
                }
                s.execute("SET GLOBAL read_only = OFF");
            }
            context.progress("the source is writable again");
        }
    }

    private boolean postgres() {
        return source().type() == DatabaseType.POSTGRESQL;
    }

    private String quote(String name) {
        return Dialect.of(source().type()).quote(name);
    }

    /** Whether the source is read-only now, as this step leaves it. */
    boolean frozen(Connection c) throws SQLException {
        if (postgres()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.setconfig FROM pg_db_role_setting s"
                    + " JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = ? AND s.setrole = 0")) {
                ps.setString(1, source().database());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (Object setting : (Object[]) rs.getArray(1).getArray()) {
                            String text = String.valueOf(setting).toLowerCase(java.util.Locale.ROOT);
                            if (text.equals("default_transaction_read_only=on") || text.equals("default_transaction_read_only=true")) {
                                return true;
                            }
                        }
                    }
                }
            }
            return false;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.read_only")) {
            return rs.next() && rs.getInt(1) != 0;
        }
    }

    /** Why dbmove's source user could not freeze the source, if it could not. */
    private Optional<String> mayFreeze(Connection c) throws SQLException {
        if (postgres()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.rolsuper OR d.datdba = r.oid FROM pg_roles r,"
                    + " pg_database d WHERE r.rolname = current_user AND d.datname = ?")) {
                ps.setString(1, source().database());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of("user " + source().user() + " may not make database " + source().database()
                    + " read-only (ALTER DATABASE needs its owner or a superuser); grant it, or set cutover.freeze: none"
                    + " and trust the stop commands to stop every writer");
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT PRIVILEGE_TYPE FROM"
                + " information_schema.USER_PRIVILEGES WHERE GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1),"
                + " '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')")) {
            while (rs.next()) {
                String privilege = rs.getString(1).toUpperCase(java.util.Locale.ROOT);
                if (privilege.equals("SUPER") || privilege.equals("SYSTEM_VARIABLES_ADMIN")
                        || privilege.equals("READ_ONLY ADMIN")) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of("user " + source().user() + " may not set read_only on the source (it needs SUPER,"
                + " or SYSTEM_VARIABLES_ADMIN on MySQL, READ_ONLY ADMIN on MariaDB); grant it, or set cutover.freeze: none"
                + " and trust the stop commands to stop every writer");
    }

    /** Ends the sessions on the job's database of users other than dbmove's; how many. */
    private int endOtherSessions(Connection c) throws SQLException {
        List<Long> sessions = new ArrayList<>();
        String sql = postgres()
                ? "SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
                  // Without pg_read_all_stats another role's backend_type reads NULL: such a session counts too.
                  + " AND (backend_type = 'client backend' OR backend_type IS NULL) AND usename <> current_user"
                : "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()"
                  + " AND USER <> SUBSTRING_INDEX(CURRENT_USER(), '@', 1) AND USER NOT IN ('system user', 'event_scheduler')"
                  + " AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon')";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, source().database());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(rs.getLong(1));
                }
            }
        }
        int ended = 0;
        for (long session : sessions) {
            try (Statement s = c.createStatement()) {
                if (postgres()) {
                    try (ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + session + ")")) {
                        ended += rs.next() && rs.getBoolean(1) ? 1 : 0;
                    }
                } else {
                    s.execute("KILL CONNECTION " + session);
                    ended++;
                }
            } catch (SQLException gone) {
                // it ended by itself meanwhile
            }
        }
        return ended;
    }
}
