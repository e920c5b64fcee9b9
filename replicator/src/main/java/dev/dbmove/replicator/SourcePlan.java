package dev.dbmove.replicator;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.ColumnInfo;
import dev.dbmove.core.catalog.RowKeys;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What will be replicated, read from the source catalog: the selected tables, each with the
 * key rows are identified by (its own, or one the job file names), and the connector to use.
 * Refuses, with the remedy, tables without a key and columns of types that cannot be mapped.
 */
final class SourcePlan {
    private final JobConfig job;
    private final DatabaseType flavour;
    private final List<TableInfo> tables;

    private SourcePlan(JobConfig job, DatabaseType flavour, List<TableInfo> tables) {
        this.job = job;
        this.flavour = flavour;
        this.tables = new java.util.concurrent.CopyOnWriteArrayList<>(tables);
    }

    /** Names of source tables the selection matches that the plan does not hold yet. */
    List<String> unplannedTables() throws SQLException {
        Endpoint source = job.source();
        java.util.Set<String> planned = new java.util.HashSet<>();
        tables.forEach(t -> planned.add(t.id().name()));
        List<String> found = new ArrayList<>();
        try (Connection c = Jdbc.connect(source, "source");
             java.sql.ResultSet rs = source.type().isMySqlFamily()
                     ? c.getMetaData().getTables(source.database(), null, "%", new String[] {"TABLE"})
                     : c.getMetaData().getTables(null, source.schema(), "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!planned.contains(name) && job.tables().selects(name)) {
                    found.add(name);
                }
            }
        }
        return found;
    }

    /**
     * Adds a table that appeared at the source while streaming; when it cannot be replicated
     * (no key, a type that cannot be mapped) says why instead.
     */
    Optional<String> add(String name) throws SQLException {
        Endpoint source = job.source();
        Dialect dialect = Dialect.of(source.type());
        try (Connection c = Jdbc.connect(source, "source")) {
            Optional<TableInfo> table = dialect.readTables(c, source.schema()).stream()
                    .filter(t -> t.id().name().equals(name)).findFirst();
            if (table.isEmpty()) {
                return Optional.of(name + " is gone again");
            }
            List<String> problems = new ArrayList<>();
            Optional<TableInfo> keyed = replicable(table.get(), job, dialect, problems);
            if (keyed.isEmpty()) {
                return Optional.of(String.join("; ", problems));
            }
            tables.add(keyed.get());
            return Optional.empty();
        }
    }

    static SourcePlan read(JobConfig job) {
        Endpoint source = job.source();
        Dialect dialect = Dialect.of(source.type());
        try (Connection c = Jdbc.connect(source, "source")) {
            DatabaseType flavour = Jdbc.flavour(c, source.type());
            List<TableInfo> selected = dialect.readTables(c, source.schema()).stream()
                    .filter(t -> job.tables().selects(t.id().name())).toList();
            if (selected.isEmpty()) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "no table in " + source.address()
                        + " matches tables.include " + job.tables().include(), "run dbmove check, then correct tables.include");
            }
            List<TableInfo> keyed = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (TableInfo t : selected) {
                replicable(t, job, dialect, problems).ifPresent(keyed::add);
            }
            if (!problems.isEmpty()) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot replicate:\n  " + String.join("\n  ", problems),
                        "give each keyless table a key (ALTER TABLE ... ADD PRIMARY KEY) or name its key columns in the job"
                                + " file (tables: {keys: {table: [col, ...]}}), and exclude tables with unmappable columns"
                                + " (tables.exclude)");
            }
            return new SourcePlan(job, flavour, keyed);
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot read the source catalog: " + e.getMessage(),
                    "run dbmove check to see what the source user lacks");
        }
    }

    /**
     * The table as it is replicated (with the key rows are identified by as its primary key),
     * or empty after recording why it cannot be: no key, or a column type that cannot be mapped.
     */
    private static Optional<TableInfo> replicable(TableInfo table, JobConfig job, Dialect dialect, List<String> problems) {
        int before = problems.size();
        Optional<TableInfo> keyed = RowKeys.keyed(table, job.tables().keyFor(table.id().name()), problems);
        for (ColumnInfo col : table.columns()) {
            dialect.unsupportedType(col).ifPresent(reason -> problems.add(table.id().name() + "." + col.name() + ": "
                    + reason));
        }
        return problems.size() == before ? keyed : Optional.empty();
    }

    DatabaseType flavour() {
        return flavour;
    }

    List<TableInfo> tables() {
        return tables;
    }

    Map<TableId, Long> estimatedRows() {
        Map<TableId, Long> rows = new LinkedHashMap<>();
        tables.forEach(t -> rows.put(t.id(), t.estimatedRows()));
        return rows;
    }

    /** Key columns Debezium must use for tables whose key comes from the job file. */
    Map<String, List<String>> configuredKeys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (TableInfo t : tables) {
            t.primaryKey().filter(k -> k.name().equals(RowKeys.CONFIGURED)).ifPresent(k -> keys.put(t.id().name(), k.columns()));
        }
        return keys;
    }

    List<String> key(TableInfo table) {
        return table.primaryKey().orElseThrow().columns();
    }

    /** A PostgreSQL slot left from an unfinished run would stream from a position no snapshot matches. */
    void dropReplicationSlot() {
        if (flavour != DatabaseType.POSTGRESQL) {
            return;
        }
        try (Connection c = Jdbc.connect(job.source(), "source");
             PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                     + " WHERE slot_name = ? AND NOT active")) {
            ps.setString(1, job.names().replicationSlot());
            ps.execute();
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot drop the old replication slot "
                    + job.names().replicationSlot() + ": " + e.getMessage(),
                    "stop any other dbmove replicate of this job, or drop the slot by hand: SELECT pg_drop_replication_slot('"
                            + job.names().replicationSlot() + "')");
        }
    }
}
