package dev.dbmove.cutover.steps;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.state.TableState;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Moves the target's counters (PostgreSQL identity and serial sequences, MySQL AUTO_INCREMENT)
 * past the values the copy brought, so that the applications' first inserts on the target get
 * new keys: each counter is set to the greatest of the source's next value (so that keys the
 * source handed out and deleted are not handed out again), the target's largest key plus one,
 * and its own next value (it never moves back). Not undone: a counter moved forward harms nothing.
 */
final class SequencesStep extends OneWayStep {
    static final String NAME = "sequences";

    private final Cutover cutover;

    SequencesStep(Cutover cutover) {
        super(NAME, StepKind.SEQUENCES);
        this.cutover = cutover;
    }

    /** One counter: a table's auto-numbered column on the target and the same table on the source. */
    private record Counter(TableInfo sourceTable, TableInfo targetTable, String column) {
        String label() {
            return targetTable.id().name() + "." + column;
        }
    }



    @Override
    public String describe() {
        return NAME + ": move the target's " + (target().type() == DatabaseType.POSTGRESQL ? "identity and serial sequences"
                : "AUTO_INCREMENT counters") + " past the source's next values and the copied keys";
    }

    private Endpoint target() {
        return cutover.job().target();
    }

    private Endpoint source() {
        return cutover.job().source();
    }

    @Override
    public List<String> preflight() {
        try (Connection c = Jdbc.connect(target(), "target"); Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1").close();
            return List.of();
        } catch (dev.dbmove.core.DbmoveException e) {
            return List.of(e.describe());
        } catch (SQLException e) {
            return List.of("the target does not answer: " + e.getMessage());
        }
    }

    @Override
    public void run(StepContext context) throws SQLException {
        try (Connection src = Jdbc.connect(source(), "source"); Connection tgt = Jdbc.connect(target(), "target")) {
            for (Counter counter : counters(src, tgt)) {
                long wanted = wanted(src, tgt, counter);
                set(tgt, counter, wanted);
                context.progress(counter.label() + ": next value " + wanted);
            }
        }
    }

    @Override
    public void check(StepContext context) throws SQLException {
        try (Connection src = Jdbc.connect(source(), "source"); Connection tgt = Jdbc.connect(target(), "target")) {
            for (Counter counter : counters(src, tgt)) {
                long next = next(tgt, target().type(), counter.targetTable(), counter.column()).orElse(Long.MAX_VALUE);
                long max = maxKey(tgt, counter);
                if (next <= max) {
                    throw new IllegalStateException(counter.label() + " would next give " + next + ", a key the target holds");
                }
            }
        }
    }



    private List<Counter> counters(Connection src, Connection tgt) throws SQLException {
        Set<String> replicated = cutover.state().tables().stream().map(TableState::table)
                .map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Map<String, TableInfo> sources = Dialect.of(source().type()).readTables(src, source().schema()).stream()
                .collect(Collectors.toMap(t -> t.id().name().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));
        List<Counter> counters = new ArrayList<>();
        for (TableInfo table : Dialect.of(target().type()).readTables(tgt, target().schema())) {
            String key = table.id().name().toLowerCase(Locale.ROOT);
            TableInfo sourceTable = sources.get(key);
            if (sourceTable == null || !replicated.contains(key)) {
                continue;
            }
            for (ColumnInfo column : table.columns()) {
                if (column.autoIncrement()) {
                    counters.add(new Counter(sourceTable, table, column.name()));
                }
            }
        }
        return counters;
    }

    private long wanted(Connection src, Connection tgt, Counter counter) throws SQLException {
        long wanted = Math.max(1, maxKey(tgt, counter) + 1);
        String sourceColumn = counter.sourceTable().columns().stream().map(ColumnInfo::name)
                .filter(n -> n.equalsIgnoreCase(counter.column())).findFirst().orElse(counter.column());
        wanted = Math.max(wanted, next(src, Jdbc.flavour(src, source().type()), counter.sourceTable(), sourceColumn).orElse(1L));
        return Math.max(wanted, next(tgt, target().type(), counter.targetTable(), counter.column()).orElse(1L));
    }

    private long maxKey(Connection tgt, Counter counter) throws SQLException {
        Dialect dialect = Dialect.of(target().type());
        try (Statement s = tgt.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(" + dialect.quote(counter.column())
                + ") FROM " + dialect.qualify(counter.targetTable().id()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The value the table's counter gives next; empty when it has none (no sequence, or never used). */
    private static Optional<Long> next(Connection c, DatabaseType type, TableInfo table, String column) throws SQLException {
        if (type == DatabaseType.POSTGRESQL) {
            Optional<String> sequence = sequenceOf(c, table, column);
            if (sequence.isEmpty()) {
                return Optional.empty();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM "
                    + sequence.get())) {
                rs.next();
                return Optional.of(rs.getBoolean(2) ? rs.getLong(1) + 1 : rs.getLong(1));
            }
        }
        if (type == DatabaseType.MYSQL) {
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION information_schema_stats_expiry = 0"); // MySQL 8 caches AUTO_INCREMENT otherwise
            } catch (SQLException older) {
                // a server without the cache
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT AUTO_INCREMENT FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, table.id().schema());
            ps.setString(2, table.id().name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long next = rs.getLong(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(next);
                }
                return Optional.empty();
            }
        }
    }

    /** The sequence behind a PostgreSQL identity or serial column, as a qualified, quoted name. */
    private static Optional<String> sequenceOf(Connection c, TableInfo table, String column) throws SQLException {
        Dialect pg = Dialect.of(DatabaseType.POSTGRESQL);
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
            ps.setString(1, pg.qualify(table.id()));
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void set(Connection tgt, Counter counter, long next) throws SQLException {
        if (target().type() == DatabaseType.POSTGRESQL) {
            Optional<String> sequence = sequenceOf(tgt, counter.targetTable(), counter.column());
            if (sequence.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = tgt.prepareStatement("SELECT setval(CAST(? AS regclass), ?, false)")) {
                ps.setString(1, sequence.get());
                ps.setLong(2, next);
                ps.executeQuery().close();
            }
            return;
        }
        try (Statement s = tgt.createStatement()) {
            s.execute("ALTER TABLE " + Dialect.of(target().type()).qualify(counter.targetTable().id())
                    + " AUTO_INCREMENT = " + next);
        }
    }
}
