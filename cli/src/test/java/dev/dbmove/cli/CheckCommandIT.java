package dev.dbmove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.core.Endpoint;
import dev.dbmove.testkit.RealDatabases;
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

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbmove check} end to end: job file on disk, real servers, exit codes and output. */
@ExtendWith(RealDatabases.class)
class CheckCommandIT {
    static TestDatabase source;
    static TestDatabase target;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp(TestServers servers) {
        source = servers.mariadb().createDatabase("cli_check_src");
        source.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO items VALUES (1, 'a')");
        target = servers.postgres().createDatabase("cli_check_tgt");
    }

    @AfterAll
    static void tearDown() {
        source.close();
        target.close();
    }

    private Path jobFile(String targetPassword) throws Exception {
        Endpoint s = source.endpoint();
        Endpoint t = target.endpoint();
        Files.writeString(dir.resolve("target.pw"), targetPassword + "\n");
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: cli-check
                source:
                  type: mariadb
                  host: 127.0.0.1
                  port: %d
                  database: %s
                  user: %s
                  password: ${env:SOURCE_PW:-}
                target:
                  type: postgresql
                  host: 127.0.0.1
                  port: %d
                  database: %s
                  user: %s
                  password: ${file:target.pw}
                """.formatted(s.port(), s.database(), s.user(), t.port(), t.database(), t.user()));
    }

    @Test
    void passesAgainstHealthyServers() throws Exception {
        CliRun run = CliRun.of("check", "--config", jobFile(target.endpoint().password().reveal()).toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("source PASS  binlog format", "0 failed", "ready to replicate");
    }

    @Test
    void jsonIsOneObjectWithEveryCheck() throws Exception {
        CliRun run = CliRun.of("check", "--json", "--config", jobFile(target.endpoint().password().reveal()).toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("job").asText()).isEqualTo("cli-check");
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("failed").asInt()).isZero();
        assertThat(json.get("source").get("port").isInt()).isTrue();
        assertThat(json.get("checks")).hasSizeGreaterThan(10);
        assertThat(json.get("checks").get(0).get("status").asText()).isEqualTo("PASS");
    }

    @Test
    void aWrongPasswordIsTheAuthMessageAndExitFourNotAStackTrace() throws Exception {
        String wrong = "Not-The-Pw-4711";
        CliRun run = CliRun.of(Map.of(), "check", "--config", jobFile(wrong).toString());
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).contains("target FAIL  connect", "rejected the login of user 'postgres'", "fix:");
        assertThat(run.all()).doesNotContain(wrong).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aSourceThatRefusesConnectionsIsAFailedCheckWithTheFix() throws Exception {
        Path job = jobFile(target.endpoint().password().reveal());
        Files.writeString(job, Files.readString(job).replace("port: " + source.endpoint().port(), "port: 1"));
        CliRun run = CliRun.of("check", "--config", job.toString());
        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).contains("source FAIL  connect", "connection refused", "fix: start the mariadb server");
    }
}
