package dev.dbmove.testkit;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.Secret;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.TlsSettings;
import dev.dbmove.core.db.Jdbc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS servers of the testkit present the test CA's certificate, and refuse a connection
 * without TLS, so that a job that runs against them proves every connection it made was encrypted.
 */
@ExtendWith(RealDatabases.class)
class TlsServersIT {
    private static final String USER = "tls_probe";
    private static final String PASSWORD = "tls-probe-Pw-1";

    @Test
    void mariadbVerifiesWithTheTestCaAndRefusesPlainConnections(TestServers servers) throws SQLException {
        EmbeddedMariaDb server = servers.mariadbWithTls();
        try (Connection c = server.connectAdmin(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
        }
        Endpoint endpoint = server.adminEndpoint("information_schema").withCredentials(USER, Secret.of(PASSWORD));
        TestCa ca = servers.testCa();

        try (Connection c = Jdbc.connect(with(endpoint, "localhost", TlsMode.VERIFY_FULL, ca.caCert()), "source");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isNotBlank();
        }
        assertThatThrownBy(() -> Jdbc.connect(with(endpoint, "127.0.0.1", TlsMode.DISABLE, null), "source").close())
                .isInstanceOf(DbmoveException.class).hasMessageContaining("accepts only TLS connections");
        // A password login would let the MariaDB driver accept any certificate ("zero-configuration TLS"): dbmove's must not.
        assertThatThrownBy(() -> Jdbc.connect(with(endpoint, "127.0.0.1", TlsMode.VERIFY_CA, ca.wrongCaCert()), "source").close())
                .isInstanceOf(DbmoveException.class)
                .hasMessageContaining("its TLS certificate could not be verified: it is not signed by the CA in source.tls.ca");
        assertThatThrownBy(() -> Jdbc.connect(with(endpoint, TestCa.UNNAMED_ADDRESS, TlsMode.VERIFY_FULL, ca.caCert()), "source").close())
                .isInstanceOf(DbmoveException.class).hasMessageContaining("does not name the host '127.0.0.2'");
        // The unnamed address reaches the same server: only the name check refuses it.
        Jdbc.connect(with(endpoint, TestCa.UNNAMED_ADDRESS, TlsMode.VERIFY_CA, ca.caCert()), "source").close();
    }

    @Test
    void postgresVerifiesWithTheTestCaAndRefusesPlainConnections(TestServers servers) throws SQLException {
        EmbeddedPostgres server = servers.postgresWithTls();
        Endpoint endpoint = server.adminEndpoint("postgres");
        TestCa ca = servers.testCa();

        try (Connection c = Jdbc.connect(with(endpoint, "localhost", TlsMode.VERIFY_FULL, ca.caCert()), "target");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
        }
        assertThatThrownBy(() -> Jdbc.connect(with(endpoint, "127.0.0.1", TlsMode.DISABLE, null), "target").close())
                .isInstanceOf(DbmoveException.class).hasMessageContaining("accepts only TLS connections");
        assertThatThrownBy(() -> Jdbc.connect(with(endpoint, "127.0.0.1", TlsMode.VERIFY_CA, ca.wrongCaCert()), "target").close())
                .isInstanceOf(DbmoveException.class)
                .hasMessageContaining("its TLS certificate could not be verified: it is not signed by the CA in target.tls.ca");
        assertThatThrownBy(() -> Jdbc.connect(with(endpoint, TestCa.UNNAMED_ADDRESS, TlsMode.VERIFY_FULL, ca.caCert()), "target").close())
                .isInstanceOf(DbmoveException.class).hasMessageContaining("does not name the host '127.0.0.2'");
        Jdbc.connect(with(endpoint, TestCa.UNNAMED_ADDRESS, TlsMode.VERIFY_CA, ca.caCert()), "target").close();
    }

    private static Endpoint with(Endpoint e, String host, TlsMode mode, Path ca) {
        return new Endpoint(e.type(), host, e.port(), e.database(), e.schema(), e.user(), e.password(),
                new TlsSettings(mode, ca));
    }
}
