package dev.dbmove.replicator.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.Secret;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.core.state.CutoverJournalEntry;
import dev.dbmove.core.state.JobPhase;
import dev.dbmove.core.state.JobState;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.state.TablePhase;
import dev.dbmove.core.state.TableState;
import dev.dbmove.testkit.ManualClock;
import dev.dbmove.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link StateStore} promises, on one target engine; a subclass per engine supplies
 * the target database. Each test owns a job of its own, whose state it drops at the end.
 */
abstract class StateStoreContract {
    private static final Map<String, HikariDataSource> POOLS = new LinkedHashMap<>();

    private final ManualClock clock = new ManualClock(Instant.parse("2024-03-10T05:29:59.999999Z"));
    private JobNames names;
    private StateStore store;

    /** The target database the state goes into (its server's admin user). */
    abstract TestDatabase target();

    @BeforeEach
    void newJob() {
        names = new JobNames("state_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));
        store = new StateStore(target().endpoint(), names, pool(), clock);
    }

    @AfterEach
    void dropJob() {
        if (store != null) { // null when the test was skipped before it began
            store.dropAll();
        }
    }

    @AfterAll
    static void closePools() {
        POOLS.values().forEach(HikariDataSource::close);
        POOLS.clear();
    }

    private HikariDataSource pool() {
        return POOLS.computeIfAbsent(target().name(), n -> DataSources.pool(target().endpoint(), "state-test", 4));
    }

    private Connection connection() throws SQLException {
        Connection c = pool().getConnection();
        c.setAutoCommit(false);
        return c;
    }

    @Test
    void createIsIdempotentAndKeepsTheStateApartFromTheData() throws SQLException {
        assertThat(store.exists()).isFalse();
        store.create();
        try (Connection c = connection()) {
            store.writeOffset(c, "k", "v");
            c.commit();
        }
        store.create();
        store.create();

        assertThat(store.exists()).isTrue();
        assertThat(store.readOffsets()).containsExactly(Map.entry("k", "v"));
        assertThat(store.job().phase()).isEqualTo(JobPhase.CREATED);
        assertThat(store.schema()).isEqualTo(names.stateSchema());
        String schemas = target().endpoint().type().isMySqlFamily()
                ? "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + names.stateSchema() + "'"
                : "SELECT count(*) FROM pg_namespace WHERE nspname = '" + names.stateSchema() + "'";
        assertThat(target().queryLong(schemas)).isEqualTo(1);
        assertThat(target().queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                + names.stateSchema() + "'")).isEqualTo(8);
        assertThat(target().queryLong("SELECT meta_value FROM " + table("meta") + " WHERE meta_key = 'schema_version'"))
                .isEqualTo(4);
    }

    @Test
    void cutoverJournalsComeBackPerRunInOrderAndTheLatestRunIsTheOneBegunLast() {
        store.create();
        assertThat(store.latestCutoverRun()).isEmpty();
        String first = "5f0c9a52-1c1e-4d4b-9a53-2b1f0d3c7e01";
        String second = "0a7d3e11-8b2c-4f6a-b9d0-6c5e4f3a2b10"; // sorts before the first: order is by time, not id
        Instant t0 = Instant.parse("2024-03-10T05:29:59.999999Z");
        List<CutoverJournalEntry> firstRun = List.of(
                new CutoverJournalEntry(first, 1, null, "running", t0, "3 steps: stop shop-web, freeze source, drain"),
                new CutoverJournalEntry(first, 2, "stop shop-web", "started", t0.plusNanos(1_000), null),
                new CutoverJournalEntry(first, 3, "stop shop-web", "failed", t0.plusSeconds(2),
                        "exit 1: Unit 'shop-web.service' — ünïcödé 表 🚀\nsecond line; it's \"quoted\""),
                new CutoverJournalEntry(first, 4, "stop shop-web", "undo-started", t0.plusSeconds(3), null),
                new CutoverJournalEntry(first, 5, "stop shop-web", "undone", t0.plusSeconds(20), null),
                new CutoverJournalEntry(first, 6, null, "rolled-back", t0.plusSeconds(21), null));
        List<CutoverJournalEntry> secondRun = List.of(
                new CutoverJournalEntry(second, 1, null, "running", t0.plusSeconds(10), null),
                new CutoverJournalEntry(second, 2, "o'brien; DROP TABLE x; --", "started", t0.plusSeconds(11), null));
        // Interleaved: the first run wrote last, but the second began last.
        store.appendJournal(firstRun.get(0));
        store.appendJournal(firstRun.get(1));
        store.appendJournal(firstRun.get(2));
        store.appendJournal(secondRun.get(0));
        store.appendJournal(secondRun.get(1));
        firstRun.subList(3, firstRun.size()).forEach(store::appendJournal);

        assertThat(store.journal(first)).containsExactlyElementsOf(firstRun);
        assertThat(store.journal(second)).containsExactlyElementsOf(secondRun);
        assertThat(store.journal("no such run")).isEmpty();
        assertThat(store.latestCutoverRun()).contains(second);

        // A second writer of the same run is refused, and the journal stays as it was.
        assertThatThrownBy(() -> store.appendJournal(new CutoverJournalEntry(second, 2, "other", "started",
                t0.plusSeconds(12), null))).isInstanceOf(DbmoveException.class)
                .hasMessageContaining("entry 2 of cutover run " + second).hasMessageContaining("another dbmove");
        assertThat(store.journal(second)).containsExactlyElementsOf(secondRun);
    }

