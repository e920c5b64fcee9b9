package dev.dbmove.replicator.e2e;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.ReplicationSettings;
import dev.dbmove.config.TableSelection;
import dev.dbmove.testkit.DatabaseServer;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import dev.dbmove.testkit.WorkloadReport;
import dev.dbmove.testkit.WorkloadWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast full load in many key ranges while a writer inserts, updates, deletes and moves
 * keys in the same table (so the stream writes to it between ranges, and later ranges take
 * the staged path): the target ends with exactly the rows the writer committed.
 */
@ExtendWith(RealDatabases.class)
class FastLoadIT {
    private static final int ROWS = 30_000;

    @BeforeEach
    void smallRanges() {
        System.setProperty("dbmove.rangeRows", "1000");
    }

    @AfterEach
    void defaultRanges() {
        System.clearProperty("dbmove.rangeRows");
    }

    @Test
    void mariaDbToPostgresInRangesUnderWritesConverges(TestServers servers) throws Exception {
        converges(servers.mariadb(), servers.postgres(), "fast_maria_pg");
    }

    @Test
    void postgresToPostgresInRangesUnderWritesConverges(TestServers servers) throws Exception {
        converges(servers.postgres(), servers.postgres(), "fast_pg_pg");
    }

    @Test
    void postgresToMariaDbInRangesUnderWritesConverges(TestServers servers) throws Exception {
        converges(servers.postgres(), servers.mariadb(), "fast_pg_maria");
    }

    private static void converges(DatabaseServer from, DatabaseServer to, String job) throws Exception {
        TestDatabase source = from.createDatabase(job + "_src");
        TestDatabase target = to.createDatabase(job + "_tgt");
        WorkloadWriter writer = new WorkloadWriter(source.endpoint(), "items", 400, 3, 7);
        writer.createTable(ROWS);
        // A second table nobody writes to meanwhile: on a PostgreSQL target its key is left off while it loads.
        boolean mysqlSource = source.endpoint().type().isMySqlFamily();
        source.execute("CREATE TABLE quiet (id INT PRIMARY KEY, v VARCHAR(20))", mysqlSource
                ? "INSERT INTO quiet SELECT seq, CONCAT('v', seq) FROM seq_1_to_5000"
                : "INSERT INTO quiet SELECT g, 'v' || g FROM generate_series(1, 5000) g");
        source.execute(mysqlSource ? "ANALYZE TABLE items, quiet" : "ANALYZE items, quiet");
        JobConfig config = new JobConfig(Path.of("dbmove.yaml"), job, source.endpoint(), target.endpoint(),
                TableSelection.ALL);
        assertThat(config.replication().fullLoad()).isEqualTo(ReplicationSettings.FullLoad.FAST);
        try (ReplicationRun run = new ReplicationRun(config)) {
            writer.start();
            run.awaitSnapshot(Duration.ofSeconds(120));
            Thread.sleep(1000);
            WorkloadReport report = writer.stop();
            assertThat(report.operations()).isPositive();
            assertThat(report.keyUpdates()).isPositive();
            run.awaitUntil(Duration.ofSeconds(90), () -> writer.differences(target.endpoint()));
            // The rows came through dbmove's readers, in ranges, not through Debezium's snapshot.
            assertThat(run.messages()).anyMatch(m -> m.startsWith("full load of 2 table(s) by dbmove's readers")
                    && !m.contains(": 1 key range(s)"));
            assertThat(run.messages()).noneMatch(m -> m.contains("through Debezium's snapshot"));
            assertThat(run.rowsCopied.get()).isGreaterThanOrEqualTo(ROWS - report.operations() + 5000);
            assertThat(target.queryLong("SELECT COUNT(*) FROM quiet")).isEqualTo(5000);
            // Both tables end with their primary key, whether the stream or the load's end made it.
            for (String table : new String[] {"items", "quiet"}) {
                assertThat(target.queryLong(target.endpoint().type().isMySqlFamily()
                        ? "SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()"
                        + " AND TABLE_NAME = '" + table + "' AND CONSTRAINT_TYPE = 'PRIMARY KEY'"
                        : "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'p' AND conrelid = '" + table + "'::regclass"))
                        .as("primary key of " + table).isEqualTo(1);
            }
        }
        source.close();
        target.close();
    }
}
