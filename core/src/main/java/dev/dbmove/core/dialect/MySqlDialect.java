package dev.dbmove.core.dialect;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.SupportedTypes;
import dev.dbmove.core.catalog.TableInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** MySQL and MariaDB: one catalog (information_schema), two drivers. */
public final class MySqlDialect implements Dialect {

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
            if (tls.verifiesCertificate()) {
                // Without it the driver accepts a certificate the CA did not sign (see StrictMariaDbTls).
                p.setProperty("tlsSocketType", StrictMariaDbTls.TYPE);
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
        return SupportedTypes.unsupported(type, column);
    }

    @Override
    public List<TableInfo> readTables(Connection connection, String schema) throws SQLException {
        return new MySqlCatalog(connection, schema).read();
    }
}