    @Test
    void stateOfTheVersionBeforeGetsTheCutoverJournal() {
        store.create();
        target().execute("DROP TABLE " + table("cutover_journal"));
        target().execute("UPDATE " + table("meta") + " SET meta_value = '3' WHERE meta_key = 'schema_version'");
        store.create();
        assertThat(target().queryLong("SELECT meta_value FROM " + table("meta") + " WHERE meta_key = 'schema_version'"))
                .isEqualTo(4);
        store.appendJournal(new CutoverJournalEntry("r", 1, null, "running", Instant.EPOCH, null));
        assertThat(store.latestCutoverRun()).contains("r");
    }

    @Test
    void theReplicatorsLiveReportAndValidationResultsAreReadBack() {
        store.create();
        assertThat(store.live()).isEqualTo(dev.dbmove.core.state.LiveState.NONE);
        store.markStarted("host-a", 42);
        java.time.Instant pending = java.time.Instant.parse("2026-01-02T03:04:05.123456Z");
        store.reportLive(pending, Map.of("orders", pending, "items", pending.plusSeconds(1)), 12.5, List.of(1.0, 2.5));
        var live = store.live();
        assertThat(live.pendingSince()).isEqualTo(pending);
        assertThat(live.eventsPerSecond()).isEqualTo(12.5);
        assertThat(live.eventsPerSecondHistory()).containsExactly(1.0, 2.5);
        assertThat(live.tablePendingSince()).containsEntry("orders", pending).containsEntry("items", pending.plusSeconds(1));
        assertThat(live.reportedAt()).isNotNull();
        store.reportLive(null, Map.of(), 0, List.of());
        live = store.live();
        assertThat(live.pendingSince()).isNull();
        assertThat(live.tablePendingSince()).isEmpty();
        assertThat(live.eventsPerSecondHistory()).isEmpty();

        store.recordValidation("orders", "differs", "3 rows differ");
        store.recordValidation("orders", "identical", null);
        assertThat(store.validations()).containsOnlyKeys("orders");
        assertThat(store.validations().get("orders").result()).isEqualTo("identical");
        assertThat(store.validations().get("orders").sourceRows()).isEqualTo(-1);

        java.time.Instant started = java.time.Instant.parse("2026-01-02T03:04:05.123456Z");
        store.recordValidation(new dev.dbmove.core.state.ValidationState("orders", "differs", "1 mismatched", started,
                started.plusSeconds(2), 1000, 999, 1, 2, 3, 4, "mysql-bin.000003:1234"));
        assertThat(store.validations().get("orders")).isEqualTo(new dev.dbmove.core.state.ValidationState("orders",
                "differs", "1 mismatched", started, started.plusSeconds(2), 1000, 999, 1, 2, 3, 4,
                "mysql-bin.000003:1234"));
    }

    @Test
    void stateOfANewerDbmoveIsRefused() {
        store.create();
        target().execute("UPDATE " + table("meta") + " SET meta_value = '99' WHERE meta_key = 'schema_version'");
        assertThatThrownBy(store::create).isInstanceOf(DbmoveException.class)
                .hasMessageContaining("version 99").hasMessageContaining("newer");
    }

