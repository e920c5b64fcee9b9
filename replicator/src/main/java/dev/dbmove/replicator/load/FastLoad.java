package dev.dbmove.replicator.load;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.replicator.apply.ApplyTable;
import dev.dbmove.replicator.apply.LoadingTables;
import dev.dbmove.replicator.apply.TableCopier;
import dev.dbmove.replicator.apply.TablePausedException;
import dev.dbmove.replicator.apply.TextLoad;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The fast full load: dbmove's own readers instead of Debezium's snapshot. Tables are cut
 * into ranges of their (leading integer) key; {@code threads} workers, each with one source
 * and one target connection, take the ranges of all tables in turn and stream each straight
 * into the target's bulk path ({@link TextLoad}): PostgreSQL to PostgreSQL as the source's
 * own {@code COPY ... TO STDOUT} text, otherwise the rows of a {@code SELECT} rendered as text.
 * <p>
 * Why it loses and duplicates nothing: it starts only after the stream's start position L
 * is saved, so every range is read after L; it writes a range while holding a turn on the
 * table that the stream cannot hold at the same time ({@link LoadingTables}), and reads it
 * inside that turn: whatever the stream applied before was committed at the source before
 * the read (a row it deleted is not read). While the stream has not written to the table,
 * the target holds only copied rows of other ranges, so the range goes in whole; once it
 * has, the range goes through a temporary table and only rows whose key the target lacks
 * are inserted. Every
 * change after L reaches the target through the stream in order, so each row ends as its
 * last change, or as read if it never changed. A range's rows and the table's copied count
 * commit in one transaction, and a table that did not finish is emptied and copied again by
 * the next run.
 */
