package dev.dbmove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.core.JobNames;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job (check, replicate, status, validate, cutover) run by users holding exactly the
 * grants docs/privileges.md lists, nothing else: MariaDB -> PostgreSQL and PostgreSQL -> PostgreSQL.
 * The MariaDB -> PostgreSQL run also shows that the passwords (distinctive ones, given through
 * {@code ${env:...}} and {@code ${file:...}}) appear in nothing dbmove prints or writes: command
 * output, --json, the replicator's log, the cutover journal (file and state table), the
 * environment and command lines of the commands the cutover starts, a wrong password's message;
 * and that a cutover command gets a password in its environment only when its {@code env:} asks.
 */
@ExtendWith(RealDatabases.class)
class LeastPrivilegesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE_PASSWORD = "Src-Pw-Zq81-least";
    private static final String TARGET_PASSWORD = "Tgt-Pw-Xk42-least";
    private static final String WRONG_PASSWORD = "Wrong-Pw-Vy63-least";

    @TempDir
    Path dir;

    @Test
    void mariadbToPostgresRunsWithTheDocumentedGrantsAndShowsNoPassword(TestServers servers) throws Exception {
        String srcUser = "lp_src_" + Long.toString(System.nanoTime() % 100000);
        String tgtUser = "lp_tgt_" + Long.toString(System.nanoTime() % 100000);
        try (TestDatabase source = servers.mariadb().createDatabase("lp_src");
             TestDatabase target = servers.postgres().createDatabase("lp_tgt")) {
            source.execute("CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40) NOT NULL)",
                    "INSERT INTO orders (note) SELECT CONCAT('order ', seq) FROM seq_1_to_300",
                    // docs/privileges.md, MariaDB source: replicate, validate, status
                    "CREATE USER '" + srcUser + "'@'%' IDENTIFIED BY '" + SOURCE_PASSWORD + "'",
                    "GRANT SELECT ON `" + source.name() + "`.* TO '" + srcUser + "'@'%'",
                    "GRANT RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '" + srcUser + "'@'%'",
                    // ... and the cutover's freeze
                    "GRANT READ_ONLY ADMIN, PROCESS, CONNECTION ADMIN ON *.* TO '" + srcUser + "'@'%'",
                    // an application's session, which the freeze must end
                    "CREATE USER '" + srcUser + "_app'@'%' IDENTIFIED BY 'app'",
                    "GRANT SELECT, INSERT ON `" + source.name() + "`.* TO '" + srcUser + "_app'@'%'");
            targetUser(target, tgtUser);
            Files.writeString(dir.resolve("target.pw"), TARGET_PASSWORD + "\n");
            Path record = recordingScript();
            Path job = Files.writeString(dir.resolve("dbmove.yaml"), """
                    job: lp-maria
                    source: {type: mariadb, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "${env:SRC_PW}"}
                    target: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "${file:target.pw}"}
                    cutover:
                      maxLagSeconds: 30
                      verify: all
                      drainTimeout: 60s
                      stop:
                        - run: /bin/sh %s stop
                      start:
                        - run: /bin/sh %s start
                          env: {DB_PASSWORD: "${source.password}", DB_HOST: "${target.host}"}
                    """.formatted(source.endpoint().port(), source.name(), srcUser, target.endpoint().port(),
                    target.name(), tgtUser, record, record));
            Map<String, String> env = Map.of("SRC_PW", SOURCE_PASSWORD);
            List<CliRun> runs = new ArrayList<>();
            try {
                CliRun check = CliRun.of(env, "check", "--config", job.toString());
                runs.add(check);
                assertThat(check.exitCode()).as(check.all()).isZero();
                runs.add(CliRun.of(env, "check", "--json", "--config", job.toString()));

                Process replicator = startReplicator(job, env);
                try {
                    awaitStreaming(job, env, replicator);
                    source.execute("INSERT INTO orders (note) VALUES ('streamed')", "UPDATE orders SET note = 'changed' WHERE id = 3");
                    awaitRows(target, "SELECT COUNT(*) FROM orders WHERE note IN ('streamed', 'changed')", 2);
                    runs.add(CliRun.of(env, "status", "--config", job.toString()));
                    runs.add(CliRun.of(env, "status", "--json", "--config", job.toString()));
                    CliRun validate = CliRun.of(env, "validate", "--json", "--config", job.toString());
                    runs.add(validate);
                    assertThat(validate.exitCode()).as(validate.all()).isZero();
                    runs.add(CliRun.of(env, "validate", "--config", job.toString()));

                    Connection app = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + source.endpoint().port() + "/"
                            + source.name() + "?sslMode=disable", srcUser + "_app", "app");
                    // The cutover as its own process, with the password in its environment as an operator would run it.
                    CliRun cutover = runChild(job, env, "cutover", "--config", job.toString(), "--yes", "--json");
                    runs.add(cutover);
                    assertThat(cutover.exitCode()).as(cutover.all() + log()).isZero();
                    assertThat(JSON.readTree(cutover.out()).get("outcome").asText()).isEqualTo("completed");
                    assertThat(app.isValid(5)).as("the application's session ended by the freeze").isFalse();
                    app.close();
                    assertThat(replicator.waitFor(30, TimeUnit.SECONDS)).isTrue();
                } finally {
                    ChildDbmove.stop(replicator);
                }
                assertThat(target.queryLong("SELECT COUNT(*) FROM orders")).isEqualTo(301);
                runs.add(CliRun.of(env, "status", "--json", "--config", job.toString()));

                // A wrong password: the message names the user, not the password.
                Map<String, String> wrong = Map.of("SRC_PW", WRONG_PASSWORD);
                CliRun refused = CliRun.of(wrong, "check", "--config", job.toString());
                assertThat(refused.exitCode()).isEqualTo(4);
                assertThat(refused.out()).contains("rejected the login of user '" + srcUser + "'");
                runs.add(refused);
                runs.add(CliRun.of(wrong, "check", "--json", "--config", job.toString()));
                runs.add(CliRun.of(wrong, "status", "--config", job.toString()));
                runs.add(CliRun.of(wrong, "validate", "--json", "--config", job.toString()));
            } finally {
                try (var c = source.server().connectAdmin(); var s = c.createStatement()) {
                    s.execute("SET GLOBAL read_only = OFF");
                    s.execute("DROP USER IF EXISTS '" + srcUser + "'@'%'");
                    s.execute("DROP USER IF EXISTS '" + srcUser + "_app'@'%'");
                }
            }

            // The commands the cutover started: a password only where env: asked for one.
            String stopEnv = Files.readString(dir.resolve("stop.env"));
            String startEnv = Files.readString(dir.resolve("start.env"));
            assertThat(stopEnv).as("the stop command's environment").contains("PATH=").doesNotContain(SOURCE_PASSWORD)
                    .doesNotContain(TARGET_PASSWORD).doesNotContain("SRC_PW=");
            assertThat(startEnv).as("the start command's environment").contains("DB_PASSWORD=" + SOURCE_PASSWORD)
                    .contains("DB_HOST=127.0.0.1").doesNotContain("SRC_PW=").doesNotContain(TARGET_PASSWORD);
            for (String which : List.of("stop", "start")) {
                assertThat(Files.readString(dir.resolve(which + ".cmdline"))).as(which + " command lines")
                        .contains("record.sh " + which).doesNotContain(SOURCE_PASSWORD).doesNotContain(TARGET_PASSWORD);
            }

            // Nothing printed, logged or journaled holds a password.
            for (CliRun run : runs) {
                assertNoPassword("output of a command", run.all());
            }
            List<Path> written;
            try (Stream<Path> files = Files.walk(dir)) {
                written = files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("target.pw"))
                        .filter(f -> !f.getFileName().toString().equals("start.env")).toList();
            }
            assertThat(written).anySatisfy(f -> assertThat(f.toString()).endsWith("journal.jsonl"))
                    .anySatisfy(f -> assertThat(f.toString()).endsWith("replicate.log"));
            for (Path file : written) {
                assertNoPassword(file.toString(), Files.readString(file));
            }
            String journal = target.queryString("SELECT string_agg(t::text, E'\\n') FROM "
                    + new JobNames("lp-maria").stateSchema() + ".cutover_journal t");
            assertThat(journal).contains("freeze the source");
            assertNoPassword("the cutover_journal table", journal);
            try (var c = target.connect(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                         + new JobNames("lp-maria").stateSchema() + "'")) {
                while (rs.next()) {
                    String dump = target.queryString("SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM "
                            + new JobNames("lp-maria").stateSchema() + "." + rs.getString(1) + " t");
                    assertNoPassword("state table " + rs.getString(1), dump);
                }
            }
        } finally {
            dropRole(servers, tgtUser);
        }
    }

    @Test
    void postgresToPostgresRunsWithTheDocumentedGrants(TestServers servers) throws Exception {
        String srcUser = "lp_pgsrc_" + Long.toString(System.nanoTime() % 100000);
        String tgtUser = "lp_pgtgt_" + Long.toString(System.nanoTime() % 100000);
        JobNames names = new JobNames("lp-pg");
        try (TestDatabase source = servers.postgres().createDatabase("lp_pgsrc");
             TestDatabase target = servers.postgres().createDatabase("lp_pgtgt")) {
            try {
                source.execute("CREATE TABLE tickets (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, title TEXT NOT NULL)",
                        "INSERT INTO tickets (title) SELECT 'ticket ' || g FROM generate_series(1, 300) g",
                        // docs/privileges.md, PostgreSQL source: replicate, validate, status
                        "CREATE ROLE " + srcUser + " LOGIN REPLICATION PASSWORD '" + SOURCE_PASSWORD + "'",
                        "GRANT CONNECT ON DATABASE " + source.name() + " TO " + srcUser,
                        "GRANT USAGE ON SCHEMA public TO " + srcUser,
                        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + srcUser,
                        "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO " + srcUser,
                        // the tables' owner makes the publication
                        "CREATE PUBLICATION " + names.publication() + " FOR TABLE tickets",
                        // ... and the cutover's freeze
                        "ALTER DATABASE " + source.name() + " OWNER TO " + srcUser,
                        "GRANT pg_signal_backend TO " + srcUser,
                        // an application's session, which the freeze must end
                        "CREATE ROLE " + srcUser + "_app LOGIN PASSWORD 'app'",
                        "GRANT CONNECT ON DATABASE " + source.name() + " TO " + srcUser + "_app");
                targetUser(target, tgtUser);
                Path job = Files.writeString(dir.resolve("dbmove.yaml"), """
                        job: lp-pg
                        source: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                        target: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                        cutover: {maxLagSeconds: 30, verify: all, drainTimeout: 60s}
                        """.formatted(source.endpoint().port(), source.name(), srcUser, SOURCE_PASSWORD,
                        target.endpoint().port(), target.name(), tgtUser, TARGET_PASSWORD));
                CliRun check = CliRun.of("check", "--config", job.toString());
                assertThat(check.exitCode()).as(check.all()).isZero();
                Process replicator = startReplicator(job, Map.of());
                try {
                    awaitStreaming(job, Map.of(), replicator);
                    source.execute("INSERT INTO tickets (title) VALUES ('streamed')");
                    awaitRows(target, "SELECT COUNT(*) FROM tickets", 301);
                    CliRun validate = CliRun.of("validate", "--config", job.toString());
                    assertThat(validate.exitCode()).as(validate.all()).isZero();
                    Connection app = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + source.endpoint().port()
                            + "/" + source.name(), srcUser + "_app", "app");
                    CliRun cutover = CliRun.of("cutover", "--config", job.toString(), "--yes", "--json");
                    assertThat(cutover.exitCode()).as(cutover.all() + log()).isZero();
                    assertThat(app.isValid(5)).as("the application's session ended by the freeze").isFalse();
                    app.close();
                    assertThat(replicator.waitFor(30, TimeUnit.SECONDS)).isTrue();
                } finally {
                    ChildDbmove.stop(replicator);
                }
                target.execute("INSERT INTO tickets (title) VALUES ('first on the target')");
                assertThat(target.queryLong("SELECT MAX(id) FROM tickets")).isEqualTo(302);
            } finally {
                source.execute("SET SESSION default_transaction_read_only = off",
                        "ALTER DATABASE " + source.name() + " RESET default_transaction_read_only",
                        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = current_database()",
                        "ALTER DATABASE " + source.name() + " OWNER TO postgres");
            }
        } finally {
            dropRole(servers, srcUser);
            dropRole(servers, srcUser + "_app");
            dropRole(servers, tgtUser);
        }
    }

    /** docs/privileges.md, PostgreSQL target. */
    private static void targetUser(TestDatabase target, String user) {
        target.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + TARGET_PASSWORD + "'",
                "GRANT CONNECT, CREATE ON DATABASE " + target.name() + " TO " + user,
                "GRANT USAGE, CREATE ON SCHEMA public TO " + user);
    }

    private static void dropRole(TestServers servers, String role) throws Exception {
        try (var c = servers.postgres().connectAdmin(); var s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    /** A command for the cutover that records its environment and the command lines of itself and its parent. */
    private Path recordingScript() throws Exception {
        return Files.writeString(dir.resolve("record.sh"), """
                env > "%1$s/$1.env"
                tr '\\0' ' ' < /proc/$$/cmdline > "%1$s/$1.cmdline"
                echo >> "%1$s/$1.cmdline"
                tr '\\0' ' ' < /proc/$PPID/cmdline >> "%1$s/$1.cmdline"
                """.formatted(dir));
    }

    private Process startReplicator(Path job, Map<String, String> env) throws Exception {
        return ChildDbmove.replicate(job, dir.resolve("replicate.log"), env);
    }

    private CliRun runChild(Path job, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = ChildDbmove.command(args);
        pb.environment().putAll(env);
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("replicate.log"));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitRows(TestDatabase target, String sql, long rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (target.queryLong(sql) < rows) {
            assertThat(System.nanoTime()).as(log()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private void awaitStreaming(Path job, Map<String, String> env, Process replicator) throws Exception {
        ChildDbmove.awaitStreaming(job, env, replicator, 1, this::log);
    }

    private static void assertNoPassword(String where, String text) {
        assertThat(text).as(where).doesNotContain(SOURCE_PASSWORD).doesNotContain(TARGET_PASSWORD)
                .doesNotContain(WRONG_PASSWORD);
    }
}
