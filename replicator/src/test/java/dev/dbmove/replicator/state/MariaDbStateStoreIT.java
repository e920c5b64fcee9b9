package dev.dbmove.replicator.state;

import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The state store in a MariaDB target. */
@ExtendWith(RealDatabases.class)
class MariaDbStateStoreIT extends StateStoreContract {
    static TestDatabase target;

    @BeforeAll
    static void setUp(TestServers servers) {
        target = servers.mariadb().createDatabase("state_store");
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.close();
        }
    }

    @Override
    TestDatabase target() {
        return target;
    }
}
