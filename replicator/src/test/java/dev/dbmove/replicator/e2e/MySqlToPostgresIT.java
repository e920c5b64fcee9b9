package dev.dbmove.replicator.e2e;

import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MySQL 8.4 (through Testcontainers where a Docker engine answers, or DBMOVE_TEST_MYSQL_URL)
 * to PostgreSQL: the same story as for MariaDB, through the MySQL connector. Skipped with the
 * reason where neither is to be had.
 */
@ExtendWith(RealDatabases.class)
class MySqlToPostgresIT {
    @Test
    void fullLoadThenChangesConverge(TestServers servers) throws Exception {
        new ReplicationScenario(servers.mysql(), servers.postgres(), "mysql_pg").run();
    }
}
