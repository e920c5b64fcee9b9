package dev.dbmove.validator;

import dev.dbmove.config.ValidationSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The comparison of one table: hands out key-range chunks sized to take about {@code chunkTime} on the source,
 * compares each chunk's count and hash sum on both sides, bisects a chunk that differs down to ranges of at most
 * {@value #LEAF_ROWS} rows, compares those row by row (digests per column), and, while replication runs, re-checks
 * each differing row after the target has applied the source past the position at which the row was read.
 * Thread-safe: several workers take chunks of the same table.
 */
final class TableCheck {
    static final int LEAF_ROWS = 256;
    static final int PAGE = 1000;
    static final int KEYS_PER_QUERY = 200;
    /** Differing keys kept for a repair; beyond this, the table is better copied again whole. */
    static final int REMEMBERED = 100_000;
    private static final long MIN_CHUNK = 1_000;
    private static final long MAX_CHUNK = 1_000_000;
    /** A table whose key no index serves is scanned once per chunk: at most this many chunks. */
    private static final long UNINDEXED_CHUNKS = 8;

    final TablePair pair;
    private final ValidationSettings settings;
    private final PositionGate gate;
    private final Throttle throttle;
    private final ValidationListener listener;
    private final Clock clock;
    private Instant started;

    // the chunk cursor, guarded by this
    private List<String> nextLower;
    private boolean exhausted;
    private boolean walking;
    private int open;
    private long chunkRows;

    // the outcome, guarded by this
    private long sourceRows;
    private long targetRows;
    private long mismatched;
    private long extraOnSource;
    private long extraOnTarget;
    private long pending;
    private final Map<List<String>, RowDifference.Kind> differing = new LinkedHashMap<>();
    private boolean tooManyToRemember;
    private final List<RowDifference> samples = new ArrayList<>();
    private String error;
    private TableResult result;

    TableCheck(TablePair pair, ValidationSettings settings, PositionGate gate, Throttle throttle,
               ValidationListener listener, Clock clock) {
        this.pair = pair;
        this.settings = settings;
        this.gate = gate;
        this.throttle = throttle;
        this.listener = listener;
        this.clock = clock;
        long first = 10_000;
        if (!pair.indexedRanges() && pair.estimatedRows() > 0) {
            first = Math.max(first, pair.estimatedRows() / UNINDEXED_CHUNKS + 1);
        }
        this.chunkRows = first;
    }

    /** Whether a worker may take the next chunk now (none is being cut, and the table has more). */
    synchronized boolean available() {
        return !exhausted && !walking && error == null;
    }

    /** Every chunk has been handed out, or the table failed. */
    synchronized boolean cutUp() {
        return exhausted || error != null;
    }

    synchronized boolean done() {
        return (exhausted || error != null) && open == 0;
    }

    /** Reserves the cursor for the calling worker; call {@link #nextChunk} next. */
    synchronized boolean reserve() {
        if (!available()) {
            return false;
        }
        walking = true;
        open++;
        if (started == null) {
            started = clock.instant(); // a table's time counts from its first chunk, not from its wait in line
        }
        return true;
    }

    /** Cuts the next chunk from the source (the cursor must be reserved); its upper end is open for the last one. */
    KeyRange nextChunk(Sides sides) throws SQLException {
        List<String> lower;
        long size;
        synchronized (this) {
            lower = nextLower;
            size = chunkRows;
        }
        List<String> upper = firstKey(sides.source, pair.keys(true, new KeyRange(lower, null), size, 1));
        synchronized (this) {
            walking = false;
            nextLower = upper;
            exhausted = upper == null;
        }
        return new KeyRange(lower, upper);
    }

    /** Compares one chunk; any failure makes the table's result an error, other tables go on. */
    void compare(Sides sides, ExecutorService targetSide, KeyRange range) {
        try {
            compareChunk(sides, targetSide, range);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        } catch (SQLException e) {
            fail(e.getMessage());
        } catch (ExecutionException e) {
            fail(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        } catch (RuntimeException e) {
            fail(e.toString());
        } finally {
            synchronized (this) {
                open--;
            }
        }
    }

    /** Records that the chunk could not be cut or compared. */
    synchronized void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    /** Releases a reservation after {@link #nextChunk} failed. */
    synchronized void release() {
        walking = false;
        open--;
    }

    private void compareChunk(Sides sides, ExecutorService targetSide, KeyRange range)
            throws SQLException, InterruptedException, ExecutionException {
        int attempts = gate.online() ? 3 : 1;
        Checksum s;
        Checksum t;
        for (int attempt = 1; ; attempt++) {
            Sums sums = sums(sides, targetSide, range, true);
            s = sums.source();
            t = sums.target();
            throttle.spent(s.rows());
            if (s.matches(t) || attempt >= attempts) {
                break;
            }
            // Perhaps changes in flight: once the target has applied what the source had when read, compare again.
            if (!gate.awaitApplied(gate.sourcePosition(), clock.instant().plus(settings.settleTimeout()))) {
                break;
            }
        }
        synchronized (this) {
            sourceRows += s.rows();
            targetRows += t.rows();
        }
        listener.chunkCompared(pair.name(), s.rows(), t.rows());
        if (!s.matches(t)) {
            bisect(sides, targetSide, range, s, t);
        }
    }

    private synchronized void adapt(long rows, long nanos) {
        if (!pair.indexedRanges() || rows < MIN_CHUNK / 2 || nanos <= 0) {
            return;
        }
        double perSecond = rows * 1e9 / nanos;
        long wanted = (long) (perSecond * settings.chunkTime().toNanos() / 1e9);
        chunkRows = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, (chunkRows + wanted) / 2));
    }

    private void bisect(Sides sides, ExecutorService targetSide, KeyRange range, Checksum s, Checksum t)
            throws SQLException, InterruptedException, ExecutionException {
        if (s.rows() == 0 || t.rows() == 0) {
            oneSided(sides, range, s.rows() > 0);
            return;
        }
        if (s.rows() <= LEAF_ROWS && t.rows() <= LEAF_ROWS) {
            leaf(sides, range);
            return;
        }
        boolean bySource = s.rows() >= t.rows();
        List<String> middle = firstKey(bySource ? sides.source : sides.target,
                pair.keys(bySource, range, (bySource ? s.rows() : t.rows()) / 2, 1));
        if (middle == null || middle.equals(range.lower())) {
            leaf(sides, range); // the side changed under us; compare what is there row by row
            return;
        }
        for (KeyRange half : List.of(range.below(middle), range.from(middle))) {
            Sums sums = sums(sides, targetSide, half, false);
            if (!sums.source().matches(sums.target())) {
                bisect(sides, targetSide, half, sums.source(), sums.target());
            }
        }
    }

    private record Sums(Checksum source, Checksum target) {
    }

    /** Both sides' checksums of a range, computed at the same time; the source's time adapts the chunk size if asked. */
    private Sums sums(Sides sides, ExecutorService targetSide, KeyRange range, boolean adaptChunks)
            throws SQLException, InterruptedException, ExecutionException {
        Future<Checksum> target = targetSide.submit(() -> Checksum.read(sides.target, pair.checksum(false, range)));
        long t0 = System.nanoTime();
        Checksum source = Checksum.read(sides.source, pair.checksum(true, range));
        if (adaptChunks) {
            adapt(source.rows(), System.nanoTime() - t0);
        }
        return new Sums(source, target.get());
    }

    /** A range with rows on one side only: every row there is a candidate, taken a page at a time. */
    private void oneSided(Sides sides, KeyRange range, boolean onSource) throws SQLException, InterruptedException {
        List<String> lower = range.lower();
        while (true) {
            List<List<String>> keys = keyList(onSource ? sides.source : sides.target,
                    pair.keys(onSource, new KeyRange(lower, range.upper()), 0, PAGE + 1));
            Map<List<String>, String[]> src = new LinkedHashMap<>();
            Map<List<String>, String[]> tgt = new LinkedHashMap<>();
            List<List<String>> page = keys.subList(0, Math.min(PAGE, keys.size()));
            (onSource ? src : tgt).putAll(digests(onSource ? sides.source : sides.target, onSource, page));
            resolve(sides, src, tgt);
            if (keys.size() <= PAGE) {
                return;
            }
            lower = keys.get(PAGE);
        }
    }

    private void leaf(Sides sides, KeyRange range) throws SQLException, InterruptedException {
        Map<List<String>, String[]> src = rows(sides.source, pair.digests(true, range));
        Map<List<String>, String[]> tgt = rows(sides.target, pair.digests(false, range));
        resolve(sides, src, tgt);
    }

    /**
     * Settles what a leaf found. Without replication running, a difference is final. With it, each differing row
     * is read on the source, the target is awaited past the source's position, the row is read on the target and
     * then on the source again: equal on both sides, it was in flight; unequal while the source kept the value it
     * had before the wait, it differs; otherwise it is still changing and is tried again until the settle timeout,
     * after which it is pending.
     */
    private void resolve(Sides sides, Map<List<String>, String[]> src, Map<List<String>, String[]> tgt)
            throws SQLException, InterruptedException {
        Set<List<String>> candidates = new LinkedHashSet<>();
        for (Map.Entry<List<String>, String[]> e : src.entrySet()) {
            if (!Arrays.equals(e.getValue(), tgt.get(e.getKey()))) {
                candidates.add(e.getKey());
            }
        }
        for (List<String> key : tgt.keySet()) {
            if (!src.containsKey(key)) {
                candidates.add(key);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        if (!gate.online()) {
            for (List<String> key : candidates) {
                differs(sides, key, src.get(key), tgt.get(key));
            }
            return;
        }
        listener.rechecking(pair.name(), candidates.size());
        Instant deadline = clock.instant().plus(settings.settleTimeout());
        List<List<String>> open = new ArrayList<>(candidates);
        while (!open.isEmpty()) {
            Map<List<String>, String[]> before = digests(sides.source, true, open);
            if (!gate.awaitApplied(gate.sourcePosition(), deadline)) {
                break;
            }
            Map<List<String>, String[]> target = digests(sides.target, false, open);
            Map<List<String>, String[]> after = digests(sides.source, true, open);
            List<List<String>> still = new ArrayList<>();
            for (List<String> key : open) {
                String[] s = before.get(key);
                String[] t = target.get(key);
                if (Arrays.equals(s, t) && Arrays.equals(t, after.get(key))) {
                    continue; // it was in flight
                }
                if (Arrays.equals(s, after.get(key)) && !Arrays.equals(s, t)) {
                    differs(sides, key, s, t);
                } else {
                    still.add(key);
                }
            }
            open = still;
        }
        for (List<String> key : open) {
            synchronized (this) {
                pending++;
                if (samples.size() < settings.samples()) {
                    samples.add(new RowDifference(RowDifference.Kind.PENDING, keyMap(key), List.of()));
                }
            }
        }
    }

    private void differs(Sides sides, List<String> key, String[] source, String[] target) throws SQLException {
        RowDifference.Kind kind = source == null ? RowDifference.Kind.EXTRA_ON_TARGET
                : target == null ? RowDifference.Kind.EXTRA_ON_SOURCE : RowDifference.Kind.MISMATCHED;
        if (kind == RowDifference.Kind.MISMATCHED && sameDocuments(sides, key, source, target)) {
            return;
        }
        boolean sample;
        synchronized (this) {
            switch (kind) {
                case MISMATCHED -> mismatched++;
                case EXTRA_ON_SOURCE -> extraOnSource++;
                default -> extraOnTarget++;
            }
            if (differing.size() < REMEMBERED) {
                differing.put(key, kind);
            } else {
                tooManyToRemember = true;
            }
            sample = samples.size() < settings.samples();
            if (sample) {
                samples.add(null); // the place is taken; filled below, outside the lock
            }
        }
        if (!sample) {
            return;
        }
        RowDifference row = new RowDifference(kind, keyMap(key),
                kind == RowDifference.Kind.MISMATCHED ? columns(sides, key, source, target) : List.of());
        synchronized (this) {
            samples.set(samples.indexOf(null), row);
        }
    }

    /**
     * Whether every column that differs is a JSON document that only reads differently: MariaDB keeps JSON as the
     * text it was given, and its normal form keeps escapes such as {@code \u00e9} that PostgreSQL's jsonb
     * resolves. Such rows are compared once more as parsed documents (numbers by value, object keys unordered).
     */
    private boolean sameDocuments(Sides sides, List<String> key, String[] source, String[] target) throws SQLException {
        List<ColumnPair> values = pair.values();
        List<ColumnPair> differing = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!source[i].equals(target[i])) {
                differing.add(values.get(i));
            }
        }
        if (differing.isEmpty() || !differing.stream().allMatch(c -> c.kind() == dev.dbmove.core.schema.ValueKind.JSON
                && !c.source().array() && c.sourceEngine() != c.targetEngine())) {
            return false;
        }
        String[] s = storedTexts(sides.source, pair.stored(true, differing, key), differing.size());
        String[] t = storedTexts(sides.target, pair.stored(false, differing, key), differing.size());
        if (s == null || t == null) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (!JsonDocuments.same(s[i], t[i])) {
                return false;
            }
        }
        return true;
    }

    private static String[] storedTexts(Connection c, SqlWithParameters sql, int n) throws SQLException {
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                out[i] = rs.getString(i + 1);
            }
            return out;
        }
    }

    /** The differing columns of one row, with the first characters of each side's value. */
    private List<RowDifference.ColumnDifference> columns(Sides sides, List<String> key, String[] source, String[] target)
            throws SQLException {
        String[] s = shown(sides.source, pair.shown(true, List.of(key)));
        String[] t = shown(sides.target, pair.shown(false, List.of(key)));
        List<ColumnPair> values = pair.values();
        List<RowDifference.ColumnDifference> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (source[i].equals(target[i])) {
                continue;
            }
            String name = values.get(i).name();
            boolean masked = settings.masked(pair.name(), name);
            out.add(new RowDifference.ColumnDifference(name, masked ? RowDifference.MASKED : s == null ? null : s[i],
                    masked ? RowDifference.MASKED : t == null ? null : t[i]));
        }
        return out;
    }

    private String[] shown(Connection c, SqlWithParameters sql) throws SQLException {
        int keys = pair.keys().size();
        try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            String[] out = new String[pair.values().size()];
            for (int i = 0; i < out.length; i++) {
                String text = rs.getString(keys + 2 * i + 1);
                long length = rs.getLong(keys + 2 * i + 2);
                out[i] = text == null ? null : length > RowDifference.SHOWN
                        ? text + "… (" + length + " characters)" : text;
            }
            return out;
        }
    }

    private Map<String, String> keyMap(List<String> key) {
        Map<String, String> map = new LinkedHashMap<>();
        List<ColumnPair> keys = pair.keys();
        for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i).name(), key.get(i));
        }
        return map;
    }

    private Map<List<String>, String[]> digests(Connection c, boolean onSource, List<List<String>> keys)
            throws SQLException {
        Map<List<String>, String[]> out = new HashMap<>();
        for (int i = 0; i < keys.size(); i += KEYS_PER_QUERY) {
            out.putAll(rows(c, pair.digests(onSource, keys.subList(i, Math.min(keys.size(), i + KEYS_PER_QUERY)))));
        }
        return out;
    }

    private Map<List<String>, String[]> rows(Connection c, SqlWithParameters sql) throws SQLException {
        return sql.keyedRows(c, pair.keys().size(), pair.values().size());
    }

    private List<String> firstKey(Connection c, SqlWithParameters sql) throws SQLException {
        List<List<String>> keys = keyList(c, sql);
        return keys.isEmpty() ? null : keys.get(0);
    }

    private List<List<String>> keyList(Connection c, SqlWithParameters sql) throws SQLException {
        return new ArrayList<>(sql.keyedRows(c, pair.keys().size(), 0).keySet());
    }

    /**
     * Compares the given rows again (after a repair), replacing what the comparison found with what these rows
     * show now; counts of rows stay as first counted.
     */
    void recheck(Sides sides, List<List<String>> keys) throws SQLException, InterruptedException {
        synchronized (this) {
            mismatched = 0;
            extraOnSource = 0;
            extraOnTarget = 0;
            pending = 0;
            differing.clear();
            samples.clear();
            tooManyToRemember = false;
        }
        for (int i = 0; i < keys.size(); i += PAGE) {
            List<List<String>> page = keys.subList(i, Math.min(keys.size(), i + PAGE));
            resolve(sides, digests(sides.source, true, page), digests(sides.target, false, page));
        }
    }

    /** The differing rows found (at most {@value #REMEMBERED}), by key, for a repair. */
    synchronized Map<List<String>, RowDifference.Kind> differing() {
        return new LinkedHashMap<>(differing);
    }

    synchronized boolean tooManyToRemember() {
        return tooManyToRemember;
    }

    /** The result; call once every chunk is compared. */
    synchronized TableResult result(String sourcePosition, long repaired) {
        long matching = Math.max(0, sourceRows - mismatched - extraOnSource - pending);
        List<RowDifference> shown = samples.stream().filter(java.util.Objects::nonNull).toList();
        Duration took = started == null ? Duration.ZERO : Duration.between(started, clock.instant());
        if (error != null) {
            return TableResult.failed(pair.name(), error, took);
        }
        return new TableResult(pair.name(), sourceRows, targetRows, matching, mismatched, extraOnSource, extraOnTarget,
                pending, repaired, shown, sourcePosition, took, null);
    }
}
