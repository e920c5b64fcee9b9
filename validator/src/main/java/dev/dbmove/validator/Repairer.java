package dev.dbmove.validator;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Copies differing rows again from the source: each key's row as the source holds it now is upserted on the target,
 * and a key the source no longer holds is deleted there. Values travel as the exact text of
 * {@link ColumnPair#exact}, cast to the target column's type by the target. Each batch is one target transaction.
 */
final class Repairer {
    private static final int BATCH = 200;

    private final TablePair pair;

    Repairer(TablePair pair) {
        this.pair = pair;
    }

    /** @return the rows written or deleted on the target */
    long repair(Sides sides, List<List<String>> keys) throws SQLException {
        long changed = 0;
        for (int i = 0; i < keys.size(); i += BATCH) {
            changed += batch(sides, keys.subList(i, Math.min(keys.size(), i + BATCH)));
        }
        return changed;
    }

    private long batch(Sides sides, List<List<String>> keys) throws SQLException {
        Map<List<String>, String[]> rows = pair.exactRows(keys).keyedRows(sides.source, pair.keys().size(),
                pair.columns().size());
        List<List<String>> gone = keys.stream().filter(k -> !rows.containsKey(k)).toList();
        Connection t = sides.target;
        t.setAutoCommit(false);
        try {
            long changed = 0;
            if (!gone.isEmpty()) {
                try (PreparedStatement ps = pair.deleteOnTarget(gone).prepare(t)) {
                    changed += ps.executeUpdate();
                }
            }
            if (!rows.isEmpty()) {
                List<Integer> written = writtenColumns();
                try (PreparedStatement ps = t.prepareStatement(upsert(written))) {
                    for (String[] values : rows.values()) {
                        int p = 1;
                        for (int i : written) {
                            ps.setString(p++, values[i]);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    changed += rows.size();
                }
            }
            t.commit();
            return changed;
        } catch (SQLException | RuntimeException e) {
            t.rollback();
            throw e;
        } finally {
            t.setAutoCommit(true);
        }
    }

    /** Indexes of the columns the target lets dbmove write (not those it generates). */
    private List<Integer> writtenColumns() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < pair.columns().size(); i++) {
            if (!pair.columns().get(i).target().generated()) {
                out.add(i);
            }
        }
        return out;
    }

    private String upsert(List<Integer> written) {
        Dialect d = Dialect.of(pair.targetEngine());
        List<ColumnPair> cols = written.stream().map(i -> pair.columns().get(i)).toList();
        String names = cols.stream().map(c -> d.quote(c.name())).collect(Collectors.joining(", "));
        String values = cols.stream().map(c -> c.cast(false, "?")).collect(Collectors.joining(", "));
        List<ColumnPair> others = cols.stream().filter(c -> !c.key()).toList();
        String insert = "INSERT INTO " + d.qualify(pair.target()) + " (" + names + ") VALUES (" + values + ")";
        if (pair.targetEngine() == DatabaseType.POSTGRESQL) {
            String keys = pair.keys().stream().map(c -> d.quote(c.name())).collect(Collectors.joining(", "));
            return insert + " ON CONFLICT (" + keys + ") DO " + (others.isEmpty() ? "NOTHING" : "UPDATE SET "
                    + others.stream().map(c -> d.quote(c.name()) + " = EXCLUDED." + d.quote(c.name()))
                    .collect(Collectors.joining(", ")));
        }
        List<ColumnPair> update = others.isEmpty() ? pair.keys().subList(0, 1) : others;
        return insert + " ON DUPLICATE KEY UPDATE " + update.stream()
                .map(c -> d.quote(c.name()) + " = VALUES(" + d.quote(c.name()) + ")").collect(Collectors.joining(", "));
    }
}
