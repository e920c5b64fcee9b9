package dev.dbmove.replicator.preflight;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.replicator.preflight.ServerProbe.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The target: dbmove can create tables and its state schema there, and the tables it will
 * copy into are absent or empty (a full load into a table with rows would mix old and new data).
 */
final class TargetChecks {
    private static final String SIDE = "target";

    private final Connection c;
    private final Endpoint endpoint;
    private final Dialect dialect;
    private final JobNames names;

    TargetChecks(Connection c, Endpoint endpoint, JobNames names) {
        this.c = c;
        this.endpoint = endpoint;
        this.dialect = Dialect.of(endpoint.type());
        this.names = names;
    }

    /**
     * @param sourceType   the source's engine
     * @param sourcePacket a MySQL/MariaDB source's max_allowed_packet, else null
     */
    List<CheckResult> run(List<TableInfo> selectedSource, dev.dbmove.core.DatabaseType sourceType, Long sourcePacket)
            throws SQLException {
        List<CheckResult> results = new ArrayList<>();
        results.add(endpoint.type().isMySqlFamily() ? mysqlCanCreate() : postgresCanCreate());
        results.add(tablesAbsentOrEmpty(selectedSource));
        if (endpoint.type().isMySqlFamily()) {
            results.add(packetSize(sourceType, sourcePacket));
        }
        return results;
    }

    /**
     * Every row is written as one statement, and MySQL/MariaDB refuse a statement longer than
     * max_allowed_packet (and drop the connection): a row with large values pauses its table. A
     * MySQL/MariaDB source took rows as long as its own max_allowed_packet; a PostgreSQL source's
     * values reach 1 GB, and below 64 MB (MariaDB's default is 16 MB) a few large rows are likely.
     */
    private CheckResult packetSize(dev.dbmove.core.DatabaseType sourceType, Long sourcePacket) throws SQLException {
        long packet = Long.parseLong(Sql.string(c, "SELECT @@GLOBAL.max_allowed_packet"));
        long wanted = sourcePacket != null ? sourcePacket : 64L * 1024 * 1024;
        String found = "max_allowed_packet is " + mb(packet) + ": a row whose statement is longer (its values, binary"
                + " ones escaped) cannot be written, and its table pauses";
        if (packet >= wanted) {
            return CheckResult.pass(SIDE, "packet size", "max_allowed_packet is " + mb(packet) + (sourcePacket != null
                    ? ", as large as the source's (" + mb(sourcePacket) + ")" : ""));
        }
        String why = sourcePacket != null ? "; the source takes rows up to " + mb(sourcePacket) + " (its"
                + " max_allowed_packet)" : "; PostgreSQL values can be up to 1 GB";
        long set = Math.max(wanted, 64L * 1024 * 1024);
        return CheckResult.warn(SIDE, "packet size", found + why, "SET GLOBAL max_allowed_packet = " + set + "; and"
                + " max_allowed_packet = " + set / (1024 * 1024) + "M under [mysqld] in my.cnf (on RDS and Aurora:"
                + " the parameter group); at most 1 GB");
    }

    private static String mb(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }

