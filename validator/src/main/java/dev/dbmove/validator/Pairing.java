package dev.dbmove.validator;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.ReplicationSettings;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.RowKeys;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.core.schema.SchemaTranslator;
import dev.dbmove.core.schema.TargetColumn;
import dev.dbmove.core.schema.TargetTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which tables a validation compares and how: reads both catalogs, takes the job's table selection (narrowed by
 * {@code --tables}), identifies rows by the key replication uses, and pairs each source column with the target column
 * of the same name and the value kind the translation gives it. A table that cannot be compared gets a result that
 * says why, and the others go on.
 */
final class Pairing {
    record Plan(List<TablePair> pairs, List<TableResult> unpaired) {
    }

    private Pairing() {
    }

    static Plan read(JobConfig job, List<String> only, Connection source, DatabaseType sourceEngine, Connection target,
                     DatabaseType targetEngine) throws SQLException {
        Dialect sourceDialect = Dialect.of(sourceEngine);
        Map<String, TableInfo> targetTables = new LinkedHashMap<>();
        for (TableInfo t : Dialect.of(targetEngine).readTables(target, job.target().schema())) {
            targetTables.put(t.id().name(), t);
        }
        List<TableInfo> selected = sourceDialect.readTables(source, job.source().schema()).stream()
                .filter(t -> job.tables().selects(t.id().name()))
                .filter(t -> only == null || only.contains(t.id().name()))
                .toList();
        List<TablePair> pairs = new ArrayList<>();
        List<TableResult> unpaired = new ArrayList<>();
        if (only != null) {
            for (String name : only) {
                if (selected.stream().noneMatch(t -> t.id().name().equals(name))) {
                    unpaired.add(TableResult.failed(name, "no table " + name + " in the source that the job selects"
                            + " (tables.include/exclude); check the name", Duration.ZERO));
                }
            }
        }
        boolean zeroDatesAsNull = job.replication().zeroDates() == ReplicationSettings.ZeroDates.TO_NULL;
        for (TableInfo table : selected) {
            String name = table.id().name();
            List<String> problems = new ArrayList<>();
            Optional<TableInfo> keyed = RowKeys.keyed(table, job.tables().keyFor(name), problems);
            for (ColumnInfo col : table.columns()) {
                sourceDialect.unsupportedType(col).ifPresent(r -> problems.add(name + "." + col.name() + ": " + r));
            }
            TableInfo onTarget = targetTables.get(name);
            if (problems.isEmpty() && onTarget == null) {
                problems.add("not on the target in " + job.target().address() + ": run dbmove replicate first");
            }
            if (!problems.isEmpty() || keyed.isEmpty()) {
                unpaired.add(TableResult.failed(name, "cannot compare (not replicated): " + String.join("; ", problems),
                        Duration.ZERO));
                continue;
            }
            try {
                pairs.add(pair(keyed.get(), onTarget, sourceEngine, targetEngine, job.target(), zeroDatesAsNull));
            } catch (IllegalArgumentException e) {
                unpaired.add(TableResult.failed(name, "cannot compare: " + e.getMessage(), Duration.ZERO));
            }
        }
        return new Plan(pairs, unpaired);
    }

    static TablePair pair(TableInfo source, TableInfo target, DatabaseType sourceEngine, DatabaseType targetEngine,
                          Endpoint targetEndpoint, boolean zeroDatesAsNull) {
        // Translated as the replicator translates it (for the job file's target type), so the kinds are the ones
        // the target's values were written with.
        TargetTable translated = SchemaTranslator.translate(source, sourceEngine, targetEndpoint.type(),
                targetEndpoint.schema());
        List<String> key = source.primaryKey().orElseThrow().columns();
        List<ColumnPair> columns = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<ColumnInfo> ordered = new ArrayList<>();
        key.forEach(k -> ordered.add(source.column(k).orElseThrow()));
        source.columns().stream().filter(c -> !key.contains(c.name())).forEach(ordered::add);
        for (ColumnInfo col : ordered) {
            Optional<ColumnInfo> other = target.column(col.name());
            Optional<TargetColumn> translatedColumn = translated.column(col.name());
            if (other.isEmpty() || translatedColumn.isEmpty()) {
                missing.add(col.name());
                continue;
            }
            columns.add(ColumnPair.of(col, sourceEngine, other.get(), targetEngine, translatedColumn.get().kind(),
                    key.contains(col.name()), zeroDatesAsNull));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the target table " + target.id().name() + " lacks the column(s) "
                    + String.join(", ", missing) + "; let dbmove replicate bring the target's schema up to date");
        }
        return new TablePair(source.id(), target.id(), sourceEngine, targetEngine, columns, source.estimatedRows());
    }
}
