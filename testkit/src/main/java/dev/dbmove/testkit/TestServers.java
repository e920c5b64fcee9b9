package dev.dbmove.testkit;

import dev.dbmove.core.DatabaseType;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The real servers of one test run, started on first use and shared by every test class
 * in the JVM (see {@link RealDatabases}); each class makes its own fresh database on them.
 * <p>
 * Which server answers, in order: the one named by {@code DBMOVE_TEST_MARIADB_URL},
 * {@code DBMOVE_TEST_POSTGRES_URL} or {@code DBMOVE_TEST_MYSQL_URL}; else an embedded
 * MariaDB 11.4 or PostgreSQL 17; for MySQL, which has no embedded build, a MySQL 8.4
 * container where a Docker engine answers, and otherwise the test is skipped with the reason.
 */
public final class TestServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);

    private final Function<String, String> environment;
    private final Map<DatabaseType, DatabaseServer> started = new EnumMap<>(DatabaseType.class);
    private DatabaseServer dockerPostgres;
    private TestCa testCa;
    private EmbeddedMariaDb tlsMariadb;
    private EmbeddedPostgres tlsPostgres;

    public TestServers(Function<String, String> environment) {
        this.environment = environment;
    }

    /** MariaDB with the binary log on (ROW, FULL), UTC+9. */
    public synchronized DatabaseServer mariadb() {
        return shared(DatabaseType.MARIADB, "DBMOVE_TEST_MARIADB_URL", EmbeddedMariaDb::start);
    }

    /** PostgreSQL with wal_level=logical, UTC-5. */
    public synchronized DatabaseServer postgres() {
        return shared(DatabaseType.POSTGRESQL, "DBMOVE_TEST_POSTGRES_URL", EmbeddedPostgres::start);
    }

    /** MySQL 8.4: external or in a container; skips the calling test where neither is to be had. */
    public synchronized DatabaseServer mysql() {
        return shared(DatabaseType.MYSQL, "DBMOVE_TEST_MYSQL_URL", () -> {
            requireDocker("MySQL 8.4 (or set DBMOVE_TEST_MYSQL_URL)");
            return ContainerServers.mysql84();
        });
    }

    /** PostgreSQL 16 in a container; skips the calling test where no Docker engine answers. */
    public synchronized DatabaseServer postgres16InDocker() {
        if (dockerPostgres == null) {
            requireDocker("PostgreSQL 16 container");
            dockerPostgres = ContainerServers.postgres16();
        }
        return dockerPostgres;
    }

    /** The CA of {@link #mariadbWithTls()} and {@link #postgresWithTls()}, made on first use. */
    public synchronized TestCa testCa() {
        if (testCa == null) {
            try {
                testCa = TestCa.create(Files.createTempDirectory(Binaries.cacheRoot(), "testca-"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a directory for the test CA", e);
            }
        }
        return testCa;
    }

    /**
     * An embedded MariaDB like {@link #mariadb()} that presents {@link #testCa()}'s certificate and refuses
     * connections without TLS; always embedded (an external server's certificate is not the test CA's).
     */
    public synchronized EmbeddedMariaDb mariadbWithTls() {
        if (tlsMariadb == null) {
            tlsMariadb = EmbeddedMariaDb.start(MariaDbOptions.cdcSource().withTls(testCa()));
        }
        return tlsMariadb;
    }

    /** An embedded PostgreSQL like {@link #postgres()} that presents {@link #testCa()}'s certificate and refuses connections without TLS. */
    public synchronized EmbeddedPostgres postgresWithTls() {
        if (tlsPostgres == null) {
            tlsPostgres = EmbeddedPostgres.start(PostgresOptions.cdcSource().withTls(testCa()));
        }
        return tlsPostgres;
    }

    /** The server for a type, as above. */
    public DatabaseServer of(DatabaseType type) {
        return switch (type) {
            case MARIADB -> mariadb();
            case POSTGRESQL -> postgres();
            case MYSQL -> mysql();
        };
    }

    private DatabaseServer shared(DatabaseType type, String variable, Supplier<DatabaseServer> embedded) {
        return started.computeIfAbsent(type, t -> {
            String url = environment.apply(variable);
            DatabaseServer server = url != null && !url.isBlank() ? ExternalServer.fromUrl(type, url) : embedded.get();
            LOG.info("test server for {}: {}", type, server.describe());
            return server;
        });
    }

    private static void requireDocker(String what) {
        Optional<String> reason = ContainerServers.unavailableReason();
        reason.ifPresent(r -> LOG.info("skipping: {} needs Docker: {}", what, r));
        Assumptions.assumeTrue(reason.isEmpty(), () -> "skipped: " + what + " needs Docker: " + reason.orElse(""));
    }

    @Override
    public synchronized void close() {
        started.values().forEach(DatabaseServer::close);
        started.clear();
        if (dockerPostgres != null) {
            dockerPostgres.close();
        }
        if (tlsMariadb != null) {
            tlsMariadb.close();
        }
        if (tlsPostgres != null) {
            tlsPostgres.close();
        }
    }
}
