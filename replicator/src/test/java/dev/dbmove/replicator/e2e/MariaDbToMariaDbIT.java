package dev.dbmove.replicator.e2e;

import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MariaDB to MariaDB (the MySQL-to-Aurora case): full load under load, then CDC, compared row by row. */
@ExtendWith(RealDatabases.class)
class MariaDbToMariaDbIT {
    @Test
    void fullLoadThenChangesConverge(TestServers servers) throws Exception {
        new ReplicationScenario(servers.mariadb(), servers.mariadb(), "maria_maria").run();
    }
}
