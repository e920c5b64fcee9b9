package dev.dbmove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.core.Endpoint;
import dev.dbmove.testkit.FreePort;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import dev.dbmove.testkit.shop.ShopDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A move of the demo shop application, for the cutover tests: the shop's tables on the embedded
 * MariaDB (source), an empty database on the embedded PostgreSQL (target), the shop application
 * writing orders to the source as its own user (so that the freeze binds it), a replicator
 * process, and a job file whose cutover section stops, rewrites, starts and health-checks the
 * application with real commands.
 */
final class ShopMove implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String APP_PASSWORD = "shop-Secret-1";

    final TestDatabase source;
    final TestDatabase target;
    final ShopDir app;
    final Path dir;
    final Path job;
    final int httpPort;
    final String appUser;
    final byte[] originalConfig;
    private Process replicator;

    /**
     * @param cutover the job file's cutover section, indented as under {@code cutover:}; {@code @APP@} stands for the
     *                application's directory, {@code @PORT@} for its HTTP port, {@code @TARGET_PASSWORD@} for the target's password
     */
    ShopMove(TestServers servers, Path dir, String name, String cutover) throws Exception {
        this(servers, dir, name, cutover, "");
    }

    /** @param replication the job file's replication section (or other top-level keys), or "" */
    ShopMove(TestServers servers, Path dir, String name, String cutover, String replication) throws Exception {
        this.dir = dir;
        this.source = servers.mariadb().createDatabase(name + "_src");
        this.target = servers.postgres().createDatabase(name + "_tgt");
        this.appUser = ("app_" + name).substring(0, Math.min(30, 4 + name.length()));
        source.execute("CREATE TABLE customers (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL)",
                "INSERT INTO customers (name) SELECT CONCAT('customer ', seq) FROM seq_1_to_20",
                "CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id BIGINT NOT NULL,"
                        + " total DECIMAL(12,2) NOT NULL, note TEXT, placed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))",
                "INSERT INTO orders (customer_id, total, note) SELECT 1 + seq % 20, seq * 1.25, 'old order' FROM seq_1_to_500",
                // Orders the source handed out and deleted: their keys must not come back on the target.
                "INSERT INTO orders (customer_id, total, note) SELECT 1, 1, 'deleted' FROM seq_1_to_5",
                "DELETE FROM orders WHERE note = 'deleted'",
                "CREATE OR REPLACE USER '" + appUser + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
                "GRANT SELECT, INSERT ON `" + source.name() + "`.* TO '" + appUser + "'@'%'");
        this.httpPort = FreePort.find();
        this.app = new ShopDir(dir.resolve("app"));
        app.writeConfig("jdbc:mariadb://127.0.0.1:" + source.endpoint().port() + "/" + source.name(), appUser,
                APP_PASSWORD, 25, httpPort);
        app.writeControlScript();
        this.originalConfig = Files.readAllBytes(app.config());
        this.job = jobFile(cutover.replace("@APP@", app.dir().toString()).replace("@PORT@", Integer.toString(httpPort))
                .replace("@TARGET_PASSWORD@", target.endpoint().password().reveal()), replication);
    }

    /** Starts the application on the source and the replicator, and waits until both tables stream and orders flow. */
    ShopMove started() throws Exception {
        app.control("start");
        await(Duration.ofSeconds(30), () -> app.ackedIds().size() >= 10, "the application to write orders");
        replicator = replicate();
        await(Duration.ofSeconds(120), () -> streaming(2), "both tables to stream");
        return this;
    }

    /**
     * Starts the application on the source and {@code dbmove replicate} for a job a Kafka Connect
     * cluster runs (it sets the connectors up and returns), and waits until both tables stream with
     * a known lag.
     */
    ShopMove startedOnKafkaConnect() throws Exception {
        app.control("start");
        await(Duration.ofSeconds(30), () -> app.ackedIds().size() >= 10, "the application to write orders");
        CliRun replicate = CliRun.of("replicate", "--config", job.toString());
        if (replicate.exitCode() != 0) {
            throw new AssertionError("dbmove replicate failed: " + replicate.all());
        }
        // The lag, too, is known: on Kafka Connect status reads it from the sink's partitions.
        await(Duration.ofSeconds(180), () -> streaming(2), "both tables to stream");
        return this;
    }

    /** A clean validation, as the cutover requires. */
    void validated() {
        CliRun validate = CliRun.of("validate", "--config", job.toString());
        if (validate.exitCode() != 0) {
            throw new AssertionError("validate did not pass: " + validate.all());
        }
    }

    Process replicator() {
        return replicator;
    }

    private Path jobFile(String cutover, String replication) throws IOException {
        String jobName = "co-" + appUser.substring(4).replace('_', '-');
        Endpoint s = source.endpoint();
        Endpoint t = target.endpoint();
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: %s
                source: {type: mariadb, host: 127.0.0.1, port: %d, database: %s, user: %s}
                target: {type: postgresql, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                %scutover:
                %s""".formatted(jobName, s.port(), s.database(), s.user(), t.port(), t.database(),
                t.user(), t.password().reveal(), replication, cutover));
    }

    /** The cutover section the tests share, with the given settings in front (they win: YAML keys may not repeat, so none of these). */
    static String section(String extra) {
        return extra + """
                  stop:
                    - run: @APP@/shopctl stop
                  drainTimeout: 60s
                  rewrite:
                    - file: @APP@/shop.properties
                      set:
                        db.url: "jdbc:postgresql://${target.host}:${target.port}/${target.database}"
                        db.user: "${target.user}"
                        db.password: "@TARGET_PASSWORD@"
                  start:
                    - run: @APP@/shopctl start
                """;
    }

    private Process replicate() throws IOException {
        return ChildDbmove.replicate(job, dir.resolve("replicate.log"));
    }

    JsonNode status() {
        CliRun run = CliRun.of("status", "--config", job.toString(), "--json");
        if (run.exitCode() != 0) {
            throw new IllegalStateException("dbmove status failed: " + run.all());
        }
        try {
            return JSON.readTree(run.out());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean streaming(int tables) {
        JsonNode status;
        try {
            status = status();
        } catch (IllegalStateException notYet) {
            return false; // the replicator has not created its state yet
        }
        int n = 0;
        for (JsonNode t : status.get("tables")) {
            n += "streaming".equals(t.get("phase").asText()) ? 1 : 0;
        }
        return n == tables && status.get("lagSeconds").isNumber();
    }

    /** The order ids the target holds. */
    List<Long> targetOrderIds() {
        try (var c = target.connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT id FROM orders ORDER BY id")) {
            List<Long> ids = new java.util.ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            return ids;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean sourceReadOnly() {
        return source.queryLong("SELECT @@GLOBAL.read_only") != 0;
    }

    /** What the replicator and the application printed, for a failure's message. */
    String logs() {
        StringBuilder b = new StringBuilder();
        for (Path log : List.of(dir.resolve("replicate.log"), app.log())) {
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                b.append("\n--- ").append(log.getFileName()).append(" (last 40 lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            } catch (IOException e) {
                b.append("\n--- ").append(log).append(": ").append(e.getMessage());
            }
        }
        return b.toString();
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + logs());
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            app.control("stop");
        } finally {
            if (replicator != null) {
                replicator.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            try {
                source.execute("SET GLOBAL read_only = OFF", "DROP USER IF EXISTS '" + appUser + "'@'%'");
            } finally {
                source.close();
                target.close();
            }
        }
    }
}
