package dev.dbmove.testkit;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.TableId;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes to a source table at a set rate while a test copies it: inserts, updates,
 * primary-key updates and deletes, optionally several per transaction. It keeps a model
 * of what the table must hold (committed work only), so a test can compare any copy
 * of the table with what was really written.
 * <p>
 * The table is {@code (id BIGINT PRIMARY KEY, k INT, v VARCHAR(120), amount DECIMAL(12,2))}.
 */
public final class WorkloadWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkloadWriter.class);

    /** One row of the table as the model holds it. */
    public record Row(int k, String v, BigDecimal amount) {
    }

    private final Endpoint endpoint;
    private final TableId table;
    private final Dialect dialect;
    private final double opsPerSecond;
    private final int opsPerTransaction;
    private final Random random;

    private final Map<Long, Row> model = new HashMap<>();
    private final WorkloadReport.Counter counter = new WorkloadReport.Counter();
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;
    private long nextId = 1;

    /**
     * @param opsPerSecond      target rate; the writer never exceeds it (it may fall below on a slow server)
     * @param opsPerTransaction 1 for autocommit-like single-statement transactions
     */
    public WorkloadWriter(Endpoint endpoint, String tableName, double opsPerSecond, int opsPerTransaction, long seed) {
        this.endpoint = endpoint;
        this.table = new TableId(endpoint.schema(), tableName);
        this.dialect = Dialect.of(endpoint.type());
        this.opsPerSecond = opsPerSecond;
        this.opsPerTransaction = Math.max(1, opsPerTransaction);
        this.random = new Random(seed);
    }

    public TableId table() {
        return table;
    }

    /** Creates the table (and loads {@code initialRows} rows); the model starts from them. */
    public synchronized void createTable(int initialRows) {
        String ddl = "CREATE TABLE " + dialect.qualify(table) + " (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL,"
                + " v VARCHAR(120) NOT NULL, amount DECIMAL(12,2))";
        try (Connection c = Jdbc.connect(endpoint, "workload source"); Statement s = c.createStatement()) {
            s.execute(ddl);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(insertSql())) {
                for (int i = 0; i < initialRows; i++) {
                    Row row = randomRow();
                    bindInsert(ps, nextId, row);
                    ps.addBatch();
                    model.put(nextId++, row);
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the workload table " + table + ": " + e.getMessage(), e);
        }
    }

    /** Runs exactly {@code operations} operations now, on the calling thread, at full speed. */
    public WorkloadReport run(int operations) {
        try (Connection c = Jdbc.connect(endpoint, "workload source")) {
            c.setAutoCommit(false);
            for (int done = 0; done < operations; done += opsPerTransaction) {
                transaction(c, Math.min(opsPerTransaction, operations - done));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("workload connection failed: " + e.getMessage(), e);
        }
        return report();
    }

    /** Starts writing in the background at the set rate until {@link #stop()}. */
    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("workload already running");
        }
        thread = new Thread(this::loop, "workload-" + table.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the background writer after its current transaction and reports what it did. */
    public WorkloadReport stop() {
        running.set(false);
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return report();
    }

    private void loop() {
        long intervalNanos = (long) (1e9 * opsPerTransaction / opsPerSecond);
        long next = System.nanoTime();
        Connection c = null;
        while (running.get()) {
            try {
                if (c == null || c.isClosed()) {
                    c = Jdbc.connect(endpoint, "workload source");
                    c.setAutoCommit(false);
                }
                transaction(c, opsPerTransaction);
            } catch (RuntimeException | SQLException e) {
                // The source may be restarting in a fault test: count it, reconnect, go on.
                synchronized (this) {
                    counter.failures++;
                }
                LOG.debug("workload transaction failed: {}", e.getMessage());
                closeQuietly(c);
                c = null;
            }
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                EmbeddedMariaDb.sleep(sleep / 1_000_000);
            } else if (sleep < -1_000_000_000L) {
                next = System.nanoTime(); // fell behind by over a second: do not burst to catch up
            }
        }
        closeQuietly(c);
    }

    /** One transaction of random operations; the model changes only when it commits. */
    private synchronized void transaction(Connection c, int operations) throws SQLException {
        Map<Long, Row> after = new HashMap<>();
        List<Long> removed = new ArrayList<>();
        WorkloadReport.Counter pending = new WorkloadReport.Counter();
        long idBefore = nextId;
        try {
            for (int i = 0; i < operations; i++) {
                operation(c, after, removed, pending);
            }
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; so is the transaction
            }
            nextId = Math.max(nextId, idBefore);
            throw e;
        }
        removed.forEach(model::remove);
        model.putAll(after);
        counter.add(pending);
    }

    private void operation(Connection c, Map<Long, Row> after, List<Long> removed, WorkloadReport.Counter pending)
            throws SQLException {
        Long existing = pickExisting(after, removed);
        int dice = random.nextInt(100);
        if (existing == null || dice < 45) {
            long id = nextId++;
            Row row = randomRow();
            try (PreparedStatement ps = c.prepareStatement(insertSql())) {
                bindInsert(ps, id, row);
                ps.executeUpdate();
            }
            after.put(id, row);
            removed.remove(id);
            pending.inserts++;
        } else if (dice < 75) {
            Row row = randomRow();
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + dialect.qualify(table)
                    + " SET k = ?, v = ?, amount = ? WHERE id = ?")) {
                ps.setInt(1, row.k());
                ps.setString(2, row.v());
                ps.setBigDecimal(3, row.amount());
                ps.setLong(4, existing);
                ps.executeUpdate();
            }
            after.put(existing, row);
            pending.updates++;
        } else if (dice < 85) {
            long newId = nextId++;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + dialect.qualify(table) + " SET id = ? WHERE id = ?")) {
                ps.setLong(1, newId);
                ps.setLong(2, existing);
                ps.executeUpdate();
            }
            Row row = after.containsKey(existing) ? after.remove(existing) : model.get(existing);
            removed.add(existing);
            after.put(newId, row);
            pending.keyUpdates++;
        } else {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + dialect.qualify(table) + " WHERE id = ?")) {
                ps.setLong(1, existing);
                ps.executeUpdate();
            }
            after.remove(existing);
            removed.add(existing);
            pending.deletes++;
        }
    }

    /** A random id that exists as of the current transaction, or null when the table is empty. */
    private Long pickExisting(Map<Long, Row> after, List<Long> removed) {
        if (!after.isEmpty() && random.nextBoolean()) {
            return after.keySet().iterator().next();
        }
        if (model.isEmpty()) {
            return after.isEmpty() ? null : after.keySet().iterator().next();
        }
        // Probe a few random ids below nextId; the model is a hash map, so no index by position.
        for (int i = 0; i < 8; i++) {
            long id = 1 + (long) (random.nextDouble() * (nextId - 1));
            if (model.containsKey(id) && !removed.contains(id)) {
                return id;
            }
        }
        for (Long id : model.keySet()) {
            if (!removed.contains(id)) {
                return id;
            }
        }
        return after.isEmpty() ? null : after.keySet().iterator().next();
    }

    private Row randomRow() {
        int k = random.nextInt(1_000_000);
        String v = "v" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + " ü€😀";
        BigDecimal amount = random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextInt(10_000_000), 2);
        return new Row(k, v, amount);
    }

    private String insertSql() {
        return "INSERT INTO " + dialect.qualify(table) + " (id, k, v, amount) VALUES (?, ?, ?, ?)";
    }

    private static void bindInsert(PreparedStatement ps, long id, Row row) throws SQLException {
        ps.setLong(1, id);
        ps.setInt(2, row.k());
        ps.setString(3, row.v());
        ps.setBigDecimal(4, row.amount());
    }

    /** What has been committed so far, with the rows the table must hold now. */
    public synchronized WorkloadReport report() {
        return new WorkloadReport(counter.inserts, counter.updates, counter.keyUpdates, counter.deletes,
                counter.failures, new TreeMap<>(model));
    }

    /**
     * Reads the workload table from any database (the source, or a copy of it) and lists
     * how it differs from the model: empty when it holds exactly the committed rows.
     */
    public List<String> differences(Endpoint copy) {
        Map<Long, Row> expected = report().expectedRows();
        Map<Long, Row> actual = new TreeMap<>();
        Dialect d = Dialect.of(copy.type());
        TableId copyTable = new TableId(copy.schema(), table.name());
        try (Connection c = Jdbc.connect(copy, "copy"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, k, v, amount FROM " + d.qualify(copyTable))) {
            while (rs.next()) {
                actual.put(rs.getLong(1), new Row(rs.getInt(2), rs.getString(3), rs.getBigDecimal(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + copyTable + ": " + e.getMessage(), e);
        }
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<Long, Row> e : expected.entrySet()) {
            Row got = actual.get(e.getKey());
            if (got == null) {
                diffs.add("missing id " + e.getKey());
            } else if (!sameRow(e.getValue(), got)) {
                diffs.add("id " + e.getKey() + ": expected " + e.getValue() + ", found " + got);
            }
        }
        actual.keySet().stream().filter(id -> !expected.containsKey(id)).forEach(id -> diffs.add("unexpected id " + id));
        return diffs;
    }

    private static boolean sameRow(Row a, Row b) {
        boolean amounts = a.amount() == null ? b.amount() == null
                : b.amount() != null && a.amount().compareTo(b.amount()) == 0;
        return a.k() == b.k() && a.v().equals(b.v()) && amounts;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
