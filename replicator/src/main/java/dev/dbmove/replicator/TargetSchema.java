package dev.dbmove.replicator;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.ReplicationSettings.SchemaMode;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.core.schema.SchemaTranslator;
import dev.dbmove.core.schema.TargetTable;
import dev.dbmove.replicator.apply.ApplyTable;
import dev.dbmove.replicator.apply.SourceSchema;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The target tables: created from the source catalog ({@code schema: create}) or checked
 * against it ({@code schema: existing}), emptied before a snapshot, and given their
 * indexes, unique constraints and foreign keys once the snapshot is in.
 */
final class TargetSchema implements SourceSchema {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TargetSchema.class);
    private final JobConfig job;
    private final SourcePlan plan;
    private final DataSource pool;
    private final Endpoint target;
    private final Dialect dialect;
    private final Map<TableId, TargetTable> translated = new LinkedHashMap<>();
    /** The source tables as last read: refreshed when a column is added while streaming. */
    private final Map<TableId, TableInfo> sources = new LinkedHashMap<>();

    TargetSchema(JobConfig job, SourcePlan plan, DataSource pool) {
        this.job = job;
        this.plan = plan;
        this.pool = pool;
        this.target = job.target();
        this.dialect = Dialect.of(target.type());
        for (TableInfo t : plan.tables()) {
            sources.put(t.id(), t);
            translated.put(t.id(), translate(t));
        }
    }

    /** Takes on a table the plan gained while streaming: the target table is made by {@link #prepareForSnapshot}. */
    void addTable(TableInfo source) {
        sources.put(source.id(), source);
        translated.put(source.id(), translate(source));
    }

    /** The source tables as last read. */
    java.util.Collection<TableInfo> sourceTables() {
        return List.copyOf(sources.values());
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Makes every target table exist and be empty. Tables an earlier, unfinished run created
     * ({@code ours}) are dropped and created again (create mode) or emptied (existing mode);
     * anyone else's table must be compatible and empty.
     */
    void prepareForSnapshot(List<TableId> tables, Set<String> ours) {
        SchemaMode mode = job.replication().schema();
        try (Connection c = connection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            if (target.type().isMySqlFamily()) {
                s.execute("SET SESSION foreign_key_checks = 0");
            }
            Map<String, TableInfo> existing = existing(c);
            List<String> problems = new ArrayList<>();
            for (TableId id : tables) {
                TableInfo source = sources.get(id);
                TargetTable table = translated.get(source.id());
                String name = table.id().name();
                TableInfo present = existing.get(name);
                boolean mine = ours.contains(source.id().name());
                if (present == null) {
                    if (mode == SchemaMode.EXISTING) {
                        problems.add("table " + table.id() + " does not exist (replication.schema is existing)");
                    } else {
                        create(s, table);
                    }
                    continue;
                }
                if (mine && mode == SchemaMode.CREATE) {
                    s.execute("DROP TABLE " + dialect.qualify(table.id()) + (target.type() == DatabaseType.POSTGRESQL ? " CASCADE" : ""));
                    create(s, table);
                    continue;
                }
                List<String> incompatible = SchemaTranslator.compare(table, present);
                if (!incompatible.isEmpty()) {
                    problems.add("table " + table.id() + " is not compatible: " + String.join("; ", incompatible));
                    continue;
                }
                if (mine) {
                    s.execute((target.type() == DatabaseType.POSTGRESQL ? "TRUNCATE TABLE " : "DELETE FROM ")
                            + dialect.qualify(table.id()));
                } else if (hasRows(s, table.id())) {
                    problems.add("table " + table.id() + " already holds rows; a snapshot into it would mix old and new rows");
                }
            }
            if (!problems.isEmpty()) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the target is not ready:\n  "
                        + String.join("\n  ", problems), "empty or drop those tables, or fix them to match the source"
                        + " (dbmove check lists what it expects)");
            }
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot prepare the target tables: " + e.getMessage(),
                    "run dbmove check against the target");
        }
    }

    private void create(Statement s, TargetTable table) throws SQLException {
        for (String sql : table.createStatements()) {
            s.execute(sql);
        }
    }

    /**
     * Indexes, unique constraints and foreign keys, after the bulk load (create mode only).
     * Ones already there (an earlier run made them) are kept. Rows are copied while changes
     * stream in, so for a moment after the copy two rows may share a unique value or miss a
     * parent that later changes put right: a statement refused for that is tried again until
     * the stream has caught up, for up to {@link #POST_LOAD_PATIENCE}.
     *
     * @return false when there was nothing to create ({@code schema: existing})
     */
    boolean createPostLoad(Collection<TableId> tables) throws SQLException {
        return createPostLoad(tables, true);
    }

    /**
     * @param foreignKeys false to make only indexes and unique keys: on Kafka Connect, sink tasks apply their
     *                    partitions independently, so a child row may arrive before its parent
     */
    boolean createPostLoad(Collection<TableId> tables, boolean foreignKeys) throws SQLException {
        if (job.replication().schema() != SchemaMode.CREATE) {
            return false;
        }
        long started = System.nanoTime();
        // Every table's indexes and unique keys first, a few tables at a time (an index build is mostly one core's
        // sort); then the foreign keys, which may reference another table's unique key.
        java.util.concurrent.ConcurrentLinkedQueue<TableId> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(tables);
        java.util.concurrent.atomic.AtomicReference<SQLException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> builders = new ArrayList<>();
        for (int i = 0; i < Math.min(POST_LOAD_THREADS, tables.size()); i++) {
            Thread t = new Thread(() -> {
                try (Connection c = connection(); Statement s = c.createStatement()) {
                    c.setAutoCommit(true);
                    if (target.type() == DatabaseType.POSTGRESQL) {
                        s.execute("SET maintenance_work_mem = '256MB'");
                    }
                    TableId id;
                    while (failure.get() == null && (id = queue.poll()) != null) {
                        for (String sql : translated.get(id).postLoadStatements()) {
                            execute(s, sql);
                        }
                    }
                } catch (SQLException e) {
                    failure.compareAndSet(null, e);
                }
            }, "dbmove-index-" + i);
            t.setDaemon(true);
            builders.add(t);
            t.start();
        }
        for (Thread t : builders) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while creating indexes", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        try (Connection c = connection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (TableId id : foreignKeys ? tables : List.<TableId>of()) {
                for (String sql : translated.get(id).foreignKeyStatements()) {
                    execute(s, sql);
                }
            }
        }
        LOG.info("indexes and keys of {} table(s) created in {} ms", tables.size(), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /**
     * The foreign keys alone, for a job whose replication left them out (Kafka Connect) once it has
     * stopped: every table's, with no patience for rows that break one (replication is over, so
     * the source holds such rows: the message names the statement and the server's refusal).
     *
     * @return how many statements ran (one already there counts)
     */
    int createForeignKeys() throws SQLException {
        if (job.replication().schema() != SchemaMode.CREATE) {
            return 0;
        }
        int ran = 0;
        try (Connection c = connection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            checkForeignKeys(s);
            for (TargetTable t : translated.values()) {
                for (String sql : t.foreignKeyStatements()) {
                    execute(s, sql, java.time.Duration.ZERO);
                    ran++;
                }
            }
        }
        return ran;
    }

    /**
     * Drops every foreign key the job's target tables have, as the target's catalog names them:
     * the undo of {@link #createForeignKeys} (replication that applies partitions independently
     * cannot run with them).
     *
     * @return how many were dropped
     */
    int dropForeignKeys() throws SQLException {
        if (job.replication().schema() != SchemaMode.CREATE) {
            return 0;
        }
        int dropped = 0;
        boolean postgres = target.type() == DatabaseType.POSTGRESQL;
        try (Connection c = connection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (TargetTable t : translated.values()) {
                List<String> names = new ArrayList<>();
                try (java.sql.PreparedStatement ps = c.prepareStatement(postgres
                        ? "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = CAST(? AS regclass)"
                        : "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_TYPE ="
                        + " 'FOREIGN KEY' AND TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?")) {
                    if (postgres) {
                        ps.setString(1, dialect.qualify(t.id()));
                    } else {
                        ps.setString(1, t.id().schema());
                        ps.setString(2, t.id().name());
                    }
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            names.add(rs.getString(1));
                        }
                    }
                }
                for (String name : names) {
                    s.execute("ALTER TABLE " + dialect.qualify(t.id()) + (postgres ? " DROP CONSTRAINT " : " DROP FOREIGN KEY ")
                            + dialect.quote(name));
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /**
     * A MySQL or MariaDB session checks the rows a new foreign key covers only with
     * foreign_key_checks on, and a pooled connection may still have it off from the load.
     */
    private void checkForeignKeys(Statement s) throws SQLException {
        if (target.type().isMySqlFamily()) {
            s.execute("SET SESSION foreign_key_checks = 1");
        }
    }

    /** {@link #createPostLoad(Collection)} for every table. */
    boolean createPostLoad() throws SQLException {
        return createPostLoad(List.copyOf(translated.keySet()));
    }

    /** Connections building indexes at once after the load. */
    private static final int POST_LOAD_THREADS = 3;

    static final java.time.Duration POST_LOAD_PATIENCE = java.time.Duration.ofMinutes(5);

    private void execute(Statement s, String sql) throws SQLException {
        execute(s, sql, POST_LOAD_PATIENCE);
    }

    private void execute(Statement s, String sql, java.time.Duration patience) throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                s.execute(sql);
                return;
            } catch (SQLException e) {
                if (alreadyThere(e)) {
                    return;
                }
                if (!notYetConverged(e) || System.nanoTime() > deadline) {
                    throw new SQLException("cannot run \"" + sql + "\" on the target: " + e.getMessage()
                            + (notYetConverged(e) && !patience.isZero() ? " (still refused after " + patience.toMinutes()
                            + " minutes of streaming; the source may hold rows that break it)"
                            : notYetConverged(e) ? " (the source holds rows that break it)" : ""), e.getSQLState(), e);
                }
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while creating indexes", ie);
                }
            }
        }
    }

    /** The index or constraint exists already (created by an earlier run). */
    private static boolean alreadyThere(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        return state.equals("42P07") || state.equals("42710") || code == 1061 || code == 1826
                || code == 1005 && String.valueOf(e.getMessage()).contains("121");
    }

    /** A unique or foreign key refused for rows that changes still on their way will put right. */
    private static boolean notYetConverged(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        return state.equals("23505") || state.equals("23503") || code == 1062 || code == 1452;
    }

    /** The tables as the applier writes them, from the target's catalog. */
    Map<TableId, ApplyTable> applyTables() {
        return applyTables(false);
    }

    /**
     * @param onTarget true to know as the table's columns only those the target table has too (a
     *                 Kafka Connect sink task, started at any time: a column the source gained
     *                 meanwhile must show as new in the rows, not be left out silently)
     */
    Map<TableId, ApplyTable> applyTables(boolean onTarget) {
        try (Connection c = connection()) {
            Map<String, TableInfo> existing = existing(c);
            Map<TableId, ApplyTable> tables = new LinkedHashMap<>();
            java.util.Set<TableId> referenced = new java.util.HashSet<>();
            for (TableInfo t : sources.values()) {
                t.foreignKeys().forEach(fk -> referenced.add(fk.referencedTable()));
            }
            for (TableInfo t : existing.values()) {
                t.foreignKeys().forEach(fk -> referenced.add(fk.referencedTable()));
            }
            for (TableInfo source : sources.values()) {
                TargetTable table = translated.get(source.id());
                TableInfo present = existing.get(table.id().name());
                if (present == null) {
                    throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the target table " + table.id()
                            + " is gone", "a resumed job needs its target tables: create it again, or drop the state "
                            + "schema " + job.names().stateSchema() + " to copy every table again");
                }
                ApplyTable apply = ApplyTable.of(source, present, plan.key(source),
                        referenced.contains(source.id()) || referenced.contains(present.id()));
                tables.put(source.id(), !onTarget ? apply : apply.withSourceColumns(source.columns().stream()
                        .map(dev.dbmove.core.catalog.ColumnInfo::name).filter(n -> present.column(n).isPresent())
                        .collect(Collectors.toSet())));
            }
            return tables;
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot read the target catalog: " + e.getMessage(),
                    "run dbmove check against the target");
        }
    }

    /**
     * Adds columns the source gained while streaming to the target table, as the type mapping
     * says, nullable (rows copied before have no value for them unless the default gives one).
     *
     * @return the statements run
     */
    List<String> addColumns(TableId sourceTable, List<String> columns) {
        return change(sourceTable, columns, (fresh, table) -> addStatements(sourceTable, table, columns));
    }

    private List<String> addStatements(TableId sourceTable, TargetTable table, List<String> columns) {
        List<String> statements = new ArrayList<>();
        for (String field : columns) {
            // the row's field name, possibly with Debezium's doubled backticks (ApplyTable.field)
            var column = table.column(field).or(() -> table.column(ApplyTable.undoubled(field))).orElseThrow(
                    () -> new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the source table " + sourceTable
                            + " has no column " + field + " any more",
                            "run dbmove replicate again; if it repeats, re-snapshot the table"));
            statements.add("ALTER TABLE " + dialect.qualify(table.id()) + " ADD COLUMN " + dialect.quote(column.name()) + " "
                    + column.sqlType() + (column.defaultExpression() == null ? "" : " DEFAULT " + column.defaultExpression()));
        }
        return statements;
    }

    /**
     * Drops on the target the columns the source dropped while streaming, and adds any it
     * added in the same statement (DROP a, ADD b): no later row would show those as new.
     */
    List<String> dropColumns(TableId sourceTable, List<String> columns) {
        Set<String> known = sources.get(sourceTable).columns().stream().map(c -> c.name()).collect(Collectors.toSet());
        return change(sourceTable, columns, (fresh, table) -> {
            List<String> statements = new ArrayList<>(columns.stream().map(name -> "ALTER TABLE "
                    + dialect.qualify(table.id()) + " DROP COLUMN " + dialect.quote(name)).toList());
            List<String> added = fresh.columns().stream().map(c -> c.name()).filter(n -> !known.contains(n)).toList();
            statements.addAll(addStatements(sourceTable, table, added));
            return statements;
        });
    }

    /** Renames the stream's DDL showed, per table: old name to new name, until applied. */
    private final Map<TableId, Map<String, String>> ddlRenames = new java.util.concurrent.ConcurrentHashMap<>();

    private static final String IDENT = "(`(?:[^`]|``)+`|\"(?:[^\"]|\"\")+\"|[\\p{L}\\p{N}_$]+)";
    private static final java.util.regex.Pattern RENAME_COLUMN = java.util.regex.Pattern.compile(
            "\\bRENAME\\s+COLUMN\\s+" + IDENT + "\\s+TO\\s+" + IDENT, java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern CHANGE_COLUMN = java.util.regex.Pattern.compile(
            "\\bCHANGE\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?" + IDENT + "\\s+" + IDENT + "\\s",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Tables the stream carried DDL for in this run: their renames are known. */
    private final Set<TableId> ddlSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void ddl(TableId sourceTable, String statement) {
        ddlSeen.add(sourceTable);
        Map<String, String> found = renames(statement);
        if (!found.isEmpty()) {
            ddlRenames.computeIfAbsent(sourceTable, t -> new java.util.concurrent.ConcurrentHashMap<>()).putAll(found);
        }
    }

    /** The column renames in an ALTER TABLE statement: RENAME COLUMN a TO b, CHANGE [COLUMN] a b type. */
    static Map<String, String> renames(String statement) {
        Map<String, String> found = new LinkedHashMap<>();
        for (java.util.regex.Pattern p : List.of(RENAME_COLUMN, CHANGE_COLUMN)) {
            java.util.regex.Matcher m = p.matcher(statement);
            while (m.find()) {
                String from = unquote(m.group(1));
                String to = unquote(m.group(2));
                if (!from.equals(to)) {
                    found.put(from, to);
                }
            }
        }
        return found;
    }

    private static String unquote(String identifier) {
        if (identifier.length() >= 2 && (identifier.startsWith("`") || identifier.startsWith("\""))) {
            String q = identifier.substring(0, 1);
            return identifier.substring(1, identifier.length() - 1).replace(q + q, q);
        }
        return identifier;
    }

    @Override
    public boolean knowsRenames(TableId sourceTable) {
        return job.source().type() == DatabaseType.POSTGRESQL || ddlSeen.contains(sourceTable);
    }

    @Override
    public Map<String, String> renamedColumns(TableId sourceTable, List<String> gone, List<String> added) {
        Map<String, String> renamed = new LinkedHashMap<>();
        if (job.source().type() == DatabaseType.POSTGRESQL) {
            // PostgreSQL keeps a column's number (attnum) through a rename; a dropped and added column gets a new one.
            TableInfo before = sources.get(sourceTable);
            TableInfo now = readSource(sourceTable);
            for (String old : gone) {
                before.column(old).ifPresent(o -> now.columns().stream()
                        .filter(c -> c.position() == o.position() && added.contains(c.name())).findFirst()
                        .ifPresent(c -> renamed.put(old, c.name())));
            }
        } else {
            Map<String, String> seen = ddlRenames.getOrDefault(sourceTable, Map.of());
            for (String old : gone) {
                String to = seen.get(old);
                // Followed through a chain (a -> b -> c) to the name the row has now.
                for (int i = 0; i < 10 && to != null && !added.contains(to); i++) {
                    to = seen.get(to);
                }
                if (to != null && added.contains(to)) {
                    renamed.put(old, to);
                }
            }
        }
        return renamed;
    }

    /** Renames target columns as the source renamed them. */
    List<String> renameColumns(TableId sourceTable, Map<String, String> renames) {
        List<String> statements = change(sourceTable, List.copyOf(renames.keySet()), (fresh, table) ->
                renames.entrySet().stream().map(e -> "ALTER TABLE " + dialect.qualify(table.id()) + " RENAME COLUMN "
                        + dialect.quote(e.getKey()) + " TO " + dialect.quote(e.getValue())).toList());
        Map<String, String> seen = ddlRenames.get(sourceTable);
        if (seen != null) {
            renames.keySet().forEach(seen::remove);
        }
        return statements;
    }

    @Override
    public Set<String> currentColumns(TableId sourceTable) {
        return readSource(sourceTable).columns().stream().map(c -> c.name()).collect(Collectors.toSet());
    }

    @Override
    public List<String> retypedColumns(TableId sourceTable) {
        TargetTable now = translate(readSource(sourceTable));
        TargetTable before = translated.get(sourceTable);
        return now.columns().stream()
                .filter(c -> before.column(c.name()).map(b -> !b.sqlType().equalsIgnoreCase(c.sqlType())).orElse(false))
                .map(c -> c.name()).toList();
    }

    /** Gives target columns the type the source's new type maps to (a wider VARCHAR, INT to BIGINT). */
    List<String> retypeColumns(TableId sourceTable, List<String> columns) {
        return change(sourceTable, columns, (fresh, table) -> columns.stream().map(name -> {
            var column = table.column(name).orElseThrow();
            return target.type() == DatabaseType.POSTGRESQL
                    ? "ALTER TABLE " + dialect.qualify(table.id()) + " ALTER COLUMN " + dialect.quote(name) + " TYPE "
                      + column.sqlType() + " USING " + dialect.quote(name) + "::" + column.sqlType()
                    : "ALTER TABLE " + dialect.qualify(table.id()) + " MODIFY COLUMN " + dialect.quote(name) + " "
                      + column.sqlType() + (column.nullable() ? " NULL" : " NOT NULL")
                      + (column.autoIncrement() ? " AUTO_INCREMENT" : "");
        }).toList());
    }

    /**
     * A column change the source made while streaming, made on the target: the source table
     * read again and translated, the statements the translation gives run, and the table taken
     * on as it is now.
     *
     * @return the statements run
     */
    private List<String> change(TableId sourceTable, List<String> columns,
                                BiFunction<TableInfo, TargetTable, List<String>> statementsFor) {
        TableInfo fresh = readSource(sourceTable);
        TargetTable table = translate(fresh);
        List<String> statements = statementsFor.apply(fresh, table);
        alter(sourceTable, columns, statements);
        sources.put(sourceTable, fresh);
        translated.put(sourceTable, table);
        return statements;
    }

    private TargetTable translate(TableInfo source) {
        return SchemaTranslator.translate(source, plan.flavour(), target.type(), target.schema());
    }

    private TableInfo readSource(TableId sourceTable) {
        TableInfo old = sources.get(sourceTable);
        Endpoint source = job.source();
        try (Connection c = Jdbc.connect(source, "source")) {
            TableInfo fresh = Dialect.of(source.type()).readTables(c, source.schema()).stream()
                    .filter(t -> t.id().equals(sourceTable)).findFirst()
                    .orElseThrow(() -> new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the source table " + sourceTable
                            + " is gone", "exclude it (tables.exclude) and run dbmove replicate again"));
            return fresh.primaryKey().isEmpty() && old.primaryKey().isPresent() ? fresh.withPrimaryKey(old.primaryKey().get())
                    : fresh;
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot read the source catalog for " + sourceTable
                    + ": " + e.getMessage(), "run dbmove check against the source");
        }
    }

    private void alter(TableId sourceTable, List<String> columns, List<String> statements) {
        try (Connection t = connection(); Statement s = t.createStatement()) {
            t.setAutoCommit(true);
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot change column(s) " + String.join(", ", columns)
                    + " of " + sourceTable + " on the target: " + e.getMessage(),
                    "make the change to the target table by hand (ALTER TABLE ...), then run dbmove replicate again");
        }
    }

    private Map<String, TableInfo> existing(Connection c) throws SQLException {
        return dialect.readTables(c, target.schema()).stream()
                .collect(Collectors.toMap(t -> t.id().name(), Function.identity()));
    }

    private boolean hasRows(Statement s, TableId table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM " + dialect.qualify(table) + " LIMIT 1")) {
            return rs.next();
        }
    }
}
