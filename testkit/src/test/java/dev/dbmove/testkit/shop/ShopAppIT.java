package dev.dbmove.testkit.shop;

import dev.dbmove.core.Endpoint;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The shop app as the cutover drives it: a separate process started and stopped by
 * {@code DIR/shopctl}, writing to a real server, failing while the server refuses writes
 * and recovering on its own, and acknowledging only orders that are really stored.
 */
@ExtendWith(RealDatabases.class)
class ShopAppIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    @Test
    void ridesOutAReadOnlyMariaDbAndAcknowledgesOnlyStoredOrders(TestServers servers) throws Exception {
        // Characters that are special in properties files and SQL-free: the password must survive the config file.
        String password = "s#p:=!" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase db = servers.mariadb().createDatabase("shop")) {
            db.execute("CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50))",
                    "INSERT INTO customers (name) VALUES " + "('c'),".repeat(9) + "('c')",
                    "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id BIGINT NOT NULL,"
                            + " total DECIMAL(12,2) NOT NULL, note TEXT,"
                            + " placed_at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))",
                    // Without READ_ONLY ADMIN, the app's inserts fail while the server is read-only.
                    "CREATE OR REPLACE USER 'shop'@'%' IDENTIFIED BY '" + password + "'",
                    "GRANT SELECT, INSERT ON `" + db.name() + "`.* TO 'shop'@'%'");
            try {
                ShopDir shop = new ShopDir(temp);
                shop.writeConfig(db.dialect().jdbcUrl(db.endpoint()), "shop", password, 50);
                Path shopctl = shop.writeControlScript();
                try {
                    Result start = run(shopctl, "start");
                    assertThat(start.exit()).as(start.output()).isZero();
                    assertThat(start.output()).startsWith("started (pid ");
                    long pid = Long.parseLong(Files.readString(shop.pid()).trim());

                    await(shop, "20 acknowledged orders", () -> acked(shop) >= 20);
                    assertThat(shop.healthStatus()).isEqualTo(200);
                    assertThat(shop.info()).hasValueSatisfying(info -> {
                        assertThat(info.database()).isEqualTo("MariaDB");
                        assertThat(info.url()).isEqualTo(db.dialect().jdbcUrl(db.endpoint()));
                        assertThat(info.failures()).isZero();
                        assertThat(info.lastError()).isNull();
                    });

                    try {
                        db.execute("SET GLOBAL read_only = ON");
                        await(shop, "health 503 on a read-only server", () -> shop.healthStatus() == 503);
                        ShopDir.Info failing = shop.info().orElseThrow();
                        assertThat(failing.failures()).isPositive();
                        assertThat(failing.lastError()).contains("read-only");
                        Thread.sleep(1_000);
                        assertThat(shop.info().orElseThrow().acked()).as("acked while read-only").isEqualTo(failing.acked());
                        assertThat(shop.ackedIds()).hasSize((int) failing.acked());
                    } finally {
                        db.execute("SET GLOBAL read_only = OFF"); // the server is shared by every test class
                    }
                    long before = acked(shop);
                    await(shop, "health 200 after read_only = OFF", () -> shop.healthStatus() == 200);
                    await(shop, "writes after read_only = OFF", () -> acked(shop) >= before + 10);

                    // A killed connection (as a cutover's kill step does) is one more failure, then writes go on.
                    long failuresBefore = shop.info().orElseThrow().failures();
                    long killed = db.queryLong("SELECT MAX(id) FROM information_schema.processlist WHERE user = 'shop'");
                    db.execute("KILL CONNECTION " + killed);
                    await(shop, "a failure from the killed connection", () -> shop.info().orElseThrow().failures() > failuresBefore);
                    long afterKill = acked(shop);
                    await(shop, "writes after the kill", () -> acked(shop) >= afterKill + 10);

                    Result stop = run(shopctl, "stop");
                    assertThat(stop.exit()).as(stop.output()).isZero();
                    assertThat(stop.output()).startsWith("stopped (pid " + pid + ")");
                    assertThat(ProcessHandle.of(pid).filter(ShopDir::alive)).isEmpty();
                    assertThat(shop.pid()).doesNotExist();
                    assertThat(shop.port()).doesNotExist();
                    assertThat(shop.running()).isFalse();

                    List<Long> acked = shop.ackedIds();
                    assertThat(acked).hasSizeGreaterThanOrEqualTo(30).doesNotHaveDuplicates();
                    assertThat(orderIds(db)).containsAll(acked);
                    assertThat(Files.readString(shop.log())).contains("write failing: ", "reconnected to MariaDB",
                            "stopped after").doesNotContain(password);
                } finally {
                    stopQuietly(shopctl);
                }
            } finally {
                db.execute("DROP USER IF EXISTS 'shop'@'%'");
            }
        }
    }

    @Test
    void writesToPostgresAndStartAndStopAreIdempotent(TestServers servers) throws Exception {
        try (TestDatabase db = servers.postgres().createDatabase("shop")) {
            db.execute("CREATE TABLE customers (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name VARCHAR(50))",
                    "INSERT INTO customers (name) SELECT 'c' || g FROM generate_series(1, 10) g",
                    "CREATE TABLE orders (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                            + " customer_id BIGINT NOT NULL, total NUMERIC(12,2) NOT NULL, note TEXT,"
                            + " placed_at TIMESTAMPTZ DEFAULT now())");
            Endpoint admin = db.endpoint();
            ShopDir shop = new ShopDir(temp);
            shop.writeConfig(db.dialect().jdbcUrl(admin), admin.user(), admin.password().reveal(), 50);
            Path shopctl = shop.writeControlScript();
            try {
                Result start = run(shopctl, "start");
                assertThat(start.exit()).as(start.output()).isZero();
                long pid = Long.parseLong(Files.readString(shop.pid()).trim());
                await(shop, "10 acknowledged orders", () -> acked(shop) >= 10);
                assertThat(shop.healthStatus()).isEqualTo(200);
                assertThat(shop.info().orElseThrow().database()).isEqualTo("PostgreSQL");

                Result again = run(shopctl, "start");
                assertThat(again.exit()).isZero();
                assertThat(again.output()).isEqualTo("already running (pid " + pid + ")");
                assertThat(Files.readString(shop.pid()).trim()).isEqualTo(Long.toString(pid));
                Result status = run(shopctl, "status");
                assertThat(status.exit()).isZero();
                assertThat(status.output()).isEqualTo("running (pid " + pid + ", port " + Files.readString(shop.port()).trim() + ")");

                assertThat(run(shopctl, "stop").exit()).isZero();
                assertThat(ProcessHandle.of(pid).filter(ShopDir::alive)).isEmpty();
                Result stopAgain = run(shopctl, "stop");
                assertThat(stopAgain.exit()).isZero();
                assertThat(stopAgain.output()).isEqualTo("not running");
                Result stopped = run(shopctl, "status");
                assertThat(stopped.exit()).isEqualTo(3);
                assertThat(stopped.output()).isEqualTo("not running");
                assertThat(shop.healthStatus()).isEqualTo(-1);
                assertThat(shop.info()).isEmpty();

                List<Long> acked = shop.ackedIds();
                assertThat(acked).hasSizeGreaterThanOrEqualTo(10).doesNotHaveDuplicates();
                assertThat(orderIds(db)).containsAll(acked);
                assertThat(Files.readString(shop.log())).doesNotContain(admin.password().reveal());
            } finally {
                stopQuietly(shopctl);
            }
        }
    }

    private record Result(int exit, String output) {
    }

    /** Runs {@code shopctl COMMAND} as a job file would, with stdout and stderr together. */
    private static Result run(Path shopctl, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(shopctl.toString(), command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        // The app started by "start" must not hold this pipe open, or this read would never end.
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("shopctl " + command + " did not finish in 60 s: " + output);
        }
        return new Result(p.exitValue(), output);
    }

    private static void stopQuietly(Path shopctl) throws IOException, InterruptedException {
        run(shopctl, "stop");
    }

    private static long acked(ShopDir shop) {
        return shop.info().map(ShopDir.Info::acked).orElse(-1L);
    }

    private static void await(ShopDir shop, String what, BooleanSupplier condition) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + WAIT.toSeconds() + " s; info " + shop.info()
                        + ", health " + shop.healthStatus() + ", log:\n"
                        + (Files.exists(shop.log()) ? Files.readString(shop.log()) : "(none)"));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    private static Set<Long> orderIds(TestDatabase db) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM orders")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