    /** PostgreSQL DDL is transactional: really create the state schema and a table, then roll back. */
    private CheckResult postgresCanCreate() throws SQLException {
        if (!Sql.exists(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", endpoint.schema())) {
            return CheckResult.fail(SIDE, "create tables", "schema " + endpoint.schema() + " does not exist in "
                    + endpoint.database(), "CREATE SCHEMA " + dialect.quote(endpoint.schema()) + "; or correct target.schema");
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        String step = "";
        try (Statement s = c.createStatement()) {
            step = "create a table in schema " + endpoint.schema();
            s.execute("CREATE TABLE " + dialect.qualify(new TableId(endpoint.schema(), "dbmove_probe_" + System.nanoTime()))
                    + " (id int PRIMARY KEY)");
            step = "create the state schema " + names.stateSchema();
            if (!Sql.exists(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", names.stateSchema())) {
                s.execute("CREATE SCHEMA " + dialect.quote(names.stateSchema()));
            }
            s.execute("CREATE TABLE " + dialect.qualify(new TableId(names.stateSchema(), "dbmove_probe_" + System.nanoTime()))
                    + " (id int)");
            return CheckResult.pass(SIDE, "create tables", "user " + endpoint.user() + " can create tables in "
                    + endpoint.schema() + " and the state schema " + names.stateSchema());
        } catch (SQLException e) {
            return CheckResult.fail(SIDE, "create tables", "user " + endpoint.user() + " cannot " + step + " ("
                    + e.getMessage().lines().findFirst().orElse("") + ")",
                    "GRANT CREATE ON DATABASE " + dialect.quote(endpoint.database()) + " TO " + dialect.quote(endpoint.user())
                            + "; GRANT CREATE, USAGE ON SCHEMA " + dialect.quote(endpoint.schema()) + " TO "
                            + dialect.quote(endpoint.user()) + ";");
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** MySQL DDL commits at once, so read the privileges instead of trying. */
    private CheckResult mysqlCanCreate() throws SQLException {
        String grantee = Sql.grantee(c);
        Set<String> global = privileges("SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?",
                grantee);
        Set<String> onDatabase = privileges("SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES"
                + " WHERE GRANTEE = ? AND ? LIKE TABLE_SCHEMA", grantee, endpoint.database());
        Set<String> onState = privileges("SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES"
                + " WHERE GRANTEE = ? AND ? LIKE TABLE_SCHEMA", grantee, names.stateSchema());
        List<String> needed = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "INDEX", "REFERENCES");
        List<String> missing = needed.stream().filter(p -> !global.contains(p) && !onDatabase.contains(p)).toList();
        List<String> missingState = needed.stream().filter(p -> !global.contains(p) && !onState.contains(p)).toList();
        String user = grantee.replace("''", "'");
        if (missing.isEmpty() && missingState.isEmpty()) {
            return CheckResult.pass(SIDE, "create tables", user + " can create and write tables in "
                    + endpoint.database() + " and the state database " + names.stateSchema());
        }
        String found = (missing.isEmpty() ? "" : user + " lacks " + String.join(", ", missing) + " on " + endpoint.database())
                + (!missing.isEmpty() && !missingState.isEmpty() ? "; " : "")
                + (missingState.isEmpty() ? "" : "lacks " + String.join(", ", missingState) + " on the state database "
                + names.stateSchema());
        String grants = String.join(", ", needed);
        return CheckResult.fail(SIDE, "create tables", found,
                "GRANT " + grants + " ON " + dialect.quote(endpoint.database()) + ".* TO " + user + "; GRANT " + grants
                        + " ON " + dialect.quote(names.stateSchema()) + ".* TO " + user + ";");
    }

    private Set<String> privileges(String sql, String... parameters) throws SQLException {
        return Sql.upperStrings(c, sql, parameters);
    }

    private CheckResult tablesAbsentOrEmpty(List<TableInfo> selectedSource) throws SQLException {
        Map<String, TableInfo> existing = dialect.readTables(c, endpoint.schema()).stream()
                .collect(Collectors.toMap(t -> t.id().name(), Function.identity()));
        List<String> present = new ArrayList<>();
        List<String> withRows = new ArrayList<>();
        for (TableInfo source : selectedSource) {
            TableInfo target = existing.get(source.id().name());
            if (target == null) {
                continue;
            }
            present.add(source.id().name());
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1 FROM " + dialect.qualify(target.id()) + " LIMIT 1")) {
                if (rs.next()) {
                    withRows.add(source.id().name());
                }
            }
        }
        String where = endpoint.database() + (endpoint.type().isMySqlFamily() ? "" : "." + endpoint.schema());
        if (!withRows.isEmpty()) {
            return CheckResult.fail(SIDE, "target tables", withRows.size() + " table(s) in " + where
                    + " already hold rows: " + Preflight.list(withRows) + "; a full load into them would mix old and new rows",
                    "empty them (TRUNCATE TABLE ...), drop them, or point target.database"
                            + (endpoint.type().isMySqlFamily() ? "" : " / target.schema") + " elsewhere");
        }
        return CheckResult.pass(SIDE, "target tables", present.isEmpty()
                ? "none of the " + selectedSource.size() + " tables exists in " + where + " yet"
                : present.size() + " of the tables exist in " + where + " and are empty");
    }
}
