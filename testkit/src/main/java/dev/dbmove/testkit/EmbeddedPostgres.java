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
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * PostgreSQL 17 from zonky's binaries on Maven Central, on a free loopback port, with its
 * data in a temporary directory deleted on close. Logins need a password (scram-sha-256),
 * so that a wrong password is rejected as on a real server. Run as {@code nobody} when the
 * JVM is root, because PostgreSQL refuses to run as root.
 */
public final class EmbeddedPostgres implements DatabaseServer {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    static final String VERSION = "17.6";
    public static final String ADMIN_USER = "postgres";
    public static final String ADMIN_PASSWORD = "postgres-admin";
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Path instanceDir;
    private final int port;
    private volatile ServerProcess process;
    private final PostgresOptions options;

    private EmbeddedPostgres(Path instanceDir, int port, ServerProcess process, PostgresOptions options) {
        this.instanceDir = instanceDir;
        this.port = port;
        this.process = process;
        this.options = options;
    }

    public static EmbeddedPostgres start() {
        return start(PostgresOptions.cdcSource());
    }

    public static EmbeddedPostgres start(PostgresOptions options) {
        Path base = Binaries.unpackTxz("postgres-linux-x86_64.txz", "postgresql-" + VERSION);
        return FreePort.retryOnPortClash(() -> startOnce(base, options));
    }

    private static EmbeddedPostgres startOnce(Path base, PostgresOptions options) {
        long started = System.nanoTime();
        Path dir;
        Path data;
        try {
            dir = Files.createTempDirectory(Binaries.cacheRoot(), "postgres-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Unprivileged.handOver(dir);
            data = dir.resolve("data");
            Path passwordFile = dir.resolve("pwfile");
            Files.writeString(passwordFile, ADMIN_PASSWORD + "\n");
            Unprivileged.handOver(passwordFile);
            Commands.run(Unprivileged.command(List.of(base.resolve("bin/initdb").toString(),
                    "-D", data.toString(), "-U", ADMIN_USER, "--pwfile=" + passwordFile,
                    "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")), 120);
            Files.delete(passwordFile);
            Path log = dir.resolve("server.log");
            Files.createFile(log);
            Unprivileged.handOver(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a data directory for PostgreSQL", e);
        }
        // Settings go to postgresql.conf (not -c) so that they show in pg_file_settings, as on a real server.
        StringBuilder conf = new StringBuilder("\n# dbmove testkit\n");
        for (Map.Entry<String, String> setting : options.settings().entrySet()) {
            conf.append(setting.getKey()).append(" = '").append(setting.getValue().replace("'", "''")).append("'\n");
        }
        try {
            if (options.tls() != null) {
                conf.append(tls(dir, data, options.tls()));
            }
            Files.writeString(data.resolve("postgresql.conf"), conf, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write postgresql.conf", e);
        }
        int port = FreePort.find();
        List<String> command = new ArrayList<>(List.of(base.resolve("bin/postgres").toString(),
                "-D", data.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1" + (options.tls() == null ? "" : "," + TestCa.UNNAMED_ADDRESS),
                "-c", "unix_socket_directories=" + dir));
        ServerProcess process = ServerProcess.start(Unprivileged.command(command), dir.resolve("server.log"),
                dir.resolve("server.pid"), "INT");
        EmbeddedPostgres server = new EmbeddedPostgres(dir, port, process, options);
        server.awaitReady();
        LOG.info("PostgreSQL {} ready on 127.0.0.1:{} in {} ms (wal_level {}, time zone {}{})", VERSION, port,
                (System.nanoTime() - started) / 1_000_000, options.settings().get("wal_level"),
                options.settings().get("timezone"), options.tls() == null ? "" : ", TLS required");
        return server;
    }

    /**
     * The server's certificate and key copied where the server user owns them (PostgreSQL refuses a key
     * others can read), and pg_hba.conf's TCP lines made hostssl (for all of 127/8, so that 127.0.0.2 is let in): a connection
     * without TLS is refused.
     */
    private static String tls(Path dir, Path data, TestCa ca) throws IOException {
        Path certs = Files.createDirectories(dir.resolve("tls"));
        Unprivileged.handOver(certs);
        Path cert = Files.copy(ca.serverCert(), certs.resolve("server.crt"));
        Path key = Files.copy(ca.serverKey(), certs.resolve("server.key"));
        for (Path file : List.of(cert, key)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Unprivileged.handOver(file);
        }
        Path hba = data.resolve("pg_hba.conf");
        Files.writeString(hba, Files.readString(hba).replaceAll("(?m)^host(\\s)", "hostssl$1")
                .replace("127.0.0.1/32", "127.0.0.0/8"));
        return "ssl = 'on'\nssl_cert_file = '" + cert + "'\nssl_key_file = '" + key + "'\n";
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        Properties props = new Properties();
        props.setProperty("user", ADMIN_USER);
        props.setProperty("password", ADMIN_PASSWORD);
        props.setProperty("connectTimeout", "1");
        props.setProperty("sslmode", options.tls() == null ? "disable" : "require");
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        while (true) {
            try (var c = DriverManager.getConnection(url, props)) {
                return;
            } catch (SQLException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = process.logTail(30);
                    close();
                    throw new IllegalStateException("embedded PostgreSQL did not start on port " + port
                            + (log.contains("already in use") ? " (port already in use)" : "") + ":\n" + log);
                }
                EmbeddedMariaDb.sleep(100);
            }
        }
    }

    @Override
    public DatabaseType type() {
        return DatabaseType.POSTGRESQL;
    }

    public int port() {
        return port;
    }

    public PostgresOptions options() {
        return options;
    }

    @Override
    public Endpoint adminEndpoint(String database) {
        return new Endpoint(DatabaseType.POSTGRESQL, "127.0.0.1", port, database, "public", ADMIN_USER,
                Secret.of(ADMIN_PASSWORD), new TlsSettings(options.tls() == null ? TlsMode.DISABLE : TlsMode.REQUIRE, null));
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL " + VERSION + " on 127.0.0.1:" + port;
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
}
