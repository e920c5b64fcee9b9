package dev.dbmove.core.dialect;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.TableId;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.KeyInfo;
import dev.dbmove.core.catalog.TableInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** MySQL and MariaDB: one catalog (information_schema), two drivers. */
public final class MySqlDialect implements Dialect {

    private static final Set<String> SUPPORTED = Set.of(
            "tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "decimal", "numeric", "float", "double", "real", "bit", "bool", "boolean",
            "char", "varchar", "tinytext", "text", "mediumtext", "longtext",
            "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
            "date", "time", "datetime", "timestamp", "year",
            "enum", "set", "json", "uuid");

    private final DatabaseType type;

    public MySqlDialect(DatabaseType type) {
        if (!type.isMySqlFamily()) {
            throw new IllegalArgumentException("not a MySQL-family type: " + type);
        }
        this.type = type;
    }

    @Override
    public DatabaseType type() {
        return type;
    }

    @Override
    public String jdbcUrl(Endpoint endpoint) {
        String scheme = type == DatabaseType.MARIADB ? "jdbc:mariadb://" : "jdbc:mysql://";
        return scheme + endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
    }

    @Override
    public Properties jdbcProperties(Endpoint endpoint, int connectTimeoutSeconds) {
        Properties p = new Properties();
        p.setProperty("user", endpoint.user());
        p.setProperty("password", endpoint.password().reveal());
        p.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds * 1000));
        TlsMode tls = endpoint.tls().mode();
        if (type == DatabaseType.MARIADB) {
            // The MariaDB driver has no opportunistic TLS: "prefer" connects without it.
            p.setProperty("sslMode", switch (tls) {
                case DISABLE, PREFER -> "disable";
                case REQUIRE -> "trust";
                case VERIFY_CA -> "verify-ca";
                case VERIFY_FULL -> "verify-full";
            });
            if (endpoint.tls().caFile() != null) {
                p.setProperty("serverSslCert", endpoint.tls().caFile().toString());
            }
        } else {
            p.setProperty("sslMode", switch (tls) {
                case DISABLE -> "DISABLED";
                case PREFER -> "PREFERRED";
                case REQUIRE -> "REQUIRED";
                case VERIFY_CA -> "VERIFY_CA";
                case VERIFY_FULL -> "VERIFY_IDENTITY";
            });
            if (endpoint.tls().caFile() != null) {
                p.setProperty("trustCertificateKeyStoreUrl", PemTrustStore.create(endpoint.tls().caFile()).toUri().toString());
                p.setProperty("trustCertificateKeyStoreType", "PKCS12");
                p.setProperty("trustCertificateKeyStorePassword", PemTrustStore.PASSWORD);
            }
            // caching_sha2_password over a plain connection needs the server's RSA key.
            p.setProperty("allowPublicKeyRetrieval", "true");
        }
        return p;
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public Optional<String> unsupportedType(ColumnInfo column) {
        String t = column.dataType().toLowerCase(Locale.ROOT);
        return SUPPORTED.contains(t) ? Optional.empty()
                : Optional.of(column.columnType() + " is not supported (spatial, vector and network types are not mapped yet)");
    }

    @Override
    public List<TableInfo> readTables(Connection connection, String schema) throws SQLException {
        Map<String, Long> estimates = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long rows = rs.getLong(2);
                    estimates.put(rs.getString(1), rs.wasNull() ? -1 : rows);
                }
            }
        }
        Map<String, List<ColumnInfo>> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, EXTRA, COLUMN_DEFAULT"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString(7) == null ? "" : rs.getString(7).toUpperCase(Locale.ROOT);
                    columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ColumnInfo(
                            rs.getString(2), rs.getInt(3), rs.getString(4).toLowerCase(Locale.ROOT), rs.getString(5),
                            "YES".equals(rs.getString(6)), extra.contains("GENERATED") && !extra.contains("DEFAULT_GENERATED"),
                            false, rs.getString(8)));
                }
            }
        }
        Map<String, Map<String, KeyBuilder>> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                        + " WHERE TABLE_SCHEMA = ? AND NON_UNIQUE = 0 AND COLUMN_NAME IS NOT NULL"
                        + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), KeyBuilder::new).columns.add(rs.getString(3));
                }
            }
        }
        List<TableInfo> tables = new ArrayList<>();
        estimates.forEach((name, rows) -> tables.add(new TableInfo(new TableId(schema, name),
                columns.getOrDefault(name, List.of()),
                keys.getOrDefault(name, Map.of()).values().stream()
                        .map(k -> new KeyInfo(k.name, k.columns, "PRIMARY".equals(k.name))).toList(),
                rows)));
        return tables;
    }

    private static final class KeyBuilder {
        final String name;
        final List<String> columns = new ArrayList<>();

        KeyBuilder(String name) {
            this.name = name;
        }
    }
}