    @Test
    void offsetsAreReplacedByKeyAndRemovedByNull() throws SQLException {
        store.create();
        try (Connection c = connection()) {
            store.writeOffset(c, "[\"e\",{\"server\":\"a\"}]", "{\"pos\":1}");
            store.writeOffset(c, "[\"e\",{\"server\":\"b\"}]", "{\"pos\":2}");
            c.commit();
        }
        try (Connection c = connection()) {
            store.writeOffset(c, "[\"e\",{\"server\":\"a\"}]", "{\"pos\":3}");
            c.commit();
        }
        assertThat(store.readOffsets()).containsExactly(
                Map.entry("[\"e\",{\"server\":\"a\"}]", "{\"pos\":3}"), Map.entry("[\"e\",{\"server\":\"b\"}]", "{\"pos\":2}"));

        Map<String, String> batch = new LinkedHashMap<>();
        batch.put("[\"e\",{\"server\":\"a\"}]", null);
        batch.put("[\"e\",{\"server\":\"c\"}]", "{\"pos\":4}");
        store.writeOffsets(batch);
        assertThat(store.readOffsets()).containsExactly(
                Map.entry("[\"e\",{\"server\":\"b\"}]", "{\"pos\":2}"), Map.entry("[\"e\",{\"server\":\"c\"}]", "{\"pos\":4}"));
    }

