package dev.dbmove.replicator.e2e;

import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PostgreSQL to MariaDB: full load under load, then CDC, compared row by row. */
@ExtendWith(RealDatabases.class)
class PostgresToMariaDbIT {
    @Test
    void fullLoadThenChangesConverge(TestServers servers) throws Exception {
        new ReplicationScenario(servers.postgres(), servers.mariadb(), "pg_maria").run();
    }
}
