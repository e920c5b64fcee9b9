package dev.dbmove.replicator.state;

import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The state store in a MySQL 8.4 target (external or in a container; skipped without either). */
@ExtendWith(RealDatabases.class)
class MySqlStateStoreIT extends StateStoreContract {
    static TestDatabase target;

    @BeforeAll
    static void setUp(TestServers servers) {
        target = servers.mysql().createDatabase("state_store");
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
