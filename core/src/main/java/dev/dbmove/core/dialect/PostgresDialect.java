package dev.dbmove.core.dialect;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.SupportedTypes;
import dev.dbmove.core.catalog.TableInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** PostgreSQL, read through pg_catalog so that domains, arrays and enums are seen for what they are. */
public final class PostgresDialect implements Dialect {

    @Override
    public DatabaseType type() {
        return DatabaseType.POSTGRESQL;
    }

    @Override
    public String jdbcUrl(Endpoint endpoint) {
        return "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
    }

    @Override
    public Properties jdbcProperties(Endpoint endpoint, int connectTimeoutSeconds) {
        Properties p = new Properties();
        p.setProperty("user", endpoint.user());
        p.setProperty("password", endpoint.password().reveal());
        p.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        p.setProperty("ApplicationName", "dbmove");
        p.setProperty("sslmode", endpoint.tls().mode().configName());
        if (endpoint.tls().caFile() != null) {
            p.setProperty("sslrootcert", endpoint.tls().caFile().toString());
        }
        return p;
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public Optional<String> unsupportedType(ColumnInfo column) {
        return SupportedTypes.unsupported(DatabaseType.POSTGRESQL, column);
    }

    @Override
    public List<TableInfo> readTables(Connection connection, String schema) throws SQLException {
        return new PostgresCatalog(connection, schema).read();
    }
}
