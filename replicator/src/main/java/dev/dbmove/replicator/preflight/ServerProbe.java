package dev.dbmove.replicator.preflight;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds out what a server really is: engine, version, and whether a cloud provider manages it. */
public final class ServerProbe {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    private ServerProbe() {
    }

    static ServerInfo probe(Connection c, DatabaseType configured) throws SQLException {
        return configured.isMySqlFamily() ? mysqlFamily(c) : postgres(c);
    }

    private static ServerInfo mysqlFamily(Connection c) throws SQLException {
        String version = Sql.string(c, "SELECT VERSION()");
        DatabaseType flavour = Jdbc.flavourOfVersion(version);
        String managed = null;
        // SHOW VARIABLES, not SELECT @@aurora_version: an unknown variable is an error the driver logs.
        if (Sql.exists(c, "SHOW GLOBAL VARIABLES LIKE 'aurora\\_version'")) {
            managed = "Amazon Aurora";
        } else if (Sql.optionalString(c, "SELECT @@basedir").filter(d -> d.startsWith("/rdsdbbin")).isPresent()
                || Sql.exists(c, "SELECT 1 FROM information_schema.ROUTINES"
                        + " WHERE ROUTINE_SCHEMA = 'mysql' AND ROUTINE_NAME = 'rds_show_configuration'")) {
            managed = "Amazon RDS";
        }
        int[] mm = majorMinor(version);
        String shown = version.replaceAll("-log$", "");
        return new ServerInfo(flavour, shown, mm[0], mm[1], managed);
    }

    private static ServerInfo postgres(Connection c) throws SQLException {
        String version = Sql.string(c, "SHOW server_version");
        int num = Integer.parseInt(Sql.string(c, "SHOW server_version_num"));
        String managed = null;
        if (Sql.exists(c, "SELECT 1 FROM pg_proc WHERE proname = 'aurora_version'")) {
            managed = "Amazon Aurora";
        } else if (Sql.exists(c, "SELECT 1 FROM pg_roles WHERE rolname = 'rds_superuser'")) {
            managed = "Amazon RDS";
        }
        return new ServerInfo(DatabaseType.POSTGRESQL, version.split(" ")[0], num / 10000, num % 10000, managed);
    }

    private static int[] majorMinor(String version) {
        Matcher m = VERSION.matcher(version);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {0, 0};
    }

    /** Small JDBC helpers for single-value catalog queries. */
    static final class Sql {
        private Sql() {
        }

        static String string(Connection c, String sql) throws SQLException {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            }
        }

        /** The value, or empty when the query fails (an unknown variable, say) or returns NULL. */
        static Optional<String> optionalString(Connection c, String sql) {
            try {
                return Optional.ofNullable(string(c, sql));
            } catch (SQLException e) {
                return Optional.empty();
            }
        }

        /** The current MySQL/MariaDB account as information_schema spells grantees: 'user'@'host'. */
        static String grantee(Connection c) throws SQLException {
            return string(c, "SELECT CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''',"
                    + " SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')");
        }

        /** The first column of every row, upper-cased: privilege names. */
        static java.util.Set<String> upperStrings(Connection c, String sql, String... parameters) throws SQLException {
            java.util.Set<String> found = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setString(i + 1, parameters[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1).toUpperCase(java.util.Locale.ROOT));
                    }
                }
            }
            return found;
        }

        static boolean exists(Connection c, String sql, String... parameters) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setString(i + 1, parameters[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }
    }
}
