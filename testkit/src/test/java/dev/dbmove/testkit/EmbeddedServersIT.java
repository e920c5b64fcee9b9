package dev.dbmove.testkit;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Secret;
import dev.dbmove.core.db.ConnectionFailure;
import dev.dbmove.core.db.Jdbc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded servers start on a machine with no database installed, configured for CDC. */
@ExtendWith(RealDatabases.class)
class EmbeddedServersIT {

    @Test
    void mariadbIsACdcReadySourceInUtcPlus9(TestServers servers) throws SQLException {
        try (TestDatabase db = servers.mariadb().createDatabase("servers");
             Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT VERSION(), @@log_bin, @@binlog_format, @@binlog_row_image,"
                     + " @@server_id, @@time_zone, DATABASE()")) {
            assertThat(rs.next()).isTrue();
            if (servers.mariadb() instanceof EmbeddedMariaDb) {
                assertThat(rs.getString(1)).startsWith("11.4").contains("MariaDB");
                assertThat(rs.getString(6)).isEqualTo("+09:00");
            }
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.getString(3)).isEqualTo("ROW");
            assertThat(rs.getString(4)).isEqualTo("FULL");
            assertThat(rs.getLong(5)).isPositive();
            assertThat(rs.getString(7)).isEqualTo(db.name());
        }
    }

    @Test
    void postgresHasLogicalWalAndLivesInUtcMinus5(TestServers servers) throws SQLException {
        try (TestDatabase db = servers.postgres().createDatabase("servers");
             Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int,"
                    + " current_setting('wal_level'), current_setting('max_replication_slots')::int,"
                    + " (SELECT setting FROM pg_file_settings WHERE name = 'timezone' AND applied)")) {
                assertThat(rs.next()).isTrue();
                if (servers.postgres() instanceof EmbeddedPostgres) {
                    assertThat(rs.getInt(1)).isBetween(170000, 179999);
                    // JDBC sessions take the JVM's zone; the server's own default (psql, apps) is UTC-5.
                    assertThat(rs.getString(4)).isEqualTo("Etc/GMT+5");
                }
                assertThat(rs.getString(2)).isEqualTo("logical");
                assertThat(rs.getInt(3)).isGreaterThanOrEqualTo(10);
            }
            // A logical slot can really be created (and dropped) with the pgoutput plugin.
            s.execute("SELECT pg_create_logical_replication_slot('testkit_probe', 'pgoutput')");
            s.execute("SELECT pg_drop_replication_slot('testkit_probe')");
        }
    }

    @Test
    void embeddedPostgresRejectsAWrongPassword(TestServers servers) {
        var wrong = servers.postgres().adminEndpoint("postgres").withCredentials("postgres", Secret.of("not-the-password"));
        assertThatThrownBy(() -> Jdbc.connect(wrong, "source").close())
                .isInstanceOfSatisfying(DbmoveException.class, e -> assertThat(e.getMessage())
                        .contains("rejected the login of user 'postgres'")
                        .doesNotContain("not-the-password"));
        assertThat(ConnectionFailure.Kind.AUTHENTICATION).isNotNull();
    }

    @Test
    void aDedicatedServerStartsWithItsOwnSettingsAndStopsForGood() throws SQLException {
        EmbeddedMariaDb noBinlog = EmbeddedMariaDb.start(MariaDbOptions.cdcSource().withBinaryLog(false));
        int port = noBinlog.port();
        try (Connection c = noBinlog.connectAdmin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@log_bin")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        } finally {
            noBinlog.close();
        }
        var endpoint = noBinlog.adminEndpoint("mysql");
        assertThatThrownBy(() -> Jdbc.connect(endpoint, "source", 2).close())
                .isInstanceOfSatisfying(DbmoveException.class, e ->
                        assertThat(e.getMessage()).contains("connection refused").contains(":" + port));
    }
}
