package dev.dbmove.replicator.preflight;

import dev.dbmove.config.TableSelection;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DidYouMean;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.KeyInfo;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The selected source tables: that the names in the job file exist, that every table has
 * a key to identify rows by, and that every column type can be mapped.
 */
final class TableChecks {
    private static final String SIDE = "source";

    private TableChecks() {
    }

    static List<CheckResult> run(Connection c, Dialect dialect, List<TableInfo> all, List<TableInfo> selected,
                                 TableSelection selection, String schema) throws SQLException {
        List<CheckResult> results = new ArrayList<>();
        results.add(selection(all, selected, selection, schema));
        if (selected.isEmpty()) {
            return results;
        }
        results.add(keys(c, dialect, selected, selection));
        results.add(types(dialect, selected));
        return results;
    }

    private static CheckResult selection(List<TableInfo> all, List<TableInfo> selected, TableSelection selection,
                                         String schema) {
        List<String> names = all.stream().map(t -> t.id().name()).toList();
        List<String> absent = selection.literalIncludes().stream().filter(n -> !names.contains(n)).toList();
        if (!absent.isEmpty()) {
            List<String> hints = absent.stream().map(n -> DidYouMean.closest(n, names).map(m -> n + " (did you mean " + m + "?)")
                    .orElse(n)).toList();
            return CheckResult.fail(SIDE, "tables", "tables.include names tables that do not exist in " + schema + ": "
                    + Preflight.list(hints), "correct the names in tables.include (names are case-sensitive)");
        }
        if (selected.isEmpty()) {
            return CheckResult.fail(SIDE, "tables", "no table in " + schema + " matches tables.include "
                    + selection.include() + (selection.exclude().isEmpty() ? "" : " minus tables.exclude " + selection.exclude())
                    + " (" + all.size() + " tables there)", "correct tables.include / tables.exclude, or source.database");
        }
        long rows = selected.stream().mapToLong(t -> Math.max(0, t.estimatedRows())).sum();
        return CheckResult.pass(SIDE, "tables", selected.size() + " of " + all.size() + " tables in " + schema
                + " selected, about " + String.format("%,d", rows) + " rows");
    }

    private static CheckResult keys(Connection c, Dialect dialect, List<TableInfo> selected, TableSelection selection)
            throws SQLException {
        List<String> keyless = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        List<String> replicaIdentity = new ArrayList<>();
        for (TableInfo t : selected) {
            Optional<KeyInfo> key = t.rowKey();
            Optional<List<String>> configured = selection.keyFor(t.id().name());
            if (key.isEmpty() && configured.isPresent()) {
                List<String> missing = configured.get().stream().filter(col -> t.column(col).isEmpty()).toList();
                if (!missing.isEmpty()) {
                    keyless.add(t.id().name() + " (tables.keys names missing columns " + String.join(", ", missing) + ")");
                    fixes.add("correct tables.keys." + t.id().name() + ";");
                }
                continue;
            }
            if (key.isEmpty()) {
                keyless.add(t.id().name());
                fixes.add("ALTER TABLE " + dialect.qualify(t.id()) + " ADD PRIMARY KEY (<columns>);");
            } else if (dialect.type() == DatabaseType.POSTGRESQL && !key.get().primary()
                    && !replicaIdentityCovers(c, t)) {
                replicaIdentity.add("ALTER TABLE " + dialect.qualify(t.id()) + " REPLICA IDENTITY USING INDEX "
                        + dialect.quote(key.get().name()) + ";");
            }
        }
        if (!keyless.isEmpty()) {
            return CheckResult.fail(SIDE, "keys", keyless.size() + " table(s) without a primary key or unique NOT NULL key: "
                    + Preflight.list(keyless) + "; without a key, changes cannot be applied to the right row",
                    "add a key (" + String.join(" ", fixes) + "), name key columns in the job file"
                            + " (tables: {keys: {table: [col, ...]}}), or add the table(s) to tables.exclude");
        }
        if (!replicaIdentity.isEmpty()) {
            return CheckResult.warn(SIDE, "keys", replicaIdentity.size() + " table(s) are identified by a unique key,"
                    + " not a primary key, and their replica identity does not carry it: updates and deletes would"
                    + " arrive without the old key", String.join(" ", replicaIdentity));
        }
        return CheckResult.pass(SIDE, "keys", "every selected table has a primary key or unique NOT NULL key");
    }

    private static boolean replicaIdentityCovers(Connection c, TableInfo t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relreplident FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, t.id().schema());
            ps.setString(2, t.id().name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && ("i".equals(rs.getString(1)) || "f".equals(rs.getString(1)));
            }
        }
    }

    private static CheckResult types(Dialect dialect, List<TableInfo> selected) {
        List<String> unsupported = new ArrayList<>();
        for (TableInfo t : selected) {
            for (ColumnInfo col : t.columns()) {
                dialect.unsupportedType(col).ifPresent(reason -> unsupported.add(t.id().name() + "." + col.name()
                        + " " + col.columnType()));
            }
        }
        if (unsupported.isEmpty()) {
            return CheckResult.pass(SIDE, "column types", "every column type can be mapped");
        }
        return CheckResult.fail(SIDE, "column types", unsupported.size() + " column(s) of a type dbmove cannot map: "
                + Preflight.list(unsupported), "add those tables to tables.exclude, or change the columns to a supported"
                + " type (see docs/type-mapping.md)");
    }
}
