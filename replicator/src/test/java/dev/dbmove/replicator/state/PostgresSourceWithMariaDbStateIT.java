package dev.dbmove.replicator.state;

import dev.dbmove.core.JobNames;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

/** Debezium on a PostgreSQL source, its offsets in a MariaDB target. */
@ExtendWith(RealDatabases.class)
class PostgresSourceWithMariaDbStateIT extends EngineRestartContract {
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
    TestDatabase newSource(String hint) {
        return servers.postgres().createDatabase("engine_src_" + hint);
    }

    @Override
    TestDatabase stateTarget() {
        return target;
    }

    @Override
    Map<String, String> connectorProperties(TestDatabase source, JobNames names) {
        return EngineProperties.postgres(source, names);
    }

    @Override
    String itemsTopic(TestDatabase source, JobNames names) {
        return names.replicationSlot() + ".public.items";
    }

    @Override
    boolean historized() {
        return false;
    }

    @Override
    void cleanUpSource(TestDatabase source, JobNames names) {
        EngineProperties.dropSlotAndPublication(source, names);
    }
}
