package dev.dbmove.core.state;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the state schema, brings it to the current version, and drops it. The version is
 * the meta table's schema_version: each version's migration runs once, in order.
 */
final class StateSchemaDdl {
    private static final String VERSION_KEY = "schema_version";

    private final StateSql sql;
    private final StateTransactions tx;

    StateSchemaDdl(StateSql sql, StateTransactions tx) {
        this.sql = sql;
        this.tx = tx;
    }

    void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (sql.creationLock() != null) {
                try (PreparedStatement lock = c.prepareStatement(sql.creationLock())) {
                    lock.setString(1, sql.schema());
                    lock.execute();
                }
            }
            // A schema a DBA created beforehand needs no CREATE privilege on the database.
            if (!schemaExists(c)) {
                s.execute(sql.createSchema());
            }
            int version = version(c);
            if (version > StateSql.latestVersion()) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the job state in " + tx.where()
                        + " has version " + version + ", newer than this dbmove knows (" + StateSql.latestVersion()
                        + "): a newer dbmove wrote it", "run this job with that newer dbmove");
            }
            for (int n = version + 1; n <= StateSql.latestVersion(); n++) {
                for (String ddl : sql.migration(n)) {
                    s.execute(ddl);
                }
                setVersion(c, n);
            }
        }
    }

    /** Whether the state tables exist, at any version. */
    boolean exists(Connection c) throws SQLException {
        return tableExists(c, "meta");
    }

    void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql.dropSchema());
        }
    }

    private int version(Connection c) throws SQLException {
        if (!tableExists(c, "meta")) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM " + sql.table("meta") + " WHERE meta_key = ?")) {
            ps.setString(1, VERSION_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Integer.parseInt(rs.getString(1)) : 0;
            }
        }
    }

    private void setVersion(Connection c, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.upsert("meta", "meta_key", List.of("meta_key", "meta_value"),
                List.of("meta_value = ?")))) {
            ps.setString(1, VERSION_KEY);
            ps.setString(2, Integer.toString(version));
            ps.setString(3, Integer.toString(version));
            ps.executeUpdate();
        }
    }

    private boolean schemaExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.postgres()
                ? "SELECT 1 FROM pg_namespace WHERE nspname = ?"
                : "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            ps.setString(1, sql.schema());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, sql.schema());
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
