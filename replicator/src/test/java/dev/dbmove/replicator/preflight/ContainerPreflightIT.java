package dev.dbmove.replicator.preflight;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.TableSelection;
import dev.dbmove.testkit.DatabaseServer;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preflight against MySQL 8.4 and PostgreSQL 16, which have no embedded build: from
 * DBMOVE_TEST_MYSQL_URL or Testcontainers. Where neither is to be had, the tests are
 * skipped with the reason, never failed.
 */
@ExtendWith(RealDatabases.class)
class ContainerPreflightIT {

    @Test
    void mysql84WithGtidAndRowBinlogPasses(TestServers servers) {
        DatabaseServer mysql = servers.mysql();
        try (TestDatabase source = mysql.createDatabase("container_src");
             TestDatabase target = servers.postgres().createDatabase("container_tgt")) {
            source.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v JSON)");
            PreflightReport report = new Preflight(10).run(new JobConfig(Path.of("dbmove.yaml"), "containers",
                    source.endpoint(), target.endpoint(), TableSelection.ALL));
            assertThat(report.checks()).filteredOn(c -> c.status() == CheckStatus.FAIL).isEmpty();
            assertThat(report.checks()).anySatisfy(c -> assertThat(c.found()).startsWith("MySQL 8.4"));
        }
    }

    @Test
    void postgres16SourcePasses(TestServers servers) {
        DatabaseServer pg16 = servers.postgres16InDocker();
        try (TestDatabase source = pg16.createDatabase("container_pg16");
             TestDatabase target = servers.postgres().createDatabase("container_tgt16")) {
            source.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v JSONB)");
            PreflightReport report = new Preflight(10).run(new JobConfig(Path.of("dbmove.yaml"), "containers",
                    source.endpoint(), target.endpoint(), TableSelection.ALL));
            assertThat(report.passed()).isTrue();
            assertThat(report.checks()).anySatisfy(c -> assertThat(c.found()).startsWith("PostgreSQL 16"));
        }
    }
}
