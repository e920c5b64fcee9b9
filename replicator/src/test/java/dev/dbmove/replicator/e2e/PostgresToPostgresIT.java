package dev.dbmove.replicator.e2e;

import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PostgreSQL to PostgreSQL (the managed-PostgreSQL move): full load under load, then CDC, compared row by row. */
@ExtendWith(RealDatabases.class)
class PostgresToPostgresIT {
    @Test
    void fullLoadThenChangesConverge(TestServers servers) throws Exception {
        new ReplicationScenario(servers.postgres(), servers.postgres(), "pg_pg").run();
    }
}
