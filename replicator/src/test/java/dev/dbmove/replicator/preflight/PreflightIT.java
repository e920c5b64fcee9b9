package dev.dbmove.replicator.preflight;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.TableSelection;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.Secret;
import dev.dbmove.testkit.EmbeddedMariaDb;
import dev.dbmove.testkit.EmbeddedPostgres;
import dev.dbmove.testkit.MariaDbOptions;
import dev.dbmove.testkit.PostgresOptions;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbmove check} against real servers, healthy and misconfigured. */
@ExtendWith(RealDatabases.class)
class PreflightIT {
    private static final String SHOP = "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)";
    private static final String ORDERS = "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,"
            + " total DECIMAL(12,2))";
    private static final String BY_UNIQUE = "CREATE TABLE tags (code VARCHAR(20) NOT NULL UNIQUE, label TEXT)";

    static TestDatabase mariadb;
    static TestDatabase postgresSource;
    static TestDatabase postgresTarget;
    static TestServers servers;

    @BeforeAll
    static void setUp(TestServers testServers) {
        servers = testServers;
        mariadb = servers.mariadb().createDatabase("preflight_src");
        mariadb.execute(SHOP, ORDERS, BY_UNIQUE);
        postgresSource = servers.postgres().createDatabase("preflight_pgsrc");
        postgresSource.execute(SHOP, ORDERS);
        postgresTarget = servers.postgres().createDatabase("preflight_tgt");
    }

    @AfterAll
    static void tearDown() {
        mariadb.close();
        postgresSource.close();
        postgresTarget.close();
    }

    private static JobConfig job(Endpoint source, Endpoint target) {
        return new JobConfig(Path.of("dbmove.yaml"), "preflight-it", source, target, TableSelection.ALL);
    }

    private static PreflightReport check(Endpoint source, Endpoint target) {
        return new Preflight(5).run(job(source, target));
    }

    private static List<String> failed(PreflightReport report) {
        return report.checks().stream().filter(c -> c.status() == CheckStatus.FAIL).map(CheckResult::check).toList();
    }

