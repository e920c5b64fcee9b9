package dev.dbmove.cli;

import dev.dbmove.core.Endpoint;
import dev.dbmove.testkit.EmbeddedMariaDb;
import dev.dbmove.testkit.MariaDbOptions;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Big and awkward data through {@code dbmove replicate} run as a user runs it: a child JVM with the
 * launcher's 512 MB heap, killed on OutOfMemoryError (so running out fails the test with its log),
 * its heap read from its GC log and printed for every step. Each value is made by the source server
 * and compared on both sides by length and MD5 or by server-side digests, not pulled into the test.
 * <ul>
 * <li>64 MB MariaDB LONGBLOBs into PostgreSQL: copied by the full load, inserted, updated, and two
 *     in one transaction while streaming; 32 MB bytea values from PostgreSQL into PostgreSQL and
 *     into MariaDB (Debezium decodes PostgreSQL's values through several copies: 64 MB needs a
 *     1 GB heap, {@code -Dbigdata.pgmb=64 -Dbigdata.jvm=-Xmx1g}), and a MariaDB target whose
 *     max_allowed_packet is too small for a row: check warns, the table pauses naming the setting;</li>
 * <li>the widest tables: 1,017 columns (InnoDB's most) and 1,600 (PostgreSQL's);</li>
 * <li>a source transaction open before the start and through the full load, committed after it;
 *     on PostgreSQL the slot's creation waits for it and dbmove names it;</li>
 * <li>one source transaction of a million inserts applied while streaming (with
 *     {@code -Dbigdata.more=true} also one updating all of them, and a million from PostgreSQL:
 *     another two minutes on two cores).</li>
 * </ul>
 */
@ExtendWith(RealDatabases.class)
class BigDataIT {
    /** InnoDB's most columns per table; PostgreSQL's (the widest rows their row size limits allow need narrow types). */
    private static final int MARIADB_MAX_COLUMNS = 1017;
    private static final int POSTGRES_MAX_COLUMNS = 1600;
    private static final int WIDE_ROWS = 3000;
    private static final int ACCOUNTS = 200_000;
    private static final int MILLION = 1_000_000;
    /** How long the PostgreSQL test holds the transaction the slot waits for. */
    private static final Duration HOLD = Duration.ofSeconds(45);
    /**
     * From PostgreSQL, Debezium decodes a value from pgoutput's text (hex for bytea) through
     * several copies: about nine times the value at once. 32 MB fits 512 MB; 64 MB needs 1 GB.
     */
    private static final int PG_SOURCE_BLOB_MB = Integer.getInteger("bigdata.pgmb", 32);

    @TempDir
    Path dir;

    /** The GC log of the last dbmove replicate started, and how many were. */
    private HeapLog heap;
    private int runs;

