package dev.dbmove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.core.Endpoint;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import dev.dbmove.testkit.WorkloadReport;
import dev.dbmove.testkit.WorkloadWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dbmove status --json} and the metrics endpoint against a real replicator process:
 * counters match what the workload wrote, lag grows while the target is locked and falls
 * to 0 when released, and a killed replicator is reported as such.
 */
@ExtendWith(RealDatabases.class)
class StatusIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void statusNumbersMatchTheWorkloadLagFollowsALockedTargetAndAKilledReplicatorIsReported(TestServers servers)
            throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("st_src");
             TestDatabase target = servers.postgres().createDatabase("st_tgt")) {
            source.execute("CREATE TABLE bulk (id INT PRIMARY KEY, payload VARCHAR(100))",
                    "INSERT INTO bulk SELECT seq, REPEAT('x', 80) FROM seq_1_to_20000");
            WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 100, 3, 5);
            writer.createTable(300);
            Path job = jobFile(source.endpoint(), target.endpoint());

            Process replicator = replicate(job);
            try {
                try {
                    awaitTrue(Duration.ofSeconds(120), () -> streaming(job, 2), "both tables to stream");
                } catch (AssertionError e) {
                    // what the replicator printed (and its threads, asked with SIGQUIT), for a copy that never ends
                    new ProcessBuilder("kill", "-QUIT", Long.toString(replicator.pid())).start().waitFor();
                    Thread.sleep(1000);
                    throw new AssertionError(e.getMessage() + "; status: " + status(job) + "; replicator output:\n"
                            + Files.readString(dir.resolve("replicate.log")), e);
                }
                JsonNode copied = status(job);
                assertThat(table(copied, "bulk").get("rowsCopied").asLong()).isEqualTo(20_000);
                assertThat(table(copied, "items").get("rowsCopied").asLong()).isEqualTo(300);
                assertThat(copied.get("replicator").get("running").asBoolean()).isTrue();

                // A steady writer; after it stops, lag is 0 within seconds and the counts are what it wrote.
                writer.start();
                Thread.sleep(4000);
                WorkloadReport report = writer.stop();
                awaitLagZero(job, "after the writer stopped");
                awaitTrue(Duration.ofSeconds(30), () -> writer.differences(target.endpoint()).isEmpty(), "convergence");
                JsonNode after = status(job);
                JsonNode items = table(after, "items");
                assertThat(items.get("inserts").asLong()).isEqualTo(report.inserts());
                assertThat(items.get("updates").asLong()).isEqualTo(report.updates() + report.keyUpdates());
                assertThat(items.get("deletes").asLong()).isEqualTo(report.deletes());
                assertThat(after.get("lagSeconds").isNumber()).isTrue();
                assertThat(after.get("lagSeconds").asDouble()).isZero();

                // The metrics endpoint says the same.
                String metrics = metrics(dir.resolve("replicate.log"));
                assertThat(metric(metrics, "dbmove_events_applied_total\\{op=\"insert\",table=\"items\"\\}"))
                        .isEqualTo(report.inserts());
                assertThat(metric(metrics, "dbmove_events_applied_total\\{op=\"delete\",table=\"items\"\\}"))
                        .isEqualTo(report.deletes());
                assertThat(metrics).contains("dbmove_lag_seconds", "dbmove_apply_batch_seconds_bucket",
                        "dbmove_rows_copied{table=\"bulk\"} 20000", "dbmove_errors_total",
                        "dbmove_snapshot_progress_ratio", "dbmove_position_lag_transactions");

                // The target locked: lag in seconds grows with wall time, position lag with the writes.
                try (Connection lock = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + target.endpoint().port()
                        + "/" + target.endpoint().database(), target.endpoint().user(),
                        target.endpoint().password().reveal()); Statement s = lock.createStatement()) {
                    lock.setAutoCommit(false);
                    s.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
                    writer.run(20);
                    awaitTrue(Duration.ofSeconds(20), () -> status(job).get("lagSeconds").asDouble() > 1,
                            "lag to grow while the target is locked");
                    JsonNode first = status(job);
                    Thread.sleep(2500);
                    writer.run(20);
                    awaitTrue(Duration.ofSeconds(10), () -> status(job).get("positionLag").asLong()
                            > first.get("positionLag").asLong(), "position lag to grow with the writes");
                    JsonNode second = status(job);
                    assertThat(second.get("lagSeconds").asDouble())
                            .isGreaterThan(first.get("lagSeconds").asDouble() + 2);
                    assertThat(table(second, "items").get("lagSeconds").asDouble()).isGreaterThan(2);
                    assertThat(table(second, "bulk").get("lagSeconds").asDouble()).isZero();
                    lock.rollback();
                }
                awaitLagZero(job, "after the lock is released");
                awaitTrue(Duration.ofSeconds(30), () -> writer.differences(target.endpoint()).isEmpty(), "convergence");
            } finally {
                replicator.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }

            // Killed: status says the replicator is not running and since when.
            awaitTrue(Duration.ofSeconds(30), () -> !status(job).get("replicator").get("running").asBoolean(),
                    "the killed replicator to be noticed");
            JsonNode dead = status(job);
            assertThat(dead.get("replicator").get("note").asText()).contains("not running", "did not stop cleanly");
            CliRun text = CliRun.of("status", "--config", job.toString());
            assertThat(text.exitCode()).isZero();
            assertThat(text.out()).contains("not running", "items", "bulk").doesNotContain("\u001b");

            // --watch when the output is not a terminal: the plain text again every second until stopped.
            java.io.StringWriter watched = new java.io.StringWriter();
            int[] exit = {-1};
            Thread watch = new Thread(() -> exit[0] = Dbmove.run(new String[]{"status", "--config", job.toString(),
                    "--watch"}, new java.io.PrintWriter(watched, true), new java.io.PrintWriter(System.err, true),
                    name -> null));
            watch.start();
            awaitTrue(Duration.ofSeconds(20), () -> Pattern.compile("(?m)^phase\\s").matcher(watched.toString()).results().count() >= 3,
                    "three plain readings from --watch");
            watch.interrupt();
            watch.join(10_000);
            assertThat(watch.isAlive()).isFalse();
            assertThat(exit[0]).isZero();
            assertThat(watched.toString()).contains("not running", "items").doesNotContain("\u001b");
        }
    }

    /**
     * Tables being copied but no dbmove process ever marked started (a run that died before, or a
     * job that Kafka Connect runs): status says so instead of failing.
     */
    @Test
    void aJobNoReplicatorEverRanIsShownWithItsTablesCopying(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("st_never_src");
             TestDatabase target = servers.postgres().createDatabase("st_never_tgt")) {
            source.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            Path job = jobFile(source.endpoint(), target.endpoint());
            try (var pool = dev.dbmove.core.db.DataSources.pool(target.endpoint(), "status-it", 1)) {
                var state = new dev.dbmove.core.state.StateStore(target.endpoint(),
                        new dev.dbmove.core.JobNames("status-it"), pool);
                state.create();
                state.markCopying(java.util.Map.of("t", 10L));
            }
            CliRun text = CliRun.of("status", "--config", job.toString());
            assertThat(text.exitCode()).as(text.all()).isZero();
            assertThat(text.out()).contains("never ran");
            CliRun json = CliRun.of("status", "--config", job.toString(), "--json");
            assertThat(json.exitCode()).as(json.all()).isZero();
            JsonNode t = JSON.readTree(json.out()).get("tables").get(0);
            assertThat(t.get("phase").asText()).isEqualTo("snapshot");
            assertThat(t.has("lagSeconds") && !t.get("lagSeconds").isNull()).as(t.toString()).isFalse();
        }
    }

    private Path jobFile(Endpoint source, Endpoint target) throws Exception {
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: status-it
                source: {type: mariadb, host: 127.0.0.1, port: %d, database: %s, user: %s}
                target: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                """.formatted(source.port(), source.database(), source.user(), target.port(), target.database(),
                target.user(), target.password().reveal()));
    }

    private Process replicate(Path job) throws Exception {
        return ChildDbmove.replicate(job, dir.resolve("replicate.log"), "--metrics-port", "0");
    }

    private static JsonNode status(Path job) {
        CliRun run = CliRun.of("status", "--config", job.toString(), "--json");
        if (run.exitCode() != 0) {
            throw new IllegalStateException("dbmove status failed: " + run.all());
        }
        try {
            return JSON.readTree(run.out());
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + run.out(), e);
        }
    }

    private static JsonNode table(JsonNode status, String name) {
        for (JsonNode t : status.get("tables")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no table " + name + " in " + status);
    }

    private static boolean streaming(Path job, int tables) {
        try {
            JsonNode s = status(job);
            int n = 0;
            for (JsonNode t : s.get("tables")) {
                n += "streaming".equals(t.get("phase").asText()) ? 1 : 0;
            }
            return n == tables;
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    private static boolean lagIsZero(Path job) {
        JsonNode s = status(job);
        return s.get("lagSeconds").isNumber() && s.get("lagSeconds").asDouble() == 0
                && s.get("positionLag").isNumber() && s.get("positionLag").asLong() == 0;
    }

    private static void awaitLagZero(Path job, String when) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (lagIsZero(job)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("lag did not return to 0 " + when + ": " + status(job));
    }

    private static String metrics(Path log) throws Exception {
        Matcher m = Pattern.compile("metrics on (http://\\S+/metrics)").matcher(Files.readString(log));
        assertThat(m.find()).as("the replicator prints its metrics address").isTrue();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static long metric(String body, String nameAndLabels) {
        Matcher m = Pattern.compile("(?m)^" + nameAndLabels + " ([0-9.Ee+]+)$").matcher(body);
        assertThat(m.find()).as(nameAndLabels + " in\n" + body).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
