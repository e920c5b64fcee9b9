package dev.dbmove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.core.Endpoint;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dbmove validate} end to end against a MariaDB source and a PostgreSQL target whose tables were written
 * directly with SQL: identical (exit 0), then differing values, a NULL turned into an empty string, a trailing space,
 * a deleted and an added row (exit 3, text and JSON naming key, column and both values), then {@code --repair}
 * (exit 0) and a last clean run; a table that cannot be compared (exit 1) and a source that does not answer (exit 4).
 */
@ExtendWith(RealDatabases.class)
class ValidateCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void identicalThenDiffersThenRepairedThenIdentical(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("val_src");
             TestDatabase target = servers.postgres().createDatabase("val_tgt")) {
            source.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(50), amount DECIMAL(12,2))",
                    "INSERT INTO t SELECT seq, CONCAT('n', seq), seq * 1.5 FROM seq_1_to_2000",
                    "INSERT INTO t VALUES (3001, NULL, NULL), (3002, '', 0)");
            target.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(50), amount NUMERIC(12,2))",
                    "INSERT INTO t SELECT g, 'n' || g, g * 1.5 FROM generate_series(1, 2000) g",
                    "INSERT INTO t VALUES (3001, NULL, NULL), (3002, '', 0)");
            Path job = jobFile(source.endpoint(), target.endpoint());

            CliRun same = CliRun.of("validate", "--config", job.toString());
            assertThat(same.exitCode()).as(same.all()).isZero();
            assertThat(same.out()).containsPattern("(?m)^  t +identical +2,002 +2,002 +2,002 +0 +0 +0 +0 ")
                    .contains("validated 1 table, 2,002 rows in ", "1 identical, 0 differs (0 mismatched, 0 only on"
                            + " source, 0 only on target, 0 pending)")
                    .doesNotContain("replication was running", "--repair", "\u001b");
            assertThat(same.err()).as("progress lines, not on stdout").contains("t: queued", "t: identical, 2,002 rows");

            target.execute("UPDATE t SET amount = 10.6 WHERE id = 42",
                    "UPDATE t SET name = 'n7 ' WHERE id = 7",
                    "UPDATE t SET name = '' WHERE id = 3001",
                    "DELETE FROM t WHERE id = 9",
                    "INSERT INTO t VALUES (5000, 'ghost', 1)");

            CliRun text = CliRun.of("validate", "--config", job.toString());
            assertThat(text.exitCode()).as(text.all()).isEqualTo(3);
            assertThat(text.out())
                    .containsPattern("(?m)^  t +differs +2,002 +2,002 +1,998 +3 +1 +1 +0 ")
                    .contains("    mismatched      id=7  name: source 'n7' | target 'n7 '\n",
                            "    mismatched      id=42  amount: source 63 | target 10.6\n",
                            "    mismatched      id=3001  name: source NULL | target ''\n",
                            "    only on source  id=9\n",
                            "    only on target  id=5000\n",
                            "1 differs (3 mismatched, 1 only on source, 1 only on target, 0 pending)",
                            "to copy the differing rows again from the source: dbmove validate --config " + job
                                    + " --repair");

            CliRun json = CliRun.of("validate", "--config", job.toString(), "--json", "--parallel", "3",
                    "--max-rows-per-second", "1000000");
            assertThat(json.exitCode()).as(json.all()).isEqualTo(3);
            JsonNode report = JSON.readTree(json.out());
            assertThat(report.get("identical").booleanValue()).isFalse();
            assertThat(report.get("online").booleanValue()).isFalse();
            assertThat(report.get("exitCode").asInt()).isEqualTo(3);
            JsonNode summary = report.get("summary");
            assertThat(summary.get("differs").asInt()).isEqualTo(1);
            assertThat(summary.get("mismatched").asLong()).isEqualTo(3);
            assertThat(summary.get("extraOnSource").asLong()).isEqualTo(1);
            assertThat(summary.get("extraOnTarget").asLong()).isEqualTo(1);
            JsonNode t = report.get("tables").get(0);
            assertThat(t.get("table").asText()).isEqualTo("t");
            assertThat(t.get("result").asText()).isEqualTo("differs");
            assertThat(t.get("sourceRows").asLong()).isEqualTo(2002);
            assertThat(t.get("targetRows").asLong()).isEqualTo(2002);
            assertThat(t.get("sourcePosition").asText()).isNotBlank();
            JsonNode amount = sample(t, "mismatched", "42").get("columns").get(0);
            assertThat(amount.get("column").asText()).isEqualTo("amount");
            assertThat(amount.get("source").asText()).isEqualTo("63");
            assertThat(amount.get("target").asText()).isEqualTo("10.6");
            JsonNode emptied = sample(t, "mismatched", "3001").get("columns").get(0);
            assertThat(emptied.get("source").isNull()).isTrue();
            assertThat(emptied.get("target").asText()).isEmpty();
            assertThat(sample(t, "extraOnSource", "9").get("columns")).isEmpty();
            assertThat(sample(t, "extraOnTarget", "5000").get("columns")).isEmpty();

            CliRun repair = CliRun.of("validate", "--config", job.toString(), "--repair");
            assertThat(repair.exitCode()).as(repair.all()).isZero();
            assertThat(repair.out()).containsPattern("(?m)^  t +identical +2,002 +2,00[0-9] +2,002 +0 +0 +0 +0 +5 ")
                    .contains("repaired 5 rows");
            assertThat(repair.err()).contains("t: repairing 5 rows");
            assertThat(target.queryString("SELECT amount FROM t WHERE id = 42")).isEqualTo("63.00");
            assertThat(target.queryString("SELECT name || '|' FROM t WHERE id = 7")).isEqualTo("n7|");
            assertThat(target.queryString("SELECT coalesce(name, 'null') FROM t WHERE id = 3001")).isEqualTo("null");
            assertThat(target.queryLong("SELECT count(*) FROM t WHERE id IN (9, 5000)")).isEqualTo(1);
            assertThat(target.queryLong("SELECT count(*) FROM t")).isEqualTo(2002);

            CliRun after = CliRun.of("validate", "--config", job.toString(), "--json");
            assertThat(after.exitCode()).as(after.all()).isZero();
            JsonNode clean = JSON.readTree(after.out());
            assertThat(clean.get("identical").booleanValue()).isTrue();
            assertThat(clean.get("summary").get("matching").asLong()).isEqualTo(2002);
        }
    }

    @Test
    void aTableThatCannotBeComparedIsExitOneAndTheOthersStillCount(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("val_err_src");
             TestDatabase target = servers.postgres().createDatabase("val_err_tgt")) {
            source.execute("CREATE TABLE u (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO u VALUES (1, 'a')");
            target.execute("CREATE TABLE u (id INTEGER PRIMARY KEY, v VARCHAR(10))", "INSERT INTO u VALUES (1, 'a')");
            Path job = jobFile(source.endpoint(), target.endpoint());

            CliRun run = CliRun.of("validate", "--config", job.toString(), "--tables", "u,nope", "--json");
            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            JsonNode report = JSON.readTree(run.out());
            assertThat(report.get("summary").get("identical").asInt()).isEqualTo(1);
            assertThat(report.get("summary").get("errors").asInt()).isEqualTo(1);
            JsonNode nope = table(report, "nope");
            assertThat(nope.get("result").asText()).isEqualTo("error");
            assertThat(nope.get("error").asText()).contains("nope");
            assertThat(table(report, "u").get("result").asText()).isEqualTo("identical");

            CliRun text = CliRun.of("validate", "--config", job.toString(), "--tables", "nope");
            assertThat(text.exitCode()).isEqualTo(1);
            assertThat(text.out()).containsPattern("(?m)^  nope +error ").contains("    error: ", "1 error");
        }
    }

    @Test
    void aSourceThatDoesNotAnswerIsExitFourWithTheFixAndNothingOnStdout(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("val_down_src");
             TestDatabase target = servers.postgres().createDatabase("val_down_tgt")) {
            Path job = jobFile(source.endpoint().withPort(1), target.endpoint());
            CliRun run = CliRun.of("validate", "--config", job.toString(), "--json");
            assertThat(run.exitCode()).as(run.all()).isEqualTo(4);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).startsWith("error: ").contains("fix:").doesNotContain("\tat ");
        }
    }

    private static JsonNode sample(JsonNode table, String kind, String id) {
        for (JsonNode s : table.get("samples")) {
            if (s.get("kind").asText().equals(kind) && s.get("key").get("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no " + kind + " sample for id " + id + " in " + table);
    }

    private static JsonNode table(JsonNode report, String name) {
        for (JsonNode t : report.get("tables")) {
            if (t.get("table").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no table " + name + " in " + report);
    }

    private Path jobFile(Endpoint source, Endpoint target) throws Exception {
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: validate-it
                source: {type: mariadb, host: 127.0.0.1, port: %d, database: %s, user: %s}
                target: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                """.formatted(source.port(), source.database(), source.user(), target.port(), target.database(),
                target.user(), target.password().reveal()));
    }
}
