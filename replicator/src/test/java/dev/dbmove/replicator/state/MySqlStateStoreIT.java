package dev.dbmove.replicator.state;

import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

/**
 * The state store in a MySQL 8.4 target (external or in a container; skipped without either).
 * Without one, each test is reported skipped (an assumption failing in {@code @BeforeAll}
 * would make the class report no tests at all).
 */
@ExtendWith(RealDatabases.class)
class MySqlStateStoreIT extends StateStoreContract {
    static TestDatabase target;
    static String unavailable;

    @BeforeAll
    static void setUp(TestServers servers) {
        try {
            target = servers.mysql().createDatabase("state_store");
        } catch (TestAbortedException noServer) {
            unavailable = noServer.getMessage();
        }
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.close();
        }
    }

    @Override
    TestDatabase target() {
        Assumptions.assumeTrue(target != null, () -> unavailable);
        return target;
    }
}