    @Test
    void sixtyFourMegabyteBlobsMariaDbToPostgres(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("blob_src");
             TestDatabase target = servers.postgres().createDatabase("blob_tgt")) {
            blobs(source, target, "blob-maria-pg", 64);
        }
    }

    @Test
    void largeByteaPostgresToPostgres(TestServers servers) throws Exception {
        try (TestDatabase source = servers.postgres().createDatabase("blob_src");
             TestDatabase target = servers.postgres().createDatabase("blob_tgt")) {
            blobs(source, target, "blob-pg-pg", PG_SOURCE_BLOB_MB);
        }
    }

    /**
     * PostgreSQL into a MariaDB target whose max_allowed_packet (16 MB) is smaller than a row:
     * dbmove check warns before anything starts; replicate pauses that table, naming the
     * setting, while the other table streams on (it used to take the dropped connection for an
     * outage, retry five times and stop with "Connection reset by peer"). Once the setting is
     * raised, the next run copies the table again (Debezium's snapshot: bytea has no fast path
     * into MariaDB), a value is inserted and updated while streaming, and every value arrives
     * byte for byte.
     */
    @Test
    void postgresBlobsIntoMariaDbAndItsMaxAllowedPacket(TestServers servers) throws Exception {
        String name = "blob-pg-maria";
        int mb = PG_SOURCE_BLOB_MB;
        try (EmbeddedMariaDb small = EmbeddedMariaDb.start(MariaDbOptions.cdcSource()
                .withExtraArguments("--max-allowed-packet=16M"));
             TestDatabase source = servers.postgres().createDatabase("packet_src");
             TestDatabase target = small.createDatabase("packet_tgt")) {
            Sql src = new Sql(false, mb);
            source.execute(src.blobTable(), "INSERT INTO blobs VALUES (1, 'loaded', " + src.blob() + ")",
                    "INSERT INTO blobs VALUES (5, 'small', " + src.smallBlob() + ")",
                    "CREATE TABLE other (id int PRIMARY KEY, v text)", "INSERT INTO other VALUES (1, 'a')");
            Path job = jobFile(name, source.endpoint(), target.endpoint());
            CliRun check = CliRun.of("check", "--config", job.toString());
            String warning = check.out().lines().filter(l -> l.contains("packet size")).findFirst().orElse(check.all());
            System.out.println(name + ": dbmove check: " + warning);
            assertThat(warning).contains("target WARN", "max_allowed_packet is 16 MB");
            assertThat(check.out()).contains("SET GLOBAL max_allowed_packet = 67108864");
            Process p = start(job);
            try {
                await(p, () -> logText().contains("paused blobs"), "the blobs table to pause");
                String paused = logText().substring(logText().indexOf("paused blobs"));
                System.out.println(name + ": " + paused.lines().limit(2).reduce((a, b) -> a + "\n" + b).orElse(""));
                assertThat(paused).contains("row id=1", "max_allowed_packet of 16.0 MB", "SET GLOBAL max_allowed_packet");
                source.execute("INSERT INTO other VALUES (2, 'b')");
                await(p, () -> count(target, "other") == 2, "the other table to stream on");
            } finally {
                ChildDbmove.stop(p);
            }
            target.execute("SET GLOBAL max_allowed_packet = 268435456");
            p = start(job);
            try {
                long started = System.nanoTime();
                await(p, () -> src.blobs(source).equals(Sql.of(target).blobs(target)), "blobs copied again");
                report(name, "full load (copied again) of a " + mb + " MB value", started);
                source.execute("INSERT INTO blobs VALUES (2, 'inserted', " + src.blob() + ")",
                        "UPDATE blobs SET note = 'updated', data = " + src.blob() + " WHERE id = 1");
                long changed = System.nanoTime();
                await(p, () -> src.blobs(source).equals(Sql.of(target).blobs(target)), "the streamed blobs");
                report(name, "streamed insert and update of " + mb + " MB values", changed);
                long bytes = mb * 1024L * 1024;
                assertThat(Sql.of(target).blobs(target)).contains("1:updated:" + bytes + ":", "2:inserted:" + bytes + ":");
            } finally {
                ChildDbmove.stop(p);
            }
            assertHeapBounded(name);
        }
    }

    @Test
    void theWidestTableMariaDbToPostgres(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("wide_src");
             TestDatabase target = servers.postgres().createDatabase("wide_tgt")) {
            wide(source, target, "wide-maria-pg", MARIADB_MAX_COLUMNS);
        }
    }

    @Test
    void theWidestTablePostgresToPostgres(TestServers servers) throws Exception {
        try (TestDatabase source = servers.postgres().createDatabase("wide_src");
             TestDatabase target = servers.postgres().createDatabase("wide_tgt")) {
            wide(source, target, "wide-pg-pg", POSTGRES_MAX_COLUMNS);
        }
    }

    @Test
    void aTransactionOpenThroughTheFullLoadMariaDbToPostgres(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("open_src");
             TestDatabase target = servers.postgres().createDatabase("open_tgt")) {
            Sql sql = Sql.of(source);
            source.execute(sql.accountsTable(), sql.accounts(1, ACCOUNTS));
            Path job = jobFile("open-maria-pg", source.endpoint(), target.endpoint());
            try (Connection open = source.connect(); Statement s = open.createStatement()) {
                open.setAutoCommit(false);
                s.execute(sql.accounts(ACCOUNTS + 1, ACCOUNTS + 1000));
                s.execute("UPDATE accounts SET balance = balance + 1000 WHERE id <= 1000");
                Process p = start(job);
                try {
                    long started = System.nanoTime();
                    ChildDbmove.awaitStreaming(job, Map.of(), p, 1, this::logText);
                    report("open-maria-pg", "full load of " + ACCOUNTS + " rows while a transaction of 2,000 row"
                            + " changes stayed open", started);
                    assertThat(target.queryLong("SELECT count(*) FROM accounts")).isEqualTo(ACCOUNTS);
                    open.commit();
                    long committed = System.nanoTime();
                    awaitAccounts(p, source, target,
                            "the open transaction's rows");
                    report("open-maria-pg", "the transaction committed after the full load, applied", committed);
                    assertNoDuplicates(target, "accounts", ACCOUNTS + 1000);
                } finally {
                    ChildDbmove.stop(p);
                }
            }
            assertHeapBounded("open-maria-pg");
        }
    }

    /**
     * PostgreSQL creates the job's replication slot only once every transaction that was writing
     * when it was asked for has ended: dbmove says which one it waits for, and waits (45 s here;
     * it used to give up after 40 with "Time out while waiting for source task to start"). A
     * transaction opened once the slot exists stays open through the full load and is streamed
     * after its commit.
     */
    @Test
    void aTransactionOpenBeforeTheStartPostgresToPostgres(TestServers servers) throws Exception {
        try (TestDatabase source = servers.postgres().createDatabase("open_src");
             TestDatabase target = servers.postgres().createDatabase("open_tgt")) {
            Sql sql = Sql.of(source);
            source.execute(sql.accountsTable(), sql.accounts(1, ACCOUNTS));
            Path job = jobFile("open-pg-pg", source.endpoint(), target.endpoint());
            try (Connection first = source.connect(); Statement s1 = first.createStatement();
                 Connection second = source.connect(); Statement s2 = second.createStatement()) {
                first.setAutoCommit(false);
                s1.execute(sql.accounts(ACCOUNTS + 1, ACCOUNTS + 1000));
                s1.execute("UPDATE accounts SET balance = balance + 1000 WHERE id <= 1000");
                long pid = pid(first);
                Process p = start(job);
                try {
                    long started = System.nanoTime();
                    await(p, () -> logText().contains("for source transaction pid " + pid), "dbmove to say what the"
                            + " replication slot waits for");
                    String said = logText().lines().filter(l -> l.contains("for source transaction pid " + pid))
                            .findFirst().orElseThrow();
                    System.out.println("open-pg-pg: dbmove said after " + (System.nanoTime() - started) / 1_000_000
                            + " ms: " + said);
                    assertThat(said).contains("replication slot dbmove_open_pg_pg", "open since", "idle in transaction",
                            "SELECT pg_terminate_backend(" + pid + ")");
                    assertThat(ChildDbmove.streaming(target, "dbmove_open_pg_pg")).isFalse();
                    // Held past Debezium's 40 s for a task to start (the run used to end there), and past dbmove's
                    // 30 s repeat of what it waits for.
                    await(p, () -> System.nanoTime() - started > HOLD.toNanos(), "the transaction to be held "
                            + HOLD.toSeconds() + " s");
                    long said2 = logText().lines().filter(l -> l.contains("for source transaction pid " + pid)).count();
                    System.out.println("open-pg-pg: held " + HOLD.toSeconds() + " s; dbmove said so " + said2
                            + " times, still waiting");
                    assertThat(said2).isGreaterThanOrEqualTo(2);
                    assertThat(ChildDbmove.streaming(target, "dbmove_open_pg_pg")).isFalse();
                    first.commit();
                    await(p, () -> slotExists(source, "dbmove_open_pg_pg"), "the replication slot");
                    second.setAutoCommit(false);
                    s2.execute(sql.accounts(ACCOUNTS + 1001, ACCOUNTS + 2000));
                    s2.execute("UPDATE accounts SET balance = balance + 1 WHERE id BETWEEN 1001 AND 2000");
                    boolean openDuringLoad = !ChildDbmove.streaming(target, "dbmove_open_pg_pg");
                    ChildDbmove.awaitStreaming(job, Map.of(), p, 1, this::logText);
                    report("open-pg-pg", "slot wait, then full load of " + ACCOUNTS + " rows ("
                            + (openDuringLoad ? "a second transaction open throughout" : "the second transaction opened"
                            + " as it ended") + ")", started);
                    assertThat(logText()).contains("the source transaction(s) the replication slot waited for ended");
                    second.commit();
                    awaitAccounts(p, source, target,
                            "both transactions' rows");
                    assertNoDuplicates(target, "accounts", ACCOUNTS + 2000);
                } finally {
                    ChildDbmove.stop(p);
                }
            }
            assertHeapBounded("open-pg-pg");
        }
    }

    @Test
    void aMillionRowTransactionMariaDbToPostgres(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("million_src");
             TestDatabase target = servers.postgres().createDatabase("million_tgt")) {
            // The update of all of them (another 60 s on two cores) with -Dbigdata.more=true.
            million(source, target, "million-maria-pg", Boolean.getBoolean("bigdata.more"));
        }
    }

    /** Another minute on two cores: with -Dbigdata.more=true. */
    @Test
    @EnabledIfSystemProperty(named = "bigdata.more", matches = "true")
    void aMillionRowTransactionPostgresToPostgres(TestServers servers) throws Exception {
        try (TestDatabase source = servers.postgres().createDatabase("million_src");
             TestDatabase target = servers.postgres().createDatabase("million_tgt")) {
            million(source, target, "million-pg-pg", false);
        }
    }

    /**
     * One source transaction inserting a million rows while streaming (and, when asked, a
     * second updating all of them): applied under 512 MB, the target ends with the same rows
     * (count and a checksum over every row on both sides), none twice.
     */
    private void million(TestDatabase source, TestDatabase target, String name, boolean update) throws Exception {
        Sql sql = Sql.of(source);
        source.execute(sql.accountsTable(), sql.accounts(1, 1000));
        Path job = jobFile(name, source.endpoint(), target.endpoint());
        Process p = start(job);
        try {
            ChildDbmove.awaitStreaming(job, Map.of(), p, 1, this::logText);
            long began = System.nanoTime();
            source.execute(sql.accounts(1001, 1000 + MILLION)); // one statement, one transaction
            long committed = System.nanoTime();
            awaitAccounts(p, source, target,
                    "the million-row transaction");
            System.out.printf("%s: source transaction of %,d inserts took %.1f s%n", name, MILLION,
                    (committed - began) / 1e9);
            report(name, "a transaction of 1,000,000 inserts applied", committed);
            if (update) {
                began = System.nanoTime();
                source.execute("UPDATE accounts SET balance = balance + 7, owner = CONCAT(owner, '+')");
                committed = System.nanoTime();
                awaitAccounts(p, source, target,
                        "the million-row update");
                System.out.printf("%s: source transaction of %,d updates took %.1f s%n", name, MILLION + 1000,
                        (committed - began) / 1e9);
                report(name, "a transaction of 1,001,000 updates applied", committed);
            }
            assertNoDuplicates(target, "accounts", MILLION + 1000);
        } finally {
            ChildDbmove.stop(p);
        }
        // Nothing here is large: a million rows held at once (the applier's bounds gone) filled the heap until the
        // JVM collected it whole, time and again; bounded, it never has to.
        assertThat(heap.peak().fullCollections()).as("full collections of %s's heap", name).isFalse();
        assertHeapBounded(name);
    }

    /**
     * A table of the most columns the engine allows (narrow types, as the row size limits
     * demand): copied by the full load, then rows inserted, updated and deleted while streaming;
     * every row of both sides compared through a digest of all its columns.
     */
    private void wide(TestDatabase source, TestDatabase target, String name, int columns) throws Exception {
        Sql sql = Sql.of(source);
        Wide wide = new Wide(columns);
        source.execute(wide.create(sql.maria()), wide.insert(sql.maria(), 1, WIDE_ROWS));
        Path job = jobFile(name, source.endpoint(), target.endpoint());
        Process p = start(job);
        try {
            long started = System.nanoTime();
            ChildDbmove.awaitStreaming(job, Map.of(), p, 1, this::logText);
            await(p, () -> wide.digest(source).equals(wide.digest(target)), "the full load of the wide table");
            report(name, "full load of " + WIDE_ROWS + " rows of " + columns + " columns", started);
            inTransaction(source, wide.insert(sql.maria(), WIDE_ROWS + 1, WIDE_ROWS + 200),
                    "UPDATE wide SET c1 = c1 + 1, " + wide.last() + " = " + (sql.maria() ? "CONCAT('u', id % 100)"
                            : "'u' || id % 100") + ", c" + (columns - 1) + " = c" + (columns - 1) + " + 1"
                            + " WHERE id % 7 = 0",
                    "DELETE FROM wide WHERE id % 11 = 0");
            long changed = System.nanoTime();
            await(p, () -> wide.digest(source).equals(wide.digest(target)), "the streamed changes of the wide table");
            report(name, "streamed inserts, updates and deletes of " + columns + "-column rows", changed);
            assertThat(target.queryLong("SELECT count(*) FROM wide")).isEqualTo(source.queryLong("SELECT count(*) FROM wide"));
            assertNoDuplicates(target, "wide", source.queryLong("SELECT count(*) FROM wide"));
        } finally {
            ChildDbmove.stop(p);
        }
        assertHeapBounded(name);
    }

    /**
     * A value of {@code mb} MB copied by the full load, then inserted, updated, and two of them
     * written by one transaction (with a delete) while streaming: each arrives byte for byte
     * (length and MD5 on both sides), and the heap stays within 512 MB.
     */
    private void blobs(TestDatabase source, TestDatabase target, String name, int mb) throws Exception {
        Sql src = new Sql(source.endpoint().type().isMySqlFamily(), mb);
        source.execute(src.blobTable(), "INSERT INTO blobs VALUES (1, 'loaded', " + src.blob() + ")",
                "INSERT INTO blobs VALUES (5, 'small', " + src.smallBlob() + ")");
        Path job = jobFile(name, source.endpoint(), target.endpoint());
        Process p = start(job);
        try {
            long started = System.nanoTime();
            ChildDbmove.awaitStreaming(job, Map.of(), p, 1, this::logText);
            await(p, () -> src.blobs(source).equals(Sql.of(target).blobs(target)), "the full load's blob");
            report(name, "full load of a " + mb + " MB value", started);

            source.execute("INSERT INTO blobs VALUES (2, 'inserted', " + src.blob() + ")");
            long inserted = System.nanoTime();
            await(p, () -> src.blobs(source).equals(Sql.of(target).blobs(target)), "the inserted blob");
            report(name, "streamed insert of a " + mb + " MB value", inserted);

            source.execute("UPDATE blobs SET note = 'updated', data = " + src.blob() + " WHERE id = 1");
            long updated = System.nanoTime();
            await(p, () -> src.blobs(source).equals(Sql.of(target).blobs(target)), "the updated blob");
            report(name, "streamed update of a " + mb + " MB value", updated);

            inTransaction(source, "INSERT INTO blobs VALUES (3, 'tx', " + src.blob() + ")",
                    "INSERT INTO blobs VALUES (4, 'tx', " + src.blob() + ")", "DELETE FROM blobs WHERE id = 5");
            long transaction = System.nanoTime();
            await(p, () -> src.blobs(source).equals(Sql.of(target).blobs(target)), "the transaction's blobs");
            report(name, "one transaction of two " + mb + " MB values", transaction);
            System.out.println(name + ": " + Sql.of(target).blobs(target));
            long bytes = mb * 1024L * 1024;
            assertThat(Sql.of(target).blobs(target)).contains("1:updated:" + bytes + ":", "2:inserted:" + bytes + ":",
                    "3:tx:" + bytes + ":", "4:tx:" + bytes + ":").doesNotContain("5:");
        } finally {
            ChildDbmove.stop(p);
        }
        assertHeapBounded(name);
    }

    private Process start(Path job) throws Exception {
        heap = new HeapLog(dir.resolve("gc-" + ++runs + ".log"));
        return ChildDbmove.replicate(job, log(), Map.of(), heap.jvmOptions());
    }

    private void report(String job, String what, long since) throws Exception {
        System.out.printf("%s: %s in %.1f s; %s%n", job, what, (System.nanoTime() - since) / 1e9, heap.peak());
    }

    /**
     * After the run (which a JVM out of memory would have ended: killed, the waits fail with its
     * log): the GC log was written, the heap never grew past 512 MB, and nothing ran out.
     */
    private void assertHeapBounded(String job) throws Exception {
        HeapLog.Peak peak = heap.peak();
        System.out.println(job + ": " + peak);
        assertThat(peak.collections()).as("collections in GC log %s", heap.file()).isPositive();
        assertThat(peak.capacityMb()).as("heap size of %s", job).isLessThanOrEqualTo(peak.limitMb());
        assertThat(peak.beforeMb()).as("heap in use by %s", job).isLessThanOrEqualTo(peak.limitMb());
        assertThat(logText()).doesNotContain("OutOfMemoryError");
    }

    /** Waits until the target's accounts have the source's count and total, then compares a checksum of every row. */
    private void awaitAccounts(Process p, TestDatabase source, TestDatabase target, String what) throws InterruptedException {
        Sql from = Sql.of(source);
        Sql to = Sql.of(target);
        String totals = from.accountsTotals(source);
        await(p, () -> totals.equals(to.accountsTotals(target)), what);
        assertThat(to.accountsDigest(target)).as(what).isEqualTo(from.accountsDigest(source));
    }

    private static void assertNoDuplicates(TestDatabase target, String table, long rows) {
        assertThat(target.queryLong("SELECT count(*) FROM " + table)).as("rows of %s", table).isEqualTo(rows);
        assertThat(target.queryLong("SELECT count(DISTINCT id) FROM " + table)).as("keys of %s", table).isEqualTo(rows);
    }

    private static long count(TestDatabase db, String table) {
        try {
            return db.queryLong("SELECT count(*) FROM " + table);
        } catch (IllegalStateException e) {
            return -1; // not created yet
        }
    }

    private static long pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean slotExists(TestDatabase source, String slot) {
        return source.queryLong("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'") > 0;
    }

    /** The statements in one source transaction. */
    private static void inTransaction(TestDatabase db, String... statements) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String sql : statements) {
                s.execute(sql);
            }
            c.commit();
        }
    }

    /** A table of {@code columns} columns: the key, then INT columns with a short text every tenth. */
    private record Wide(int columns) {
        private boolean text(int k) {
            return k % 10 == 0;
        }

        /** The last text column. */
        String last() {
            return "c" + (columns - 1) / 10 * 10;
        }

        String create(boolean maria) {
            StringBuilder sql = new StringBuilder("CREATE TABLE wide (id INT PRIMARY KEY");
            for (int k = 1; k < columns; k++) {
                sql.append(", c").append(k).append(text(k) ? " VARCHAR(4) NOT NULL" : " INT NOT NULL");
            }
            return sql.append(")").toString();
        }

        String insert(boolean maria, int from, int to) {
            StringBuilder sql = new StringBuilder("INSERT INTO wide SELECT ");
            String n = maria ? "seq" : "g";
            sql.append(n);
            for (int k = 1; k < columns; k++) {
                sql.append(", ").append(text(k) ? (maria ? "CONCAT('v', (" + n + " + " + k + ") % 100)"
                        : "'v' || (" + n + " + " + k + ") % 100") : "(" + n + " * " + k + ") % 1000003");
            }
            return sql.append(maria ? " FROM seq_" + from + "_to_" + to : " FROM generate_series(" + from + ", " + to
                    + ") g").toString();
        }

        /** MD5 over every row's columns in key order, made by the server (CONCAT_WS nested: PostgreSQL takes 100 arguments). */
        String digest(TestDatabase db) {
            boolean maria = db.endpoint().type().isMySqlFamily();
            StringBuilder row = new StringBuilder("concat_ws(',', id");
            for (int from = 1; from < columns; from += 90) {
                row.append(", concat_ws(',', ");
                for (int k = from; k < Math.min(columns, from + 90); k++) {
                    row.append(k > from ? ", " : "").append("c").append(k);
                }
                row.append(")");
            }
            row.append(")");
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                if (maria) {
                    s.execute("SET SESSION group_concat_max_len = 67108864");
                }
                try (var rs = s.executeQuery(maria
                        ? "SELECT CONCAT(count(*), '/', MD5(GROUP_CONCAT(MD5(" + row + ") ORDER BY id SEPARATOR ''))) FROM wide"
                        : "SELECT count(*) || '/' || md5(string_agg(md5(" + row + "), '' ORDER BY id)) FROM wide")) {
                    rs.next();
                    return rs.getString(1);
                }
            } catch (SQLException e) {
                return "(" + e.getMessage() + ")"; // not created yet
            }
        }
    }

    /** What differs between the engines in these tests' SQL. */
    private record Sql(boolean maria, int mb) {
        static Sql of(TestDatabase db) {
            return new Sql(db.endpoint().type().isMySqlFamily(), 0);
        }

        String blobTable() {
            return maria ? "CREATE TABLE blobs (id INT PRIMARY KEY, note VARCHAR(20), data LONGBLOB)"
                    : "CREATE TABLE blobs (id int PRIMARY KEY, note varchar(20), data bytea)";
        }

        /** {@code mb} MB: a random kilobyte repeated (every byte value occurs, the server makes it, nothing crosses). */
        String blob() {
            return maria ? "REPEAT(RANDOM_BYTES(1024), " + mb * 1024 + ")"
                    : "decode(repeat((SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 64)), " + mb * 1024
                    + "), 'hex')";
        }

        String smallBlob() {
            return maria ? "RANDOM_BYTES(100)" : "decode(md5(random()::text), 'hex')";
        }

        String accountsTable() {
            return maria ? "CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(200), balance BIGINT)"
                    : "CREATE TABLE accounts (id int PRIMARY KEY, owner varchar(200), balance bigint)";
        }

        /** Count and sum of balances: cheap to poll (the target applies a source transaction whole). */
        String accountsTotals(TestDatabase db) {
            try {
                return db.queryString(maria ? "SELECT CONCAT(count(*), '/', sum(balance)) FROM accounts"
                        : "SELECT count(*) || '/' || sum(balance) FROM accounts");
            } catch (IllegalStateException e) {
                return "(" + e.getMessage() + ")";
            }
        }

        /**
         * Rows {@code from} to {@code to} in one statement, of about 180 bytes each: a million of them held at
         * once (the applier's bounds gone) do not fit 512 MB.
         */
        String accounts(long from, long to) {
            return maria ? "INSERT INTO accounts SELECT seq, CONCAT('owner-', seq % 977, '-', REPEAT('x', 150)), seq * 3"
                    + " FROM seq_" + from + "_to_" + to
                    : "INSERT INTO accounts SELECT g, 'owner-' || g % 977 || '-' || repeat('x', 150), g * 3"
                    + " FROM generate_series(" + from + ", " + to + ") g";
        }

        /** Count, sums and an order-independent checksum over every row, computed by the server. */
        String accountsDigest(TestDatabase db) {
            try {
                return db.queryString(maria
                        ? "SELECT CONCAT(count(*), '/', sum(id), '/', sum(balance), '/', sum(CAST(CONV(SUBSTR(MD5(CONCAT("
                        + "id, ':', owner, ':', balance)), 1, 8), 16, 10) AS UNSIGNED))) FROM accounts"
                        : "SELECT count(*) || '/' || sum(id) || '/' || sum(balance) || '/' || sum(('x' || substr(md5("
                        + "id || ':' || owner || ':' || balance), 1, 8))::bit(32)::bigint) FROM accounts");
            } catch (IllegalStateException e) {
                return "(" + e.getMessage() + ")";
            }
        }

        /** Every row's key, note, length and MD5. */
        String blobs(TestDatabase db) {
            try {
                return db.queryString(maria
                        ? "SELECT GROUP_CONCAT(CONCAT(id, ':', note, ':', LENGTH(data), ':', MD5(data)) ORDER BY id)"
                        + " FROM blobs"
                        : "SELECT string_agg(id || ':' || note || ':' || length(data) || ':' || md5(data), ','"
                        + " ORDER BY id) FROM blobs");
            } catch (IllegalStateException e) {
                return "(" + e.getMessage() + ")"; // not created yet
            }
        }
    }

    private Path log() {
        return dir.resolve("replicate.log");
    }

    private String logText() {
        try {
            return Files.readString(log());
        } catch (Exception e) {
            return "";
        }
    }

    private void await(Process p, BooleanSupplier condition, String what) throws InterruptedException {
        ChildDbmove.await(Duration.ofSeconds(120), p, condition, what, this::logText);
    }

    private Path jobFile(String name, Endpoint source, Endpoint target) throws Exception {
        return Files.writeString(dir.resolve("dbmove.yaml"), """
                job: %s
                source: {type: %s, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                target: {type: %s, host: 127.0.0.1, port: %d, database: %s, user: %s, password: "%s"}
                """.formatted(name, source.type().configName(), source.port(), source.database(), source.user(),
                source.password().reveal(), target.type().configName(), target.port(), target.database(),
                target.user(), target.password().reveal()));
    }
}