    @Test
    void countersAreAddedNotOverwritten() throws SQLException {
        store.create();
        Instant first = Instant.parse("2024-01-01T00:00:00.000001Z");
        try (Connection c = connection()) {
            store.addCounts(c, "shop.orders", 3, 2, 1, 0, 100, first, "binlog.000001:400");
            c.commit();
        }
        try (Connection c = connection()) {
            store.addCounts(c, "shop.orders", 4, 0, 5, 1, 50, null, null);
            store.addCounts(c, "shop.customers", 1, 0, 0, 0, 0, null, null);
            c.commit();
        }
        TableState orders = table("shop.orders", store.tables());
        assertThat(List.of(orders.inserts(), orders.updates(), orders.deletes(), orders.ddl(), orders.rowsCopied()))
                .containsExactly(7L, 2L, 6L, 1L, 150L);
        assertThat(orders.lastCommitTs()).isEqualTo(first);
        assertThat(orders.lastPosition()).isEqualTo("binlog.000001:400");
        assertThat(orders.phase()).isEqualTo(TablePhase.SNAPSHOT);
        assertThat(orders.rowsEstimated()).isNull();
        assertThat(table("shop.customers", store.tables()).inserts()).isEqualTo(1);
        assertThat(store.tables()).extracting(TableState::table).containsExactly("shop.customers", "shop.orders");
        try (Connection c = connection()) {
            assertThatThrownBy(() -> store.addCounts(c, "shop.orders", -1, 0, 0, 0, 0, null, null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void concurrentTransactionsLoseNoCount() throws Exception {
        store.create();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        try (Connection c = connection()) {
                            store.addCounts(c, "hot", 1, 2, 0, 0, 10, null, null);
                            c.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        TableState hot = table("hot", store.tables());
        assertThat(hot.inserts()).isEqualTo(100);
        assertThat(hot.updates()).isEqualTo(200);
        assertThat(hot.rowsCopied()).isEqualTo(1000);
    }

    @Test
    void phasesStampTheSnapshotOnceAndCarryTheError() throws SQLException {
        store.create();
        Instant t1 = Instant.parse("2024-03-10T05:30:00.000001Z");
        Instant t2 = Instant.parse("2024-03-10T06:00:00.5Z");
        Instant t3 = Instant.parse("2024-03-10T07:00:00Z");
        clock.set(t1);
        phase("t", TablePhase.SNAPSHOT, null);
        try (Connection c = connection()) {
            store.setRowsEstimated(c, "t", 1234);
            c.commit();
        }
        clock.set(t2);
        phase("t", TablePhase.SNAPSHOT, null);
        TableState snapshot = table("t", store.tables());
        assertThat(snapshot.phase()).isEqualTo(TablePhase.SNAPSHOT);
        assertThat(snapshot.snapshotStartedAt()).isEqualTo(t1);
        assertThat(snapshot.snapshotCompletedAt()).isNull();
        assertThat(snapshot.rowsEstimated()).isEqualTo(1234);
        assertThat(snapshot.updatedAt()).isEqualTo(t2);

        phase("t", TablePhase.STREAMING, null);
        clock.set(t3);
        phase("t", TablePhase.ERROR, "duplicate key on orders (id)=(7)");
        TableState failed = table("t", store.tables());
        assertThat(failed.phase()).isEqualTo(TablePhase.ERROR);
        assertThat(failed.lastError()).isEqualTo("duplicate key on orders (id)=(7)");

        phase("t", TablePhase.STREAMING, null);
        TableState resumed = table("t", store.tables());
        assertThat(resumed.phase()).isEqualTo(TablePhase.STREAMING);
        assertThat(resumed.lastError()).isNull();
        assertThat(resumed.snapshotStartedAt()).isEqualTo(t1);
        assertThat(resumed.snapshotCompletedAt()).isEqualTo(t2);
        phase("t", TablePhase.PAUSED, null);
        assertThat(table("t", store.tables()).phase()).isEqualTo(TablePhase.PAUSED);
    }

    @Test
    void historyComesBackInTheOrderItWasAppended() {
        store.create();
        assertThat(store.hasHistory()).isFalse();
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add("{\"ddl\":\"CREATE TABLE t" + i + " (id INT)\",\"n\":" + i + "}");
        }
        records.add(5, "{\"ddl\":\"CREATE TABLE `ünïcödé 表 🚀` (id INT)\"}");
        records.add(20, "{\"big\":\"" + "x".repeat(2_000_000) + "\"}");
        records.forEach(store::appendHistory);
        assertThat(store.hasHistory()).isTrue();
        assertThat(store.history()).isEqualTo(records);
    }

    @Test
    void instantsComeBackExactlyToTheMicrosecond() throws SQLException {
        store.create();
        List<Instant> instants = List.of(
                Instant.parse("2024-03-10T05:30:00.123456Z"),   // St. John's springs forward at this instant
                Instant.parse("2024-11-03T03:30:00.000001Z"),   // ... and falls back at this one
                Instant.parse("1970-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("2038-01-19T03:14:08.999999Z"),   // past the 32-bit TIMESTAMP range
                Instant.parse("2000-02-29T23:59:59.5Z"));
        for (Instant instant : instants) {
            try (Connection c = connection()) {
                store.recordApplied(c, "pos-" + instant, instant);
                store.addCounts(c, "t", 1, 0, 0, 0, 0, instant, null);
                c.commit();
            }
            assertThat(store.job().appliedCommitTs()).isEqualTo(instant);
            assertThat(table("t", store.tables()).lastCommitTs()).isEqualTo(instant);
        }
        // Finer than microseconds is cut, never rounded into the next microsecond.
        try (Connection c = connection()) {
            store.recordApplied(c, "p", Instant.parse("2024-06-01T12:00:00.999999999Z"));
            c.commit();
        }
        assertThat(store.job().appliedCommitTs()).isEqualTo(Instant.parse("2024-06-01T12:00:00.999999Z"));
        // And the server reads the stored value as that instant too, not as some zone's wall time.
        assertThat(target().queryLong(epochSecondsOfAppliedCommit())).isEqualTo(
                Instant.parse("2024-06-01T12:00:00Z").getEpochSecond());
    }

    @Test
    void aRolledBackTransactionLeavesNothing() throws SQLException {
        store.create();
        try (Connection c = connection()) {
            store.writeOffset(c, "k", "v");
            store.addCounts(c, "t", 1, 1, 1, 1, 1, Instant.EPOCH, "p");
            store.setTablePhase(c, "u", TablePhase.STREAMING, null);
            store.recordApplied(c, "p", Instant.EPOCH);
            store.setJobPhase(c, JobPhase.STREAMING, null);
            c.rollback();
        }
        assertThat(store.readOffsets()).isEmpty();
        assertThat(store.tables()).isEmpty();
        JobState job = store.job();
        assertThat(job.appliedPosition()).isNull();
        assertThat(job.appliedCommitTs()).isNull();
        assertThat(job.phase()).isEqualTo(JobPhase.CREATED);

        try (Connection c = connection()) {
            store.writeOffset(c, "k", "v");
            store.recordApplied(c, "p", Instant.EPOCH);
            c.commit();
        }
        assertThat(store.readOffsets()).containsKey("k");
        assertThat(store.job().appliedPosition()).isEqualTo("p");
        assertThat(store.job().appliedAt()).isEqualTo(clock.instant());
    }

    @Test
    void hostileTableNamesAreStoredAndReadBackAsTheyAre() throws SQLException {
        store.create();
        List<String> names = List.of("o'brien", "back`tick", "\"quoted\"", "semi; DROP TABLE x; --", "ünïcödé 表 🚀",
                "a\\b", "Mixed", "mixed", "a", "a ", "\u00e9", "e\u0301", "shop.orders", "$1");
        try (Connection c = connection()) {
            for (String name : names) {
                store.addCounts(c, name, 1, 0, 0, 0, 0, null, name);
                store.setTablePhase(c, name, TablePhase.STREAMING, "error of " + name);
            }
            c.commit();
        }
        List<TableState> tables = store.tables();
        assertThat(tables).extracting(TableState::table).containsExactlyInAnyOrderElementsOf(names);
        for (TableState t : tables) {
            assertThat(t.lastPosition()).isEqualTo(t.table());
            assertThat(t.lastError()).isEqualTo("error of " + t.table());
            assertThat(t.inserts()).isEqualTo(1);
        }
    }

    @Test
    void jobNamesThatCouldBreakOutOfAnIdentifierAreRejected() {
        for (String hostile : List.of("x\"; DROP SCHEMA public; --", "x`y", "X", "a b", "é", "", "a".repeat(41))) {
            assertThatThrownBy(() -> new JobNames(hostile)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theJobRowFollowsTheReplicatorsLife() throws SQLException {
        store.create();
        Instant start = Instant.parse("2024-05-05T10:00:00.000007Z");
        clock.set(start);
        store.markStarted("replicator-1.example", 4242);
        JobState started = store.job();
        assertThat(started.startedAt()).isEqualTo(start);
        assertThat(started.heartbeatAt()).isEqualTo(start);
        assertThat(started.stoppedAt()).isNull();
        assertThat(started.replicatorHost()).isEqualTo("replicator-1.example");
        assertThat(started.replicatorPid()).isEqualTo(4242L);

        clock.set(start.plusSeconds(5));
        store.heartbeat();
        store.recordSourcePosition("mysql-bin.000003:1200");
        assertThat(store.job().heartbeatAt()).isEqualTo(start.plusSeconds(5));
        assertThat(store.job().sourcePosition()).isEqualTo("mysql-bin.000003:1200");

        store.markStopped();
        assertThat(store.job().phase()).isEqualTo(JobPhase.STOPPED);
        assertThat(store.job().stoppedAt()).isEqualTo(start.plusSeconds(5));

        store.markStarted("replicator-2", 7);
        assertThat(store.job().stoppedAt()).isNull();
        try (Connection c = connection()) {
            store.setJobPhase(c, JobPhase.ERROR, "target rejected a row");
            c.commit();
        }
        store.markStopped();
        assertThat(store.job().phase()).isEqualTo(JobPhase.ERROR);
        assertThat(store.job().lastError()).isEqualTo("target rejected a row");
    }

    @Test
    void dropAllRemovesEverythingAndCreateStartsAfresh() throws SQLException {
        store.create();
        try (Connection c = connection()) {
            store.writeOffset(c, "k", "v");
            c.commit();
        }
        store.appendHistory("{}");
        store.dropAll();
        assertThat(store.exists()).isFalse();
        store.dropAll();
        store.create();
        assertThat(store.readOffsets()).isEmpty();
        assertThat(store.history()).isEmpty();
    }

    @Test
    void anUnreachableTargetIsExplainedWithoutThePassword() {
        Endpoint real = target().endpoint();
        String password = "Hunter2-unreachable-secret";
        Endpoint nowhere = real.withPort(freePort()).withCredentials(real.user(), Secret.of(password));
        HikariConfig config = new HikariConfig();
        Dialect dialect = Dialect.of(nowhere.type());
        config.setJdbcUrl(dialect.jdbcUrl(nowhere));
        config.setDataSourceProperties(dialect.jdbcProperties(nowhere, 1));
        config.setConnectionTimeout(1000);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            StateStore unreachable = new StateStore(nowhere, names, ds);
            assertThatThrownBy(unreachable::create).isInstanceOf(DbmoveException.class)
                    .hasMessageContaining("cannot create the job state")
                    .hasMessageContaining("connection refused")
                    .satisfies(e -> assertThat(((DbmoveException) e).describe()).doesNotContain(password));
        }
    }

    // ---- helpers ----

    private void phase(String table, TablePhase phase, String error) throws SQLException {
        try (Connection c = connection()) {
            store.setTablePhase(c, table, phase, error);
            c.commit();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TableState table(String name, List<TableState> tables) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no table " + name + " in " + tables));
    }

    private String table(String name) {
        return target().dialect().quote(names.stateSchema()) + "." + target().dialect().quote(name);
    }

    private String epochSecondsOfAppliedCommit() {
        return target().endpoint().type().isMySqlFamily()
                ? "SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', applied_commit_ts) FROM " + table("job")
                : "SELECT floor(extract(epoch FROM applied_commit_ts)) FROM " + table("job");
    }
}
