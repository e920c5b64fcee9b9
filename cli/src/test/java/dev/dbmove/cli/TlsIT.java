package dev.dbmove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestCa;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MariaDB -> PostgreSQL job over TLS with {@code verify-full} and the test CA on both sides,
 * against servers that refuse every connection without TLS: check, replicate (full load and
 * streamed changes, Debezium's binlog connection included) and validate all pass, so every
 * connection dbmove made was encrypted and verified. A wrong CA or a host name the certificate
 * does not hold is refused by check and replicate (exit 4) with the side, the cause and the fix.
 */
@ExtendWith(RealDatabases.class)
class TlsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "tls_job";
    // A password login is what the MariaDB driver's zero-configuration TLS needs to skip the CA check.
    private static final String PASSWORD = "Tls-Job-Pw-77";

    static TestDatabase source;
    static TestDatabase target;
    static TestCa ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp(TestServers servers) {
        ca = servers.testCa();
        source = servers.mariadbWithTls().createDatabase("tls_src");
        target = servers.postgresWithTls().createDatabase("tls_tgt");
        source.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT ALL ON *.* TO '" + USER + "'@'%'",
                "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
                "INSERT INTO items SELECT seq, CONCAT('item ', seq) FROM seq_1_to_500");
    }

    @AfterAll
    static void tearDown() {
        source.execute("DROP USER IF EXISTS '" + USER + "'@'%'");
        source.close();
        target.close();
    }

    private Path job(String sourceHost, Path sourceCa, String targetHost, Path targetCa) throws Exception {
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: tls-move
                source:
                  type: mariadb
                  host: %s
                  port: %d
                  database: %s
                  user: %s
                  password: "%s"
                  tls: {mode: verify-full, ca: %s}
                target:
                  type: postgresql
                  host: %s
                  port: %d
                  database: %s
                  user: %s
                  password: "%s"
                  tls: {mode: verify-full, ca: %s}
                """.formatted(sourceHost, source.endpoint().port(), source.name(), USER, PASSWORD, sourceCa,
                targetHost, target.endpoint().port(), target.name(), target.endpoint().user(),
                target.endpoint().password().reveal(), targetCa));
    }

    @Test
    void checkReplicateAndValidateRunOverVerifiedTlsOnBothSides() throws Exception {
        Path job = job("localhost", ca.caCert(), "localhost", ca.caCert());
        CliRun check = CliRun.of("check", "--config", job.toString());
        assertThat(check.exitCode()).as(check.all()).isZero();

        Path log = dir.resolve("replicate.log");
        Process replicator = ChildDbmove.replicate(job, log);
        try {
            ChildDbmove.awaitStreaming(job, Map.of(), replicator, 1, () -> read(log));
            source.execute("INSERT INTO items VALUES (501, 'streamed')", "UPDATE items SET name = 'changed' WHERE id = 7",
                    "DELETE FROM items WHERE id = 8");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (target.queryLong("SELECT COUNT(*) FROM items WHERE id = 501 OR name = 'changed'") < 2
                    || target.queryLong("SELECT COUNT(*) FROM items WHERE id = 8") > 0) {
                assertThat(System.nanoTime()).as(Files.readString(log)).isLessThan(deadline);
                Thread.sleep(200);
            }

            // Both servers refuse plain connections (TlsServersIT), so what dbmove holds open is encrypted:
            // its PostgreSQL sessions show it, and on MariaDB Debezium's binlog connection is among them.
            assertThat(target.queryLong("SELECT COUNT(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)"
                    + " WHERE a.application_name = 'dbmove' AND a.datname = current_database() AND s.ssl")).isPositive();
            assertThat(target.queryLong("SELECT COUNT(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)"
                    + " WHERE a.datname = current_database() AND a.backend_type = 'client backend' AND NOT s.ssl")).isZero();
            assertThat(source.queryLong("SELECT @@require_secure_transport")).isEqualTo(1);
            assertThat(source.queryLong("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + USER
                    + "' AND COMMAND LIKE 'Binlog Dump%'")).isPositive();

            CliRun validate = CliRun.of("validate", "--config", job.toString(), "--json");
            assertThat(validate.exitCode()).as(validate.all()).isZero();
            JsonNode result = JSON.readTree(validate.out());
            assertThat(result.get("summary").get("sourceRows").asLong()).isEqualTo(500);
            assertThat(result.get("identical").asBoolean()).isTrue();
        } finally {
            ChildDbmove.stop(replicator);
        }
        assertThat(Files.readString(log)).doesNotContain(PASSWORD);
    }

    @Test
    void aCertificateTheCaDidNotSignIsRefusedWithTheFix() throws Exception {
        Path job = job("localhost", ca.wrongCaCert(), "localhost", ca.caCert());
        CliRun check = CliRun.of("check", "--config", job.toString());
        assertThat(check.exitCode()).as(check.all()).isEqualTo(4);
        assertThat(check.out()).contains("source FAIL  connect",
                "its TLS certificate could not be verified: it is not signed by the CA in source.tls.ca (" + ca.wrongCaCert() + ")",
                "fix: set source.tls.ca to the PEM file of the CA that signed the server's certificate");
        assertThat(check.all()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain(PASSWORD);

        CliRun replicate = CliRun.of("replicate", "--config", job.toString());
        assertThat(replicate.exitCode()).as(replicate.all()).isEqualTo(4);
        assertThat(replicate.all()).contains("it is not signed by the CA in source.tls.ca", "set source.tls.ca to")
                .doesNotContain("\tat ").doesNotContain(PASSWORD);
    }

    @Test
    void aHostNameTheCertificateDoesNotHoldIsRefusedWithTheFix() throws Exception {
        Path job = job("localhost", ca.caCert(), TestCa.UNNAMED_ADDRESS, ca.caCert());
        CliRun check = CliRun.of("check", "--config", job.toString());
        assertThat(check.exitCode()).as(check.all()).isEqualTo(4);
        assertThat(check.out()).contains("target FAIL  connect",
                "its TLS certificate does not name the host '" + TestCa.UNNAMED_ADDRESS + "'",
                "fix: set target.host to a name the server's certificate holds", "set target.tls.mode to verify-ca");
        assertThat(check.all()).doesNotContain("\tat ").doesNotContain("Exception");

        CliRun replicate = CliRun.of("replicate", "--config", job.toString());
        assertThat(replicate.exitCode()).as(replicate.all()).isEqualTo(4);
        assertThat(replicate.all()).contains("does not name the host '" + TestCa.UNNAMED_ADDRESS + "'")
                .doesNotContain("\tat ");
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
