package dev.dbmove.replicator.state;

import dev.dbmove.testkit.EmbeddedMariaDb;
import dev.dbmove.testkit.MariaDbOptions;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Debezium on a MariaDB source, its offsets and schema history in a MariaDB target. */
@ExtendWith(RealDatabases.class)
class MariaDbSourceWithMariaDbStateIT extends MariaDbSourceContract {
    static TestServers servers;
    static EmbeddedMariaDb targetServer;
    static TestDatabase target;

    /**
     * The state lives on a server of its own, as a target does. On the source's own server the
     * snapshot's global read lock (FLUSH TABLES WITH READ LOCK), held while Debezium records the
     * schema history, would block the history's own insert: the engine would wait for itself.
     */
    @BeforeAll
    static void setUp(TestServers testServers) {
        servers = testServers;
        targetServer = EmbeddedMariaDb.start(MariaDbOptions.cdcSource().withBinaryLog(false));
        target = targetServer.createDatabase("engine_state");
    }

    @AfterAll
    static void tearDown() {
        if (target != null) {
            target.close();
        }
        if (targetServer != null) {
            targetServer.close();
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
