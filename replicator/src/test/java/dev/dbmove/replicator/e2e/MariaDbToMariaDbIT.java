package dev.dbmove.replicator.e2e;

import dev.dbmove.testkit.EmbeddedMariaDb;
import dev.dbmove.testkit.MariaDbOptions;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MariaDB to MariaDB (the MySQL-to-Aurora case), between two servers as in a real move:
 * the target in UTC-5, the source in UTC+9. Full load under load, then CDC, compared row by row.
 */
@ExtendWith(RealDatabases.class)
class MariaDbToMariaDbIT {
    @Test
    void fullLoadThenChangesConverge(TestServers servers) throws Exception {
        try (EmbeddedMariaDb target = EmbeddedMariaDb.start(MariaDbOptions.cdcSource().withTimeZone("-05:00"))) {
            new ReplicationScenario(servers.mariadb(), target, "maria_maria").run();
        }
    }
}
