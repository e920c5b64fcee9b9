package dev.dbmove.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer's model of the table is exactly what the server holds, on both engines. */
@ExtendWith(RealDatabases.class)
class WorkloadWriterIT {
    static TestDatabase mariadb;
    static TestDatabase postgres;

    @BeforeAll
    static void setUp(TestServers servers) {
        mariadb = servers.mariadb().createDatabase("workload");
        postgres = servers.postgres().createDatabase("workload");
    }

    @AfterAll
    static void tearDown() {
        mariadb.close();
        postgres.close();
    }

    @Test
    void synchronousRunOnMariaDbMatchesTheModel() {
        WorkloadWriter writer = new WorkloadWriter(mariadb.endpoint(), "items_sync", 1000, 3, 42);
        writer.createTable(200);
        WorkloadReport report = writer.run(600);
        assertThat(report.inserts()).isPositive();
        assertThat(report.updates()).isPositive();
        assertThat(report.keyUpdates()).isPositive();
        assertThat(report.deletes()).isPositive();
        assertThat(report.operations()).isEqualTo(600);
        assertThat(mariadb.queryLong("SELECT COUNT(*) FROM items_sync")).isEqualTo(report.expectedRows().size());
        assertThat(writer.differences(mariadb.endpoint())).isEmpty();
    }

    @Test
    void backgroundRunOnPostgresKeepsItsRateAndMatchesTheModel() throws InterruptedException {
        WorkloadWriter writer = new WorkloadWriter(postgres.endpoint(), "items_bg", 200, 1, 7);
        writer.createTable(50);
        writer.start();
        Thread.sleep(2_000);
        WorkloadReport report = writer.stop();
        // 200 ops/s for ~2 s: well above zero, never above the rate.
        assertThat(report.operations()).isBetween(100L, 460L);
        assertThat(report.failures()).isZero();
        assertThat(writer.differences(postgres.endpoint())).isEmpty();
    }

    @Test
    void differencesSeeATamperedCopy() {
        WorkloadWriter writer = new WorkloadWriter(mariadb.endpoint(), "items_tamper", 1000, 1, 3);
        writer.createTable(20);
        writer.run(20);
        long someId = writer.report().expectedRows().keySet().iterator().next();
        mariadb.execute("UPDATE items_tamper SET k = k + 1 WHERE id = " + someId,
                "INSERT INTO items_tamper (id, k, v) VALUES (999999, 1, 'x')");
        assertThat(writer.differences(mariadb.endpoint()))
                .anyMatch(d -> d.startsWith("id " + someId + ":"))
                .contains("unexpected id 999999");
    }
}
