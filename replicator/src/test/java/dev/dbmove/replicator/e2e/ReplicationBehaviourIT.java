package dev.dbmove.replicator.e2e;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.TableSelection;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.replicator.Cleanup;
import dev.dbmove.replicator.Replicator;
import dev.dbmove.replicator.engine.ReplicationListener;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TableContents;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keyless tables, PostgreSQL TOAST, and cleanup of what the job owns on the source. */
@ExtendWith(RealDatabases.class)
class ReplicationBehaviourIT {

    @Test
    void aTableWithoutKeyIsRefusedWithTheRemedyAndReplicatesWithAKeyFromTheJobFile(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("keyless_src");
             TestDatabase target = servers.postgres().createDatabase("keyless_tgt")) {
            source.execute("CREATE TABLE audit_log (logged_at DATETIME(6) NOT NULL, seq INT NOT NULL, message TEXT)",
                    "INSERT INTO audit_log VALUES ('2024-01-01 10:00:00.000001', 1, 'first'), ('2024-01-01 10:00:00.000001', 2, 'second')");
            JobConfig refused = new JobConfig(Path.of("dbmove.yaml"), "keyless", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            assertThatThrownBy(() -> new Replicator(refused, new ReplicationListener() { }).run())
                    .isInstanceOfSatisfying(DbmoveException.class, e -> {
                        assertThat(e.getMessage()).contains("audit_log: no primary key");
                        assertThat(e.fix()).contains("tables: {keys: {table: [col, ...]}}").contains("ADD PRIMARY KEY");
                    });

            JobConfig keyed = new JobConfig(Path.of("dbmove.yaml"), "keyless", source.endpoint(), target.endpoint(),
                    new TableSelection(List.of("*"), List.of(), Map.of("audit_log", List.of("logged_at", "seq"))));
            try (ReplicationRun run = new ReplicationRun(keyed)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                source.execute("UPDATE audit_log SET message = 'changed' WHERE seq = 2",
                        "DELETE FROM audit_log WHERE seq = 1",
                        "INSERT INTO audit_log VALUES ('2024-01-02 00:00:00', 3, 'third')");
                List<String> columns = List.of("logged_at", "seq", "message");
                run.awaitUntil(Duration.ofSeconds(60), () -> TableContents.compare(source.endpoint(), target.endpoint(), "audit_log", columns, List.of("logged_at", "seq")));
            }
            assertThat(target.queryLong("SELECT count(*) FROM audit_log")).isEqualTo(2);
        }
    }

    @Test
    void aColumnAddedOnAMariaDbSourceWhileStreamingIsAddedToPostgres(TestServers servers) throws Exception {
        addColumnWhileStreaming(servers.mariadb(), servers.postgres(), "ddl_mp", "ALTER TABLE t ADD COLUMN extra INT DEFAULT 5");
    }

    @Test
    void aColumnAddedOnAPostgresSourceWhileStreamingIsAddedToMariaDb(TestServers servers) throws Exception {
        addColumnWhileStreaming(servers.postgres(), servers.mariadb(), "ddl_pm", "ALTER TABLE t ADD COLUMN extra INTEGER DEFAULT 5");
    }

    @Test
    void aColumnDroppedOrRenamedOnAMariaDbSourceWhileStreamingChangesTheTargetTheSameWay(TestServers servers)
            throws Exception {
        dropAndRenameWhileStreaming(servers.mariadb(), servers.postgres(), "ddl_drop_mp",
                "ALTER TABLE t RENAME COLUMN label TO title");
    }

    @Test
    void aColumnDroppedOrRenamedOnAPostgresSourceWhileStreamingChangesTheTargetTheSameWay(TestServers servers)
            throws Exception {
        dropAndRenameWhileStreaming(servers.postgres(), servers.mariadb(), "ddl_drop_pm",
                "ALTER TABLE t RENAME COLUMN label TO title");
    }