public final class FastLoad {
    private static final Logger LOG = LoggerFactory.getLogger(FastLoad.class);
    /** Rows per range: big enough that a range's fixed costs vanish, small enough to share the table with the stream often. */
    static final long CHUNK_ROWS = 50_000;
    /** A table without an integer leading key is read as one range; up to this many rows, else Debezium copies it. */
    static final long ONE_RANGE_ROWS = 4 * CHUNK_ROWS;
    /** Rows per range of this load ({@link #CHUNK_ROWS}; system property {@code dbmove.rangeRows} for tests). */
    private final long rangeRows = Long.getLong("dbmove.rangeRows", CHUNK_ROWS);
    /** Types whose values can be megabytes (MySQL/MariaDB and PostgreSQL names). */
    private static final Set<String> LONG_TYPES = Set.of("tinyblob", "blob", "mediumblob", "longblob", "tinytext", "text",
            "mediumtext", "longtext", "json", "geometry", "bytea", "jsonb", "xml", "tsvector");
    private static final Set<String> INTEGERS = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "int2", "int4", "int8");

    private final Endpoint source;
    private final DatabaseType sourceType;
    private final Endpoint target;
    private final boolean zeroDatesToNull;
    /** Whether the primary key of an empty table may be left off while it loads (a PostgreSQL target dbmove created). */
    private final boolean deferKeys;
    private final int threads;
    private final Function<TableId, TableInfo> sourceTables;
    private final Supplier<Map<TableId, ApplyTable>> applyTables;
    private final StateStore state;
    private final LoadingTables loading;
    private final Consumer<String> messages;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private volatile Boolean localInfile;

    public FastLoad(Endpoint source, DatabaseType sourceType, Endpoint target, boolean zeroDatesToNull,
                    boolean targetCreated, int threads,
                    Function<TableId, TableInfo> sourceTables, Supplier<Map<TableId, ApplyTable>> applyTables,
                    StateStore state, LoadingTables loading, Consumer<String> messages) {
        this.source = source;
        this.sourceType = sourceType;
        this.target = target;
        this.zeroDatesToNull = zeroDatesToNull;
        this.deferKeys = targetCreated && target.type() == DatabaseType.POSTGRESQL;
        this.threads = threads;
        this.sourceTables = sourceTables;
        this.applyTables = applyTables;
        this.state = state;
        this.loading = loading;
        this.messages = messages;
    }

    /** One range of a table ({@code where} empty: the whole table). */
    private record Range(TableInfo source, ApplyTable written, TextColumns text, String where) {
        TableId table() {
            return source.id();
        }

        Range within(String condition) {
            return new Range(source, written, text, condition);
        }
    }

    /**
     * Copies the tables this load can carry, telling the listener made for them, and returns
     * when they are done; the others are told, with the reason, and returned for Debezium.
     */
    public List<TableId> copy(List<TableId> tables, Function<Set<TableId>, TableCopier.Listener> progress)
            throws InterruptedException {
        Map<TableId, ApplyTable> written = applyTables.get();
        Map<TableId, Range> fast = new LinkedHashMap<>();
        List<TableId> left = new ArrayList<>();
        Map<String, String> slow = new LinkedHashMap<>();
        String targetWhy = targetRefusal();
        for (TableId id : tables) {
            TableInfo table = sourceTables.apply(id);
            ApplyTable at = written.get(id);
            String why = targetWhy;
            if (why == null) {
                TextColumns.Decision decision = TextColumns.of(sourceType, target.type(), table, at, zeroDatesToNull);
                if (decision instanceof TextColumns.Slow s) {
                    why = s.reason();
                } else if (!integerLeadingKey(table, at) && table.estimatedRows() > ONE_RANGE_ROWS) {
                    why = "its key does not start with an integer column to cut it into ranges by";
                } else {
                    fast.put(id, new Range(table, at, ((TextColumns.Fast) decision).columns(), ""));
                    continue;
                }
            }
            slow.put(id.name(), why);
            left.add(id);
        }
        if (!slow.isEmpty()) {
            messages.accept("full load through Debezium's snapshot for " + slow.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "))
                    + "; the other " + fast.size() + " table(s) by dbmove's parallel readers");
        }
        if (!fast.isEmpty()) {
            load(fast, progress.apply(Set.copyOf(fast.keySet())));
        }
        return left;
    }

    /** Why the target cannot take the fast load at all, or null. */
    private String targetRefusal() {
        if (!target.type().isMySqlFamily()) {
            return null;
        }
        if (localInfile == null) {
            try (Connection c = Jdbc.connect(target, "target")) {
                localInfile = TextLoad.acceptsLocalInfile(c);
            } catch (SQLException e) {
                localInfile = false;
            }
        }
        return localInfile ? null : "the target's local_infile is OFF; SET GLOBAL local_infile = ON for the fast load";
    }

    private static boolean integerLeadingKey(TableInfo table, ApplyTable at) {
        return table.column(at.key().get(0)).map(c -> INTEGERS.contains(c.dataType()) && !c.array()).orElse(false);
    }

    /** Copies the tables (each given as its whole range) in ranges, telling the listener; returns when all are done. */
    private void load(Map<TableId, Range> tables, TableCopier.Listener listener) throws InterruptedException {
        ConcurrentLinkedQueue<Range> queue = new ConcurrentLinkedQueue<>();
        Map<TableId, AtomicInteger> left = new ConcurrentHashMap<>();
        Set<TableId> paused = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Connection planner = sourceConnection()) {
            List<List<Range>> perTable = new ArrayList<>();
            for (Map.Entry<TableId, Range> e : tables.entrySet()) {
                TableId id = e.getKey();
                List<Range> ranges = ranges(planner, e.getValue());
                left.put(id, new AtomicInteger(ranges.size()));
                perTable.add(new ArrayList<>(ranges));
            }
            // Round robin over the tables, so that the workers mostly write to different tables.
            while (perTable.stream().anyMatch(r -> !r.isEmpty())) {
                for (List<Range> ranges : perTable) {
                    if (!ranges.isEmpty()) {
                        queue.add(ranges.remove(0));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot plan the full load: " + e.getMessage(), e);
        }
        if (deferKeys) {
            deferKeys(tables.values());
        }
        Object tell = new Object();
        long started = System.nanoTime();
        messages.accept("full load of " + tables.size() + " table(s) by dbmove's readers: " + queue.size()
                + " key range(s), " + threads + " at a time, into the target's bulk path");
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.max(1, threads); w++) {
            Thread t = new Thread(() -> {
                try (Connection from = sourceConnection(); TextLoad to = TextLoad.open(target)) {
                    open.add(from);
                    open.add(to.connection());
                    Range range;
                    while (!stopped && failure.get() == null && (range = queue.poll()) != null) {
                        if (paused.contains(range.table())) {
                            continue;
                        }
                        TablePausedException pause = copy(range, from, to, listener, tell);
                        if (pause != null && paused.add(range.table())) {
                            try {
                                restoreKey(range.table());
                            } catch (SQLException e) {
                                // the table is copied again (created anew) when replication restarts
                                LOG.warn("the primary key of paused {} was not made: {}", range.table(), e.getMessage());
                            }
                            loading.pause(range.table());
                            synchronized (tell) {
                                listener.paused(pause);
                            }
                        }
                        if (left.get(range.table()).decrementAndGet() == 0 && !paused.contains(range.table())) {
                            restoreKey(range.table()); // before the stream writes to the table without turns
                            synchronized (tell) {
                                listener.tableCopied(range.table());
                            }
                        }
                    }
                } catch (Throwable e) {
                    if (!stopped) {
                        LOG.error("full load worker failed", e);
                    }
                    failure.compareAndSet(null, e);
                }
            }, "dbmove-load-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        if (stopped) {
            return;
        }
        LOG.info("rows of {} table(s) loaded in {} ms", tables.size(), (System.nanoTime() - started) / 1_000_000);
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("copying " + tables.keySet().stream().map(TableId::name)
                    .collect(Collectors.joining(", "))
                    + " failed: " + t.getMessage(), t);
        }
        try {
            listener.allCopied();
        } catch (SQLException e) {
            throw new IllegalStateException("finishing the full load failed: " + e.getMessage(), e);
        }
    }

    /**
     * Leaves the primary key off the table while it loads, if the table is empty and the stream
     * has not written to it, and the source declares the same key unique (so no two rows of the
     * source share it, and disjoint ranges cannot either): COPY into a table without an index,
     * then one index build, costs about 0.8 of COPY into a table whose key index is kept up row
     * by row. The key is made before the stream's first write to the table, and when its last
     * range is in. A run stopped before that copies the table again, created anew with its key.
     */
    private void deferKeys(java.util.Collection<Range> tables) throws InterruptedException {
        try (Connection c = Jdbc.connect(target, "target"); Statement s = c.createStatement()) {
            for (Range whole : tables) {
                deferKey(whole, s);
            }
        } catch (SQLException e) {
            // kept: the load is only slower with them
            LOG.info("primary keys stay during the load: {}", e.getMessage());
        }
    }

    private void deferKey(Range whole, Statement s) throws InterruptedException {
        ApplyTable written = whole.written();
        if (whole.source().uniqueKeys().stream().noneMatch(k -> k.columns().equals(written.key()))) {
            return;
        }
        LoadingTables.Loading load = loading.acquire(whole.table());
        if (load == null) {
            return;
        }
        Dialect dialect = Dialect.of(DatabaseType.POSTGRESQL);
        String table = dialect.qualify(written.target());
        try {
            if (load.touched()) {
                return;
            }
            String name;
            String definition;
            try (ResultSet rs = s.executeQuery("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE contype = 'p' AND conrelid = '" + table.replace("'", "''") + "'::regclass")) {
                if (!rs.next()) {
                    return;
                }
                name = rs.getString(1);
                definition = rs.getString(2);
            }
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + dialect.quote(name));
            String add = "ALTER TABLE " + table + " ADD CONSTRAINT " + dialect.quote(name) + " " + definition;
            load.deferKey(() -> {
                long started = System.nanoTime();
                try (Connection k = Jdbc.connect(target, "target"); Statement ks = k.createStatement()) {
                    ks.execute("SET maintenance_work_mem = '256MB'");
                    ks.execute(add);
                }
                LOG.info("primary key of {} made in {} ms", written.target(), (System.nanoTime() - started) / 1_000_000);
            });
        } catch (SQLException e) {
            // kept: the load is only slower with it
            LOG.info("the primary key of {} stays during the load: {}", table, e.getMessage());
        } finally {
            LoadingTables.release(load);
        }
    }

    /** Makes the table's primary key if its load left it off, in the table's turn. */
    private void restoreKey(TableId table) throws SQLException, InterruptedException {
        LoadingTables.Loading load = loading.acquire(table);
        if (load != null) {
            try {
                load.restoreKey();
            } finally {
                LoadingTables.release(load);
            }
        }
    }

    /** Stops the workers: the ranges they are in are rolled back; the next run copies unfinished tables again. */
    public void stop() {
        stopped = true;
        for (Connection c : open) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // closing only
            }
        }
    }

    /** Copies one range in its own transaction; returns a pause when its rows do not fit the target. */
    private TablePausedException copy(Range range, Connection from, TextLoad to, TableCopier.Listener listener, Object tell)
            throws SQLException, InterruptedException {
        LoadingTables.Loading load = loading.acquireShared(range.table());
        if (load == null) {
            return null; // no longer loading (paused meanwhile): its rows are not wanted
        }
        try {
            long rows;
            boolean careful = load.touched();
            try {
                rows = read(range, from, to, careful);
            } catch (SQLException e) {
                to.rollback();
                if (careful || !duplicate(e)) {
                    throw e;
                }
                // A key met twice (a row moved between ranges while they were read): the careful path.
                rows = read(range, from, to, true);
            }
            state.addCounts(to.connection(), range.written().stateName(), 0, 0, 0, 0, rows, null, null);
            to.commit();
            synchronized (tell) {
                listener.copied(range.table(), rows);
            }
            return null;
        } catch (SQLException e) {
            to.rollback();
            if (!doesNotFit(e)) {
                throw e;
            }
            return new TablePausedException(range.table(), "a row copied from the source does not fit the target: "
                    + e.getMessage(), "change the target column so that it holds the value, or the source value; then"
                    + " restart dbmove replicate: " + range.table().name() + " is copied again while the other tables"
                    + " stream (replication.fullLoad: debezium copies it through Debezium's conversions instead)");
        } finally {
            LoadingTables.releaseShared(load);
        }
    }

    /** Reads the range on the source and loads it; {@code careful}: only rows whose key the target lacks. */
    private long read(Range range, Connection from, TextLoad to, boolean careful) throws SQLException {
        Dialect dialect = Dialect.of(sourceType);
        String select = "SELECT " + String.join(", ", range.text().expressions()) + " FROM "
                + dialect.qualify(range.table()) + range.where();
        try {
            if (range.text().passThrough()) {
                CopyOutText text = new CopyOutText(from.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("COPY (" + select + ") TO STDOUT" + (range.text().binary() ? " (FORMAT binary)" : "")));
                try {
                    long loaded = load(range, to, text, careful);
                    return careful ? text.rows() : loaded;
                } finally {
                    text.cancel();
                }
            }
            try (Statement s = from.createStatement()) {
                s.setFetchSize(fetchSize(range.source(), from));
                try (ResultSet rs = s.executeQuery(select)) {
                    RowText text = new RowText(rs, range.text(), target.type().isMySqlFamily());
                    long loaded = load(range, to, text, careful);
                    return careful ? text.rows() : loaded;
                }
            }
        } finally {
            endRead(from);
        }
    }

    /**
     * Rows the source driver holds at once. Streamed, not held: MySQL Connector/J streams row by
     * row only at {@link Integer#MIN_VALUE}; the MariaDB driver reads this many rows off the
     * socket at a time, and PostgreSQL's fetches this many per round trip. A table with a column
     * that can hold a large value (a BLOB, TEXT or JSON of up to gigabytes) is read a row at a
     * time from MariaDB (no extra round trip), and 100 rows at a time from PostgreSQL (a round
     * trip per row would cost more than the rows): 5,000 rows of 64 MB values were 300 GB.
     */
    static int fetchSize(TableInfo table, Connection from) throws SQLException {
        if (from.isWrapperFor(com.mysql.cj.jdbc.JdbcConnection.class)) {
            return Integer.MIN_VALUE;
        }
        if (table.columns().stream().noneMatch(FastLoad::longValues)) {
            return 5_000;
        }
        return from.isWrapperFor(org.mariadb.jdbc.Connection.class) ? 1 : 100;
    }

    /** A column whose values can be far larger than a row usually is. */
    private static boolean longValues(dev.dbmove.core.catalog.ColumnInfo column) {
        String type = column.dataType().toLowerCase(java.util.Locale.ROOT);
        return column.array() || LONG_TYPES.contains(type)
                || (type.contains("char") || type.contains("binary")) && (column.length() == null || column.length() > 4096);
    }

    /** Ends a PostgreSQL source's read transaction (a cursor needs one); MySQL/MariaDB reads run in autocommit. */
    private static void endRead(Connection from) throws SQLException {
        if (!from.getAutoCommit()) {
            from.rollback();
        }
    }

    private static long load(Range range, TextLoad to, InputStream text, boolean careful) throws SQLException {
        boolean binary = range.text().binary();
        return careful ? to.loadAbsent(range.written(), text, binary) : to.load(range.written(), text, binary);
    }

    /**
     * The table's ranges, by its leading integer key when it has one, else the whole table.
     * As many as the rows need: the catalog's estimate, or the key's span when that is larger
     * (a table just filled can have an estimate of almost nothing), up to 1,000 ranges more
     * than the estimate asks for (a sparse key spans far more values than rows).
     */
    private List<Range> ranges(Connection c, Range whole) throws SQLException {
        TableInfo table = whole.source();
        long estimate = Math.max(0, table.estimatedRows());
        if (!integerLeadingKey(table, whole.written())) {
            return List.of(whole);
        }
        Dialect dialect = Dialect.of(sourceType);
        String key = dialect.quote(whole.written().key().get(0));
        BigInteger lo;
        BigInteger hi;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MIN(" + key + "), MAX(" + key + ") FROM " + dialect.qualify(table.id()))) {
            rs.next();
            String min = rs.getString(1);
            String max = rs.getString(2);
            if (min == null) {
                return List.of(whole);
            }
            lo = new BigInteger(min);
            hi = new BigInteger(max);
        } finally {
            endRead(c);
        }
        long byEstimate = (estimate + rangeRows - 1) / rangeRows;
        BigInteger bySpan = hi.subtract(lo).divide(BigInteger.valueOf(rangeRows)).add(BigInteger.ONE);
        long count = Math.max(byEstimate, bySpan.min(BigInteger.valueOf(byEstimate + 1_000)).longValueExact());
        if (count <= 1) {
            return List.of(whole);
        }
        BigInteger step = hi.subtract(lo).add(BigInteger.ONE).divide(BigInteger.valueOf(count)).max(BigInteger.ONE);
        List<Range> ranges = new ArrayList<>();
        BigInteger from = null;
        for (long i = 1; i < count; i++) {
            BigInteger to = lo.add(step.multiply(BigInteger.valueOf(i)));
            if (to.compareTo(hi) > 0) {
                break;
            }
            // The first range is open below and the last open above: rows written beyond [min, max] meanwhile count too.
            ranges.add(whole.within(" WHERE " + (from == null ? "" : key + " >= " + from + " AND ") + key + " < " + to));
            from = to;
        }
        ranges.add(whole.within(from == null ? "" : " WHERE " + key + " >= " + from));
        return ranges;
    }

    private Connection sourceConnection() throws SQLException {
        Connection c = Jdbc.connect(source, "source");
        try (Statement s = c.createStatement()) {
            if (sourceType == DatabaseType.POSTGRESQL) {
                s.execute("SET DateStyle = 'ISO, YMD'; SET IntervalStyle = postgres; SET extra_float_digits = 3;"
                        + " SET TimeZone = 'UTC'; SET bytea_output = hex; SET statement_timeout = 0");
                // A cursor (fetch size) needs a transaction; COPY streams either way.
                c.setAutoCommit(false);
            } else {
                s.execute("SET SESSION time_zone = '+00:00', SESSION net_write_timeout = 3600");
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static boolean duplicate(SQLException e) {
        return "23505".equals(e.getSQLState()) || "23000".equals(e.getSQLState()) || e.getErrorCode() == 1062;
    }

    /** A value the target refuses (data exception, constraint), as opposed to a broken connection. */
    private static boolean doesNotFit(SQLException e) {
        String s = e.getSQLState() == null ? "" : e.getSQLState();
        return s.startsWith("22") || s.startsWith("23") && !duplicate(e);
    }
}
