package dev.dbmove.replicator.state;

import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Debezium on a PostgreSQL source, its offsets in a MariaDB target. */
@ExtendWith(RealDatabases.class)
class PostgresSourceWithMariaDbStateIT extends PostgresSourceContract {
    static TestServers servers;
    static TestDatabase target;

    @BeforeAll
    static void setUp(TestServers testServers) {
        servers = testServers;
        target = servers.mariadb().createDatabase("engine_state");
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.close();
        }
    }

    @Override
    TestServers servers() {
        return servers;
    }

    @Override
    TestDatabase stateTarget() {
        return target;
    }
}
