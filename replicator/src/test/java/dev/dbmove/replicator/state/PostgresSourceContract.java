package dev.dbmove.replicator.state;

import dev.dbmove.core.JobNames;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;

import java.util.Map;

/** {@link EngineRestartContract} with a PostgreSQL source; subclasses say where the state lives. */
abstract class PostgresSourceContract extends EngineRestartContract {

    /** The shared test servers the source databases are made on. */
    abstract TestServers servers();

    @Override
    TestDatabase newSource(String hint) {
        return servers().postgres().createDatabase("engine_src_" + hint);
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
