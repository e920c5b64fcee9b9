package dev.dbmove.testkit;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.Secret;
import dev.dbmove.core.TlsMode;
import dev.dbmove.core.TlsSettings;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Optional;

/**
 * MySQL 8.4 and PostgreSQL 16 in containers, for the engines and versions no embedded
 * binary covers. Only where a Docker engine answers; callers skip otherwise.
 * Testcontainers is an optional dependency of testkit: a module that calls this class
 * declares it too.
 */
final class ContainerServers {
    private ContainerServers() {
    }

    /** Empty when Testcontainers is not on the class path or no Docker engine answers. */
    static Optional<String> unavailableReason() {
        try {
            return DockerClientFactory.instance().isDockerAvailable()
                    ? Optional.empty() : Optional.of("no Docker engine answers");
        } catch (NoClassDefFoundError e) {
            return Optional.of("Testcontainers is not on this module's test class path");
        } catch (RuntimeException e) {
            return Optional.of("no Docker engine answers (" + e.getMessage() + ")");
        }
    }

    static DatabaseServer mysql84() {
        MySQLContainer<?> c = new MySQLContainer<>(DockerImageName.parse("mysql:8.4"))
                .withCommand("--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL",
                        "--server-id=1", "--gtid-mode=ON", "--enforce-gtid-consistency=ON",
                        "--default-time-zone=+09:00");
        c.start();
        return new Container(DatabaseType.MYSQL, c, "root", c.getPassword());
    }

    static DatabaseServer postgres16() {
        PostgreSQLContainer<?> c = new PostgreSQLContainer<>(DockerImageName.parse("postgres:16"))
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=20",
                        "-c", "max_wal_senders=20", "-c", "timezone=Etc/GMT+5");
        c.start();
        return new Container(DatabaseType.POSTGRESQL, c, c.getUsername(), c.getPassword());
    }

    private record Container(DatabaseType type, JdbcDatabaseContainer<?> container, String user, String password)
            implements DatabaseServer {
        @Override
        public Endpoint adminEndpoint(String database) {
            return new Endpoint(type, container.getHost(), container.getFirstMappedPort(), database, null, user,
                    Secret.of(password), new TlsSettings(TlsMode.DISABLE, null));
        }

        @Override
        public String describe() {
            return type + " container " + container.getDockerImageName() + " on port " + container.getFirstMappedPort();
        }

        @Override
        public void close() {
            container.stop();
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