    @Test
    void aMariaDbChangeColumnThatRenamesIsAppliedAsARename(TestServers servers) throws Exception {
        dropAndRenameWhileStreaming(servers.mariadb(), servers.postgres(), "ddl_change_mp",
                "ALTER TABLE t CHANGE COLUMN label title TEXT");
    }

    private static void dropAndRenameWhileStreaming(dev.dbmove.testkit.DatabaseServer sourceServer,
                                                    dev.dbmove.testkit.DatabaseServer targetServer, String name,
                                                    String rename) throws Exception {
        try (TestDatabase source = sourceServer.createDatabase(name + "_src");
             TestDatabase target = targetServer.createDatabase(name + "_tgt")) {
            source.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10), old_note TEXT, label TEXT)",
                    "INSERT INTO t VALUES (1, 'a', 'x', 'l1')");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), name, source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                source.execute("ALTER TABLE t DROP COLUMN old_note", "INSERT INTO t VALUES (2, 'b', 'l2')");
                run.awaitUntil(Duration.ofSeconds(90), () -> {
                    List<String> diffs = new java.util.ArrayList<>(TableContents.compare(source.endpoint(),
                            target.endpoint(), "t", List.of("id", "v", "label"), List.of("id")));
                    if (columnCount(target, "old_note") != 0) {
                        diffs.add("old_note still on the target");
                    }
                    return diffs;
                });
                source.execute(rename, "INSERT INTO t VALUES (3, 'c', 't3')", "UPDATE t SET title = 't1' WHERE id = 1");
                run.awaitUntil(Duration.ofSeconds(90), () -> {
                    List<String> diffs = new java.util.ArrayList<>();
                    if (columnCount(target, "title") != 1) {
                        diffs.add("title not on the target yet");
                        return diffs;
                    }
                    diffs.addAll(TableContents.compare(source.endpoint(), target.endpoint(), "t",
                            List.of("id", "v", "title"), List.of("id")));
                    return diffs;
                });
            }
            assertThat(columnCount(target, "label")).as("the old name is gone").isZero();
            // Renamed, not dropped and added: the row copied before the rename keeps its value.
            assertThat(target.queryLong("SELECT count(*) FROM t WHERE title = 'l2'")).isEqualTo(1);
        }
    }

    @Test
    void aPostgresColumnDroppedAndAnotherAddedInOneStatementIsNotTakenForARename(TestServers servers)
            throws Exception {
        try (TestDatabase source = servers.postgres().createDatabase("ddl_dropadd_src");
             TestDatabase target = servers.postgres().createDatabase("ddl_dropadd_tgt")) {
            source.execute("CREATE TABLE t (id INT PRIMARY KEY, label TEXT)", "INSERT INTO t VALUES (1, 'l1')");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), "ddl_dropadd", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                source.execute("ALTER TABLE t DROP COLUMN label, ADD COLUMN title TEXT",
                        "INSERT INTO t VALUES (2, 't2')");
                run.awaitUntil(Duration.ofSeconds(90), () -> {
                    if (columnCount(target, "title") != 1 || columnCount(target, "label") != 0) {
                        return List.of("target columns not changed yet");
                    }
                    return TableContents.compare(source.endpoint(), target.endpoint(), "t", List.of("id", "title"),
                            List.of("id"));
                });
            }
            assertThat(target.queryLong("SELECT count(*) FROM t WHERE id = 1 AND title IS NULL")).isEqualTo(1);
        }
    }

    @Test
    void aTruncateWhileStreamingEmptiesTheTargetTable(TestServers servers) throws Exception {
        for (var pair : List.of(List.of(servers.mariadb(), servers.postgres()), List.of(servers.postgres(), servers.mariadb()))) {
            String name = "trunc_" + pair.get(0).type().name().substring(0, 2).toLowerCase();
            try (TestDatabase source = pair.get(0).createDatabase(name + "_src");
                 TestDatabase target = pair.get(1).createDatabase(name + "_tgt")) {
                source.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))",
                        "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
                JobConfig job = new JobConfig(Path.of("dbmove.yaml"), name, source.endpoint(), target.endpoint(),
                        TableSelection.ALL);
                try (ReplicationRun run = new ReplicationRun(job)) {
                    run.awaitSnapshot(Duration.ofSeconds(60));
                    source.execute("TRUNCATE TABLE t", "INSERT INTO t VALUES (3, 'c')");
                    run.awaitSameRows(Duration.ofSeconds(60), source, target, "t", List.of("id", "v"), List.of("id"));
                }
                assertThat(target.queryLong("SELECT count(*) FROM t")).isEqualTo(1);
            }
        }
    }

    @Test
    void aTableCreatedAtAMariaDbSourceWhileStreamingIsCreatedAndCopied(TestServers servers) throws Exception {
        newTableWhileStreaming(servers.mariadb(), servers.postgres(), "newtab_mp");
    }

    @Test
    void aTableCreatedAtAPostgresSourceWhileStreamingIsCreatedAndCopied(TestServers servers) throws Exception {
        newTableWhileStreaming(servers.postgres(), servers.mariadb(), "newtab_pm");
    }

    private static void newTableWhileStreaming(dev.dbmove.testkit.DatabaseServer sourceServer,
                                               dev.dbmove.testkit.DatabaseServer targetServer, String name)
            throws Exception {
        System.setProperty("dbmove.newTables.pollMillis", "500");
        try (TestDatabase source = sourceServer.createDatabase(name + "_src");
             TestDatabase target = targetServer.createDatabase(name + "_tgt")) {
            source.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), name, source.endpoint(), target.endpoint(),
                    new TableSelection(List.of("t", "late_*"), List.of()));
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                source.execute("CREATE TABLE late_orders (id INT PRIMARY KEY, note VARCHAR(20) NOT NULL)",
                        "CREATE UNIQUE INDEX late_orders_note ON late_orders (note)",
                        "INSERT INTO late_orders VALUES (1, 'before'), (2, 'two')",
                        "CREATE TABLE other (id INT PRIMARY KEY)", "INSERT INTO t VALUES (2, 'b')");
                // Changes keep coming while the new table is found and copied.
                for (int i = 3; i < 40; i++) {
                    source.execute("INSERT INTO late_orders VALUES (" + i + ", 'n" + i + "')",
                            "UPDATE late_orders SET note = 'u" + i + "' WHERE id = " + (i - 1),
                            "DELETE FROM late_orders WHERE id = " + (i - 2));
                    Thread.sleep(25);
                }
                run.awaitUntil(Duration.ofSeconds(90), () -> {
                    List<String> diffs = new java.util.ArrayList<>(TableContents.compare(source.endpoint(),
                            target.endpoint(), "t", List.of("id", "v"), List.of("id")));
                    try {
                        diffs.addAll(TableContents.compare(source.endpoint(), target.endpoint(), "late_orders",
                                List.of("id", "note"), List.of("id")));
                    } catch (IllegalStateException notYet) {
                        diffs.add("late_orders not on the target yet");
                    }
                    return diffs;
                });
                assertThat(run.messages()).anyMatch(m -> m.contains("new table(s) at the source: late_orders"));
            }
            assertThat(target.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'other'"))
                    .as("a table the selection does not match stays out").isZero();
        } finally {
            System.clearProperty("dbmove.newTables.pollMillis");
        }
    }

    @Test
    void aSchemaChangeTheTargetCannotRepeatPausesThatTableWithTheStatementAndTheFix(TestServers servers)
            throws Exception {
        try (TestDatabase source = servers.postgres().createDatabase("ddl_pause_src");
             TestDatabase target = servers.mariadb().createDatabase("ddl_pause_tgt")) {
            source.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')",
                    "CREATE TABLE other (id INT PRIMARY KEY)");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), "ddl_pause", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                // No MariaDB type holds a geometric point as PostgreSQL has it.
                source.execute("ALTER TABLE t ADD COLUMN loc point", "INSERT INTO t VALUES (2, 'b', point(1, 2))",
                        "INSERT INTO other VALUES (1)");
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "other", List.of("id"), List.of("id"));
                assertThat(run.messages()).anyMatch(m -> m.startsWith("paused t:") && m.contains("loc")
                        && m.contains("fix:"));
                source.execute("INSERT INTO other VALUES (2)");
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "other", List.of("id"), List.of("id"));
                assertThat(target.queryLong("SELECT count(*) FROM t")).isEqualTo(1);
            }
        }
    }

    @Test
    void aFullLoadStoppedMidwayCopiesOnlyItsUnfinishedTablesAgain(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("partial_src");
             TestDatabase target = servers.postgres().createDatabase("partial_tgt")) {
            source.execute("SET SESSION max_recursive_iterations = 1000000",
                    "CREATE TABLE aaa_small (id INT PRIMARY KEY, v VARCHAR(10))",
                    "INSERT INTO aaa_small VALUES (1, 'a'), (2, 'b')",
                    "CREATE TABLE zzz_big (id INT PRIMARY KEY, v VARCHAR(40))",
                    "INSERT INTO zzz_big WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)"
                            + " SELECT i, CONCAT('row ', i) FROM n");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), "partial", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            String phases = "SELECT string_agg(table_name || '=' || phase, ',' ORDER BY table_name)"
                    + " FROM dbmove_partial.tables";
            try (ReplicationRun run = new ReplicationRun(job)) {
                // Stopped as soon as zzz_big has rows but is not finished (aaa_small, two rows, is done by then).
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                String seen = "";
                java.util.Set<String> states = new java.util.LinkedHashSet<>();
                while (!seen.equals("aaa_small=streaming,zzz_big=snapshot") && System.nanoTime() < deadline) {
                    run.rethrow();
                    try {
                        seen = target.queryString(phases) + (target.queryLong("SELECT count(*) FROM zzz_big") > 0 ? "" : "?");
                    } catch (RuntimeException notYet) {
                        seen = "not started";
                    }
                    states.add(seen);
                    Thread.sleep(5);
                }
                assertThat(seen).as("phases seen: " + states).isEqualTo("aaa_small=streaming,zzz_big=snapshot");
            }
            assertThat(target.queryString(phases)).as("stopped before zzz_big was copied").isEqualTo("aaa_small=streaming,zzz_big=snapshot");
            source.execute("UPDATE aaa_small SET v = 'changed' WHERE id = 1", "DELETE FROM zzz_big WHERE id = 7");
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(120));
                assertThat(run.messages()).anyMatch(m -> m.contains("copying 1 table(s) again: zzz_big"));
                run.awaitUntil(Duration.ofSeconds(60), () -> {
                    List<String> diffs = new java.util.ArrayList<>(TableContents.compare(source.endpoint(),
                            target.endpoint(), "aaa_small", List.of("id", "v"), List.of("id")));
                    diffs.addAll(TableContents.compare(source.endpoint(), target.endpoint(), "zzz_big", List.of("id", "v"),
                            List.of("id")));
                    return diffs;
                });
            }
        }
    }

    private static long columnCount(TestDatabase target, String column) {
        return target.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"
                + " AND column_name = '" + column + "' AND table_schema = " + (target.endpoint().type()
                == dev.dbmove.core.DatabaseType.POSTGRESQL ? "'public'" : "DATABASE()"));
    }

    @Test
    void aColumnWidenedWhileStreamingIsWidenedOnTheTarget(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("ddl_wide_src");
             TestDatabase target = servers.postgres().createDatabase("ddl_wide_tgt")) {
            source.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(5), n INT)", "INSERT INTO t VALUES (1, 'short', 1)");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), "ddl_wide", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                source.execute("INSERT INTO t VALUES (2, 'b', 2)",
                        "ALTER TABLE t MODIFY v VARCHAR(50), MODIFY n BIGINT",
                        "INSERT INTO t VALUES (3, 'a value far longer than five', 9000000000)");
                List<String> columns = List.of("id", "v", "n");
                run.awaitUntil(Duration.ofSeconds(90), () -> TableContents.compare(source.endpoint(), target.endpoint(), "t", columns, List.of("id")));
            }
            assertThat(target.queryLong("SELECT character_maximum_length FROM information_schema.columns"
                    + " WHERE table_name = 't' AND column_name = 'v'")).isEqualTo(50);
        }
    }

    private static void addColumnWhileStreaming(dev.dbmove.testkit.DatabaseServer sourceServer,
                                                dev.dbmove.testkit.DatabaseServer targetServer, String name, String alter)
            throws Exception {
        try (TestDatabase source = sourceServer.createDatabase(name + "_src");
             TestDatabase target = targetServer.createDatabase(name + "_tgt")) {
            source.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), name, source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                source.execute("INSERT INTO t VALUES (2, 'b')", alter, "INSERT INTO t VALUES (3, 'c', 33)",
                        "UPDATE t SET extra = 11 WHERE id = 1");
                List<String> columns = List.of("id", "v", "extra");
                run.awaitUntil(Duration.ofSeconds(90), () -> {
                    try {
                        return TableContents.compare(source.endpoint(), target.endpoint(), "t", columns, List.of("id"));
                    } catch (IllegalStateException notYet) {
                        return List.of(notYet.getMessage());
                    }
                });
            }
            assertThat(target.queryLong("SELECT ddl FROM " + (target.endpoint().type().isMySqlFamily()
                    ? "dbmove_" + name + ".tables" : "dbmove_" + name + ".tables") + " WHERE table_name = 't'")).isOne();
        }
    }

    @Test
    void aValueThePostgresTargetCannotHoldPausesThatTableWithKeyAndColumnWhileOthersFlow(TestServers servers)
            throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("nul_src");
             TestDatabase target = servers.postgres().createDatabase("nul_tgt")) {
            source.execute("CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)", "INSERT INTO notes VALUES (1, 'fine')",
                    "CREATE TABLE other (id INT PRIMARY KEY)");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), "nul", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                source.execute("INSERT INTO notes VALUES (2, CONCAT('a', CHAR(0), 'b'))",
                        "INSERT INTO notes VALUES (3, 'after')", "INSERT INTO other VALUES (1)");
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "other", List.of("id"), List.of("id"));
                assertThat(run.messages()).anyMatch(m -> m.startsWith("paused notes") && m.contains("id=2")
                        && m.contains("column body") && m.contains("NUL") && m.contains("fix:"));
                source.execute("INSERT INTO other VALUES (2)");
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "other", List.of("id"), List.of("id"));
                assertThat(target.queryLong("SELECT count(*) FROM notes")).as("nothing of notes after the value").isEqualTo(1);
                assertThat(target.queryLong("SELECT count(*) FROM dbmove_nul.tables WHERE table_name = 'notes'"
                        + " AND phase = 'paused'")).isEqualTo(1);
            }
            // Fixed at the source: the next start copies the paused table again, nothing lost.
            source.execute("UPDATE notes SET body = 'ab' WHERE id = 2", "INSERT INTO notes VALUES (4, 'later')");
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "notes", List.of("id", "body"), List.of("id"));
            }
        }
    }

    @Test
    void mysqlZeroDatesAreRefusedUnlessTheJobSaysToCopyThemAsNull(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("zero_src");
             TestDatabase target = servers.postgres().createDatabase("zero_tgt")) {
            source.execute("SET SESSION sql_mode = ''", "CREATE TABLE events (id INT PRIMARY KEY, happened DATE, at DATETIME)",
                    "INSERT INTO events VALUES (1, '2024-05-01', '2024-05-01 10:00:00'), (2, '0000-00-00', '2024-00-10 00:00:00')");
            JobConfig refused = new JobConfig(Path.of("dbmove.yaml"), "zero", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            assertThatThrownBy(() -> new Replicator(refused, new ReplicationListener() { }).run())
                    .isInstanceOfSatisfying(DbmoveException.class, e -> {
                        assertThat(e.getMessage()).contains("events.happened: 1 zero date(s)", "events.at: 1 zero date(s)");
                        assertThat(e.fix()).contains("zeroDates: to-null");
                    });
            JobConfig toNull = new JobConfig(Path.of("dbmove.yaml"), "zero", source.endpoint(), target.endpoint(),
                    TableSelection.ALL, new dev.dbmove.config.ReplicationSettings(
                    dev.dbmove.config.ReplicationSettings.SchemaMode.CREATE,
                    dev.dbmove.config.ReplicationSettings.ZeroDates.TO_NULL));
            try (ReplicationRun run = new ReplicationRun(toNull)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
            }
            assertThat(target.queryLong("SELECT count(*) FROM events WHERE id = 2 AND happened IS NULL AND at IS NULL")).isOne();
            assertThat(target.queryLong("SELECT count(*) FROM events WHERE id = 1 AND happened = DATE '2024-05-01'")).isOne();
        }
    }

    @Test
    void aZeroDateWrittenWhileStreamingPausesItsTableUnlessTheJobSaysNull(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("zs_src");
             TestDatabase target = servers.postgres().createDatabase("zs_tgt")) {
            source.execute("CREATE TABLE events (id INT PRIMARY KEY, happened DATE NULL)",
                    "CREATE TABLE moments (id INT PRIMARY KEY, at DATETIME(3) NOT NULL)",
                    "CREATE TABLE stamps (id INT PRIMARY KEY, stamp TIMESTAMP NULL DEFAULT NULL)",
                    "CREATE TABLE other (id INT PRIMARY KEY)",
                    "INSERT INTO events VALUES (1, '2024-05-01')", "INSERT INTO moments VALUES (1, '2024-05-01 10:00:00')",
                    "INSERT INTO stamps VALUES (1, '2024-05-01 10:00:00')");
            JobConfig failing = new JobConfig(Path.of("dbmove.yaml"), "zs", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(failing)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                // A real NULL and the epoch itself are values, not zero dates: they flow.
                source.execute("INSERT INTO events VALUES (2, NULL)", "INSERT INTO moments VALUES (2, '1970-01-01 00:00:00')",
                        "INSERT INTO stamps VALUES (2, NULL)");
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "events", List.of("id", "happened"), List.of("id"));
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "moments", List.of("id", "at"), List.of("id"));
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "stamps", List.of("id", "stamp"), List.of("id"));
                // Zero dates from a session that allows them: each table pauses, naming key and column.
                source.execute("SET SESSION sql_mode = ''", "INSERT INTO events VALUES (3, '0000-00-00')",
                        "UPDATE moments SET at = '2024-00-10 00:00:00' WHERE id = 2",
                        "INSERT INTO stamps VALUES (3, '0000-00-00 00:00:00')", "INSERT INTO other VALUES (1)");
                run.awaitUntil(Duration.ofSeconds(60), () -> List.of("events", "moments", "stamps").stream()
                        .filter(t -> run.messages().stream().noneMatch(m -> m.startsWith("paused " + t))).toList());
                assertThat(run.messages()).anyMatch(m -> m.startsWith("paused events") && m.contains("events.happened")
                        && m.contains("key id=3") && m.contains("zeroDates: to-null"));
                assertThat(run.messages()).anyMatch(m -> m.startsWith("paused moments") && m.contains("moments.at")
                        && m.contains("key id=2") && m.contains("1970-01-01"));
                assertThat(run.messages()).anyMatch(m -> m.startsWith("paused stamps") && m.contains("key id=3"));
                source.execute("INSERT INTO other VALUES (2)");
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "other", List.of("id"), List.of("id"));
                assertThat(target.queryLong("SELECT count(*) FROM events WHERE id = 3")).as("nothing wrong written").isZero();
                assertThat(target.queryLong("SELECT count(*) FROM moments WHERE at <> TIMESTAMP '1970-01-01 00:00:00'"
                        + " AND id = 2")).isZero();
                assertThat(target.queryLong("SELECT count(*) FROM stamps WHERE id = 3")).isZero();
            }
            // The job now asks for NULL; the NOT NULL column cannot take it and is corrected at the source first.
            source.execute("UPDATE moments SET at = '2024-01-10 00:00:00' WHERE id = 2");
            JobConfig toNull = new JobConfig(Path.of("dbmove.yaml"), "zs", source.endpoint(), target.endpoint(),
                    TableSelection.ALL, new dev.dbmove.config.ReplicationSettings(
                    dev.dbmove.config.ReplicationSettings.SchemaMode.CREATE,
                    dev.dbmove.config.ReplicationSettings.ZeroDates.TO_NULL));
            try (ReplicationRun run = new ReplicationRun(toNull)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                source.execute("SET SESSION sql_mode = ''", "INSERT INTO events VALUES (4, '2024-02-00')",
                        "INSERT INTO stamps VALUES (4, '0000-00-00 00:00:00')",
                        "UPDATE moments SET at = '0000-00-00 00:00:00' WHERE id = 1", "INSERT INTO other VALUES (3)");
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "other", List.of("id"), List.of("id"));
                run.awaitUntil(Duration.ofSeconds(60), () -> target.queryLong("SELECT count(*) FROM events WHERE"
                        + " happened IS NULL AND id IN (2, 3, 4)") == 3 && target.queryLong("SELECT count(*) FROM stamps"
                        + " WHERE stamp IS NULL AND id IN (2, 3, 4)") == 3 ? List.of() : List.of("zero dates not yet NULL"));
                run.awaitUntil(Duration.ofSeconds(60), () -> run.messages().stream().anyMatch(m ->
                        m.startsWith("paused moments") && m.contains("key id=1")) ? List.of() : List.of("moments not paused"));
            }
            assertThat(target.queryLong("SELECT count(*) FROM events")).isEqualTo(4);
            assertThat(target.queryLong("SELECT count(*) FROM stamps WHERE stamp = TIMESTAMPTZ '1970-01-01 00:00:00Z'"))
                    .as("a zero TIMESTAMP is not the epoch").isZero();
            assertThat(target.queryLong("SELECT count(*) FROM moments WHERE id = 1 AND at = TIMESTAMP '2024-05-01 10:00:00'"))
                    .as("the NOT NULL column kept its last real value").isOne();
        }
    }

    @Test
    void aRowChangedManyTimesInOneTransactionIsWrittenOnceUnlessAnotherUniqueKeyMakesOrderMatter(TestServers servers)
            throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("coal_src");
             TestDatabase target = servers.postgres().createDatabase("coal_tgt")) {
            source.execute("CREATE TABLE counters (id INT PRIMARY KEY, n INT)", "INSERT INTO counters VALUES (1, 0), (2, 0)",
                    "CREATE TABLE handles (id INT PRIMARY KEY, handle VARCHAR(20) NOT NULL UNIQUE)",
                    "INSERT INTO handles VALUES (1, 'a'), (2, 'b')");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), "coal", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                run.awaitUntil(Duration.ofSeconds(60), () -> target.queryLong("SELECT count(*) FROM pg_indexes"
                        + " WHERE tablename = 'handles' AND indexdef LIKE 'CREATE UNIQUE INDEX%(handle)%'") == 1
                        ? List.of() : List.of("unique key on handles not yet created"));
                // Every row the target really writes to counters is counted.
                target.execute("CREATE TABLE writes (n BIGINT)", "INSERT INTO writes VALUES (0)",
                        "CREATE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                                + " UPDATE writes SET n = n + 1; RETURN NEW; END $$",
                        "CREATE TRIGGER counted AFTER INSERT OR UPDATE ON counters FOR EACH ROW EXECUTE FUNCTION count_write()");
                List<String> hot = new java.util.ArrayList<>(List.of("START TRANSACTION"));
                for (int i = 0; i < 300; i++) {
                    hot.add("UPDATE counters SET n = n + 1 WHERE id = 1");
                    hot.add("UPDATE counters SET n = n + 2 WHERE id = 2");
                }
                hot.add("COMMIT");
                source.execute(hot.toArray(String[]::new));
                // A value moving between rows under a second unique key: written change by change, in order.
                source.execute("START TRANSACTION", "UPDATE handles SET handle = 'c' WHERE id = 1",
                        "UPDATE handles SET handle = 'a' WHERE id = 2", "UPDATE handles SET handle = 'b' WHERE id = 1",
                        "UPDATE handles SET handle = 'd' WHERE id = 2", "COMMIT");
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "counters", List.of("id", "n"), List.of("id"));
                run.awaitSameRows(Duration.ofSeconds(60), source, target, "handles", List.of("id", "handle"),
                        List.of("id"));
            }
            assertThat(target.queryLong("SELECT n FROM counters WHERE id = 2")).isEqualTo(600);
            assertThat(target.queryLong("SELECT n FROM writes")).as("600 changes to 2 rows in one transaction")
                    .isEqualTo(2);
        }
    }

    @Test
    void anUnchangedToastedValueIsKeptWhenAnotherColumnIsUpdated(TestServers servers) throws Exception {
        try (TestDatabase source = servers.postgres().createDatabase("toast_src");
             TestDatabase target = servers.postgres().createDatabase("toast_tgt")) {
            // Random text does not compress, so 100 kB really goes to TOAST storage.
            source.execute("CREATE TABLE docs (id INT PRIMARY KEY, title TEXT, body TEXT)",
                    "INSERT INTO docs VALUES (1, 'draft', (SELECT string_agg(md5(g::text), '') FROM generate_series(1, 3200) g))");
            JobConfig job = new JobConfig(Path.of("dbmove.yaml"), "toast", source.endpoint(), target.endpoint(),
                    TableSelection.ALL);
            try (ReplicationRun run = new ReplicationRun(job)) {
                run.awaitSnapshot(Duration.ofSeconds(60));
                source.execute("UPDATE docs SET title = 'final' WHERE id = 1");
                run.awaitUntil(Duration.ofSeconds(60), () -> target.queryLong(
                        "SELECT count(*) FROM docs WHERE title = 'final'") == 1 ? List.of() : List.of("title not updated yet"));
            }
            assertThat(target.queryLong("SELECT length(body) FROM docs WHERE id = 1")).isEqualTo(102_400);
            assertThat(target.queryLong("SELECT count(*) FROM docs d WHERE body LIKE '__debezium%'")).isZero();
            List<String> columns = List.of("id", "title", "body");
            assertThat(TableContents.compare(source.endpoint(), target.endpoint(), "docs", columns, List.of("id"))).isEmpty();

            assertThat(source.queryLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'dbmove_toast'")).isOne();
            assertThat(Cleanup.run(job)).containsExactly("replication slot dbmove_toast: dropped",
                    "publication dbmove_toast: dropped");
            assertThat(source.queryLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'dbmove_toast'")).isZero();
            assertThat(source.queryLong("SELECT count(*) FROM pg_publication WHERE pubname = 'dbmove_toast'")).isZero();
        }
    }
}