    private static CheckResult find(PreflightReport report, String side, String check) {
        return report.checks().stream().filter(c -> c.side().equals(side) && c.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + side + "/" + check + " in " + report.checks()));
    }

    @Test
    void mariadbWithBinlogOnToEmptyPostgresPasses() {
        PreflightReport report = check(mariadb.endpoint(), postgresTarget.endpoint());
        assertThat(failed(report)).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(find(report, "source", "server").found()).contains("MariaDB 11.4");
        assertThat(find(report, "source", "binlog format").found()).isEqualTo("binlog_format is ROW");
        assertThat(find(report, "source", "tables").found()).startsWith("3 of 3 tables");
        // MariaDB's default sql_mode lets zero dates in: a warning with the setting that keeps them out.
        CheckResult zeroDates = find(report, "source", "zero dates");
        assertThat(zeroDates.status()).isEqualTo(CheckStatus.WARN);
        assertThat(zeroDates.fix()).contains("NO_ZERO_DATE,NO_ZERO_IN_DATE");
        assertThat(find(report, "target", "create tables").status()).isEqualTo(CheckStatus.PASS);
        // The probe rolled back: no state schema, no probe table left behind.
        assertThat(postgresTarget.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'dbmove_preflight_it'")).isZero();
        assertThat(postgresTarget.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'dbmove_probe%'")).isZero();
    }

    @Test
    void aJobThatSaysMysqlForAMariaDbServerIsToldWhichItIs() {
        Endpoint asMysql = new Endpoint(DatabaseType.MYSQL, "127.0.0.1", mariadb.endpoint().port(), mariadb.name(), null,
                mariadb.endpoint().user(), mariadb.endpoint().password(), mariadb.endpoint().tls());
        PreflightReport report = check(asMysql, postgresTarget.endpoint());
        CheckResult server = find(report, "source", "server");
        assertThat(server.status()).isEqualTo(CheckStatus.WARN);
        assertThat(server.found()).contains("MariaDB 11.4").contains("source.type: mysql");
        assertThat(server.fix()).isEqualTo("set source.type: mariadb");
        assertThat(failed(report)).isEmpty();
    }

    @Test
    void statementBinlogFailsOnExactlyThatCheckWithTheFix() {
        try (EmbeddedMariaDb statement = EmbeddedMariaDb.start(MariaDbOptions.cdcSource().withBinlogFormat("STATEMENT"));
             TestDatabase db = statement.createDatabase("preflight_stmt")) {
            db.execute(SHOP);
            PreflightReport report = check(db.endpoint(), postgresTarget.endpoint());
            assertThat(failed(report)).containsExactly("binlog format");
            CheckResult format = find(report, "source", "binlog format");
            assertThat(format.found()).contains("binlog_format is STATEMENT");
            assertThat(format.fix()).contains("SET GLOBAL binlog_format = 'ROW'").contains("my.cnf");
        }
    }

    @Test
    void binlogOffFailsOnTheBinaryLogCheck() {
        try (EmbeddedMariaDb off = EmbeddedMariaDb.start(MariaDbOptions.cdcSource().withBinaryLog(false));
             TestDatabase db = off.createDatabase("preflight_nobin")) {
            db.execute(SHOP);
            PreflightReport report = check(db.endpoint(), postgresTarget.endpoint());
            assertThat(failed(report)).containsExactly("binary log");
            assertThat(find(report, "source", "binary log").fix()).contains("log_bin").contains("restart");
        }
    }

    @Test
    void postgresWithWalLevelReplicaFailsWithTheFix() {
        try (EmbeddedPostgres replica = EmbeddedPostgres.start(PostgresOptions.cdcSource().with("wal_level", "replica"));
             TestDatabase db = replica.createDatabase("preflight_replica")) {
            db.execute(SHOP);
            PreflightReport report = check(db.endpoint(), postgresTarget.endpoint());
            assertThat(failed(report)).containsExactly("wal level");
            assertThat(find(report, "source", "wal level").fix()).contains("ALTER SYSTEM SET wal_level = logical");
        }
    }

    @Test
    void postgresSourceToPostgresTargetPasses() {
        PreflightReport report = check(postgresSource.endpoint(), postgresTarget.endpoint());
        assertThat(failed(report)).isEmpty();
        assertThat(find(report, "source", "wal level").found()).isEqualTo("wal_level is logical");
        assertThat(find(report, "source", "replication privilege").found()).contains("superuser");
    }

    @Test
    void anInactiveSlotOfAnotherJobIsNamedWithTheWalItHolds() {
        postgresSource.execute("SELECT pg_create_logical_replication_slot('dbmove_forgotten_job', 'pgoutput')");
        try {
            // WAL written after the slot's position is what it holds back
            postgresSource.execute("CREATE TABLE wal_filler AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 20000) g",
                    "DROP TABLE wal_filler");
            PreflightReport report = check(postgresSource.endpoint(), postgresTarget.endpoint());
            CheckResult forgotten = find(report, "source", "forgotten slots");
            assertThat(forgotten.status()).isEqualTo(CheckStatus.WARN);
            assertThat(forgotten.found()).containsPattern("dbmove_forgotten_job \\(holds [0-9.]+ [kM]B of WAL\\)");
            assertThat(forgotten.fix()).contains("SELECT pg_drop_replication_slot('dbmove_forgotten_job');");
            assertThat(failed(report)).isEmpty(); // a warning, not a refusal
        } finally {
            postgresSource.execute("SELECT pg_drop_replication_slot('dbmove_forgotten_job')");
        }
        // (other tests on this shared server may leave slots of their own: only this one must be gone)
        assertThat(find(check(postgresSource.endpoint(), postgresTarget.endpoint()), "source", "forgotten slots")
                .found()).doesNotContain("dbmove_forgotten_job");
    }

    @Test
    void tablesWithoutAKeyAreListedWithTheRemedy() {
        try (TestDatabase db = servers.mariadb().createDatabase("preflight_nokey")) {
            db.execute(SHOP, "CREATE TABLE audit_log (at DATETIME, message TEXT)",
                    "CREATE TABLE nullable_unique (code VARCHAR(10) UNIQUE, v INT)");
            CheckResult keys = find(check(db.endpoint(), postgresTarget.endpoint()), "source", "keys");
            assertThat(keys.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(keys.found()).contains("audit_log").contains("nullable_unique").doesNotContain("customers");
            assertThat(keys.fix()).contains("ADD PRIMARY KEY").contains("tables.exclude");
        }
    }

    @Test
    void sourceAndTargetOnOneMySqlFamilyServerFailWithTheReason() {
        try (TestDatabase target = servers.mariadb().createDatabase("preflight_same")) {
            PreflightReport report = check(mariadb.endpoint(), target.endpoint());
            CheckResult same = find(report, "target", "separate server");
            assertThat(same.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(same.found()).contains("same server").contains("global read lock");
        }
    }

    @Test
    void aKeyNamedInTheJobFileSatisfiesTheKeyCheck() {
        try (TestDatabase db = servers.mariadb().createDatabase("preflight_keys")) {
            db.execute(SHOP, "CREATE TABLE audit_log (at DATETIME NOT NULL, seq INT NOT NULL, message TEXT)");
            JobConfig keyed = new JobConfig(Path.of("dbmove.yaml"), "preflight-it", db.endpoint(), postgresTarget.endpoint(),
                    new TableSelection(List.of("*"), List.of(), java.util.Map.of("audit_log", List.of("at", "seq"))));
            assertThat(find(new Preflight(5).run(keyed), "source", "keys").status()).isEqualTo(CheckStatus.PASS);
            JobConfig wrong = new JobConfig(Path.of("dbmove.yaml"), "preflight-it", db.endpoint(), postgresTarget.endpoint(),
                    new TableSelection(List.of("*"), List.of(), java.util.Map.of("audit_log", List.of("when"))));
            CheckResult keys = find(new Preflight(5).run(wrong), "source", "keys");
            assertThat(keys.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(keys.found()).contains("tables.keys names missing columns when");
        }
    }

    @Test
    void postgresTableKeyedByAUniqueIndexNeedsItsReplicaIdentity() {
        try (TestDatabase db = servers.postgres().createDatabase("preflight_ident")) {
            db.execute(BY_UNIQUE);
            CheckResult keys = find(check(db.endpoint(), postgresTarget.endpoint()), "source", "keys");
            assertThat(keys.status()).isEqualTo(CheckStatus.WARN);
            assertThat(keys.fix()).contains("REPLICA IDENTITY USING INDEX \"tags_code_key\"");
            db.execute("ALTER TABLE tags REPLICA IDENTITY USING INDEX tags_code_key");
            assertThat(find(check(db.endpoint(), postgresTarget.endpoint()), "source", "keys").status())
                    .isEqualTo(CheckStatus.PASS);
        }
    }

    @Test
    void unmappableColumnTypesAreListed() {
        try (TestDatabase db = servers.mariadb().createDatabase("preflight_types")) {
            db.execute(SHOP, "CREATE TABLE places (id INT PRIMARY KEY, location POINT NOT NULL, name VARCHAR(20))");
            CheckResult types = find(check(db.endpoint(), postgresTarget.endpoint()), "source", "column types");
            assertThat(types.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(types.found()).contains("places.location point").doesNotContain("name");
        }
    }

    @Test
    void aMisspeltTableNameIsReportedWithASuggestion() {
        JobConfig job = new JobConfig(Path.of("dbmove.yaml"), "preflight-it", mariadb.endpoint(),
                postgresTarget.endpoint(), new TableSelection(List.of("customers", "ordres"), List.of()));
        CheckResult tables = find(new Preflight(5).run(job), "source", "tables");
        assertThat(tables.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(tables.found()).contains("ordres (did you mean orders?)");
    }

    @Test
    void aUserWithoutReplicationPrivilegesGetsTheGrant() {
        mariadb.execute("CREATE USER IF NOT EXISTS 'reader'@'%' IDENTIFIED BY 'reader-pw'",
                "GRANT SELECT ON " + mariadb.name() + ".* TO 'reader'@'%'");
        Endpoint reader = mariadb.endpoint().withCredentials("reader", Secret.of("reader-pw"));
        CheckResult privileges = find(check(reader, postgresTarget.endpoint()), "source", "privileges");
        assertThat(privileges.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(privileges.found()).contains("lacks RELOAD, REPLICATION SLAVE, BINLOG MONITOR").doesNotContain("SELECT");
        assertThat(privileges.fix()).isEqualTo(
                "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'reader'@'%';");
    }

    @Test
    void aPostgresUserWithoutReplicationGetsTheAlterRole() {
        postgresSource.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app') THEN"
                        + " CREATE ROLE app LOGIN PASSWORD 'app-pw'; END IF; END $$",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO app");
        Endpoint app = postgresSource.endpoint().withCredentials("app", Secret.of("app-pw"));
        PreflightReport report = check(app, postgresTarget.endpoint());
        assertThat(find(report, "source", "replication privilege").fix()).isEqualTo("ALTER ROLE \"app\" WITH REPLICATION;");
        assertThat(find(report, "source", "publication").found()).contains("not the owner of");
    }

    @Test
    void aWrongPasswordIsOneFailedCheckAndTheOtherSideIsStillChecked() {
        Endpoint wrong = postgresSource.endpoint().withCredentials("postgres", Secret.of("Wr0ng-Secret-Value"));
        PreflightReport report = check(wrong, postgresTarget.endpoint());
        CheckResult connect = find(report, "source", "connect");
        assertThat(connect.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(connect.found()).contains("rejected the login of user 'postgres'");
        assertThat(find(report, "target", "connect").status()).isEqualTo(CheckStatus.PASS);
        assertThat(report.checks().toString()).doesNotContain("Wr0ng-Secret-Value");
    }

    @Test
    void aTargetTableWithRowsFails() {
        try (TestDatabase target = servers.postgres().createDatabase("preflight_full")) {
            target.execute(SHOP, "INSERT INTO customers VALUES (1, 'old')", ORDERS);
            CheckResult tables = find(check(mariadb.endpoint(), target.endpoint()), "target", "target tables");
            assertThat(tables.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(tables.found()).contains("customers").doesNotContain("orders");
        }
    }
}
