package dev.dbmove.replicator.preflight;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.TableSelection;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.Secret;
import dev.dbmove.testkit.EmbeddedMariaDb;
import dev.dbmove.testkit.EmbeddedPostgres;
import dev.dbmove.testkit.MariaDbOptions;
import dev.dbmove.testkit.PostgresOptions;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RDS and Aurora are recognised from what their catalogs hold (the mysql.rds_* procedures,
 * the rds_superuser and rds_replication roles), and their fixes name parameter groups and
 * RDS procedures instead of my.cnf and ALTER SYSTEM. Dedicated real servers are given
 * those markers here, so that the shared servers stay self-managed.
 */
@ExtendWith(RealDatabases.class)
class ManagedServerPreflightIT {

    private static PreflightReport check(Endpoint source, Endpoint target) {
        return new Preflight(5).run(new JobConfig(Path.of("dbmove.yaml"), "managed", source, target, TableSelection.ALL));
    }

    private static CheckResult find(PreflightReport report, String check) {
        return report.checks().stream().filter(c -> c.side().equals("source") && c.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + check + " in " + report.checks()));
    }

    @Test
    void rdsMariaDbWithoutBinlogRetentionFailsWithTheRdsProcedure(TestServers servers) {
        try (EmbeddedMariaDb rds = EmbeddedMariaDb.start(MariaDbOptions.cdcSource().withBinlogFormat("MIXED"));
             TestDatabase db = rds.createDatabase("rds_src");
             TestDatabase target = servers.postgres().createDatabase("rds_tgt")) {
            // What RDS installs: mysql.rds_show_configuration, with binlog retention NULL by default.
            db.execute("CREATE PROCEDURE mysql.rds_show_configuration() SELECT 'binlog retention hours' AS name,"
                    + " NULL AS value, 'binlog retention hours specifies the duration' AS description",
                    "CREATE TABLE t (id INT PRIMARY KEY)");
            PreflightReport report = check(db.endpoint(), target.endpoint());
            assertThat(find(report, "server").found()).startsWith("Amazon RDS MariaDB 11.4");
            CheckResult retention = find(report, "binlog retention");
            assertThat(retention.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(retention.found()).contains("binlog retention hours is NULL");
            assertThat(retention.fix()).isEqualTo("CALL mysql.rds_set_configuration('binlog retention hours', 168);");
            CheckResult format = find(report, "binlog format");
            assertThat(format.fix()).contains("DB parameter group").doesNotContain("my.cnf");
            assertThat(find(report, "privileges").found()).contains("LOCK TABLES").contains("no global read lock");
        }
    }

    @Test
    void rdsPostgresNeedsTheParameterGroupAndRdsReplication(TestServers servers) {
        try (EmbeddedPostgres rds = EmbeddedPostgres.start(PostgresOptions.cdcSource().with("wal_level", "replica"));
             TestDatabase db = rds.createDatabase("rds_pg");
             TestDatabase target = servers.postgres().createDatabase("rds_pg_tgt")) {
            db.execute("CREATE ROLE rds_superuser", "CREATE ROLE rds_replication",
                    "CREATE ROLE app LOGIN PASSWORD 'app-pw'", "CREATE TABLE t (id INT PRIMARY KEY)",
                    "ALTER TABLE t OWNER TO app");
            Endpoint app = db.endpoint().withCredentials("app", Secret.of("app-pw"));

            PreflightReport before = check(app, target.endpoint());
            assertThat(find(before, "server").found()).startsWith("Amazon RDS PostgreSQL 17");
            assertThat(find(before, "wal level").fix())
                    .isEqualTo("set rds.logical_replication = 1 in the DB parameter group of this Amazon RDS server and reboot it");
            assertThat(find(before, "replication privilege").fix()).isEqualTo("GRANT rds_replication TO \"app\";");

            db.execute("GRANT rds_replication TO app");
            CheckResult role = find(check(app, target.endpoint()), "replication privilege");
            assertThat(role.status()).isEqualTo(CheckStatus.PASS);
            assertThat(role.found()).isEqualTo("user app is a member of rds_replication");
        }
    }
}
