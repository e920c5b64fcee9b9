package dev.dbmove.replicator;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.JobPhase;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.state.TablePhase;
import dev.dbmove.core.state.TableState;
import dev.dbmove.replicator.apply.ApplyTable;
import dev.dbmove.replicator.apply.ChangeApplier;
import dev.dbmove.replicator.apply.LoadingTables;
import dev.dbmove.replicator.apply.TableCopier;
import dev.dbmove.replicator.apply.TablePausedException;
import javax.sql.DataSource;
import dev.dbmove.replicator.apply.SourceSchemaChangedException;
import dev.dbmove.replicator.apply.RowRejectedException;
import dev.dbmove.replicator.apply.TargetWriters;
import dev.dbmove.replicator.engine.ConnectorProperties;
import dev.dbmove.replicator.engine.ReplicationListener;
import dev.dbmove.replicator.preflight.Preflight;
import dev.dbmove.replicator.state.StateStoreProperties;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * {@code dbmove replicate}: the job's runbook for copying, as a short list of steps.
 * <ol>
 * <li>read the source catalog and refuse what cannot be replicated (no key, unmappable type);</li>
 * <li>open the state schema in the target and decide: resume streaming, or (first run, or a
 *     snapshot that never finished) start over with empty target tables;</li>
 * <li>run Debezium: snapshot then stream, applied by {@link ChangeApplier};</li>
 * <li>when the snapshot is committed, create indexes and foreign keys and switch tables to streaming;</li>
 * <li>run until {@link #stop()} (SIGTERM) or a failure, then record the stop.</li>
 * </ol>
 */
public final class Replicator {
    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);

    private final JobConfig job;
    private final ReplicationListener listener;
    private volatile CountDownLatch finished = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile Throwable failure;
    private volatile TableLoads loads;
    /** Tables copied at once by a copy engine. */
    private static final int COPY_THREADS = 4;

    public Replicator(JobConfig job, ReplicationListener listener) {
        this.job = job;
        this.listener = listener;
    }

    /** Runs until {@link #stop()} is called or replication fails; then returns or throws. */
    public void run() {
        try {
            runSteps();
        } finally {
            terminated.countDown();
        }
    }

    private void runSteps() {
        // Debezium reads source times through JDBC in the JVM's zone during the snapshot. A wall-clock time
        // that does not exist there (a daylight-saving gap) would come out an hour late; UTC has no gaps.
        TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
        JobNames names = job.names();
        Endpoint source = job.source();
        Endpoint target = job.target();
        Preflight.sameServer(job).ifPresent(same -> {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, same.found(), same.fix());
        });
        SourcePlan plan = SourcePlan.read(job);
        try (HikariDataSource pool = DataSources.pool(target, names.job() + "-apply", 4 + COPY_THREADS)) {
            StateStore state = new StateStore(target, names, pool);
            state.create();
            TargetSchema schema = new TargetSchema(job, plan, pool);
            List<TableId> toCopy = prepare(state, schema, plan);
            boolean resumed = !toCopy.equals(plan.tables().stream().map(TableInfo::id).toList())
                    || !state.readOffsets().isEmpty();
            LoadingTables loading = new LoadingTables();
            toCopy.forEach(loading::start);
            listener.started(plan.tables().stream().map(TableInfo::id).toList(), plan.estimatedRows(), !toCopy.isEmpty());

            Map<String, String> stateProperties = new LinkedHashMap<>(StateStoreProperties.offsetStore(target, names));
            stateProperties.putAll(StateStoreProperties.schemaHistory(target, names));
            AtomicReference<Properties> properties = new AtomicReference<>(ConnectorProperties.build(names, source,
                    plan.flavour(), plan.tables().stream().map(TableInfo::id).toList(), plan.configuredKeys(),
                    stateProperties, serverId(names)));
            AtomicReference<Map<TableId, ApplyTable>> applyTables = new AtomicReference<>(schema.applyTables());
            Set<TableId> copied = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicBoolean initialLoadDone = new AtomicBoolean(toCopy.isEmpty());
            TableLoads loads = new TableLoads(names.job(),
                    tables -> ConnectorProperties.copy(properties.get(), names, plan.flavour(), tables, COPY_THREADS,
                            serverId(names) + 1),
                    (tables, end) -> new TableCopier(names.replicationSlot() + "_copy",
                            ConnectorProperties.copyNotificationTopic(names), tables, applyTables::get,
                            TargetWriters.of(pool, target.type()), state, loading, new TableCopier.Listener() {
                                @Override
                                public void copied(TableId table, long rows) {
                                    listener.committed(Map.of(table, new ChangeApplier.TableCounts(rows, 0, 0, 0)), null);
                                }

                                @Override
                                public void tableCopied(TableId table) throws SQLException {
                                    loading.finish(table);
                                    try (Connection c = pool.getConnection()) {
                                        c.setAutoCommit(false);
                                        state.setTablePhase(c, table.name(), TablePhase.STREAMING, null);
                                        c.commit();
                                    }
                                    copied.add(table);
                                }

                                @Override
                                public void paused(TablePausedException why) {
                                    pause(why, state, loading, pool);
                                }

                                @Override
                                public void allCopied() throws SQLException {
                                    end.run();
                                    if (!initialLoadDone.get()) {
                                        if (loading.loading().isEmpty()) {
                                            schema.createPostLoad(listener);
                                            try (Connection c = pool.getConnection()) {
                                                c.setAutoCommit(false);
                                                state.setJobPhase(c, JobPhase.STREAMING, null);
                                                c.commit();
                                            }
                                            initialLoadDone.set(true);
                                            listener.snapshotCompleted();
                                        }
                                    } else {
                                        schema.createPostLoad(List.copyOf(tables), listener);
                                        listener.message("copied " + tables.stream().map(TableId::name).sorted()
                                                .collect(Collectors.joining(", ")) + "; streaming");
                                    }
                                }
                            }),
                    this::fail);
            this.loads = loads;
            AtomicBoolean streamStarted = new AtomicBoolean(resumed);
            ChangeApplier.Listener applierListener = new ChangeApplier.Listener() {
                @Override
                public void committed(Map<TableId, ChangeApplier.TableCounts> counts, Instant lastSourceCommit) {
                    listener.committed(counts, lastSourceCommit);
                }

                @Override
                public void streamStarted() {
                    // The stream's start position is saved: rows read from now on are read after it.
                    streamStarted.set(true);
                    if (!toCopy.isEmpty()) {
                        loads.submit(toCopy);
                    }
                }
            };
            if (resumed) {
                if (toCopy.isEmpty()) {
                    listener.message("resuming: every table is copied, streaming continues from the saved position");
                } else {
                    listener.message("resuming from the saved position; copying " + toCopy.size() + " table(s) again: "
                            + toCopy.stream().map(TableId::name).collect(Collectors.joining(", ")));
                    loads.submit(toCopy);
                }
            }
            state.markStarted(hostName(), ProcessHandle.current().pid());
            NewTableWatch watch = new NewTableWatch(plan, this::restartEngine);
            try {
                watch.start();
                while (true) {
                    ChangeApplier applier = new ChangeApplier(names.job(), names.replicationSlot(), applyTables.get(),
                            TargetWriters.of(pool, target.type()), state, streamStarted.get(), applierListener, schema,
                            loading);
                    runEngine(properties.get(), applier);
                    if (stopRequested.getCount() == 0) {
                        break;
                    }
                    TablePausedException pausing = find(failure, TablePausedException.class);
                    if (pausing != null) {
                        failure = null;
                        pause(pausing, state, loading, pool);
                        continue;
                    }
                    SourceSchemaChangedException schemaChange = find(failure, SourceSchemaChangedException.class);
                    if (schemaChange == null) {
                        List<String> appeared = watch.drain();
                        if (failure != null || appeared.isEmpty()) {
                            break;
                        }
                        List<TableId> added = addTables(appeared, watch, plan, schema, state, loading);
                        if (!added.isEmpty()) {
                            properties.set(ConnectorProperties.build(names, source, plan.flavour(),
                                    plan.tables().stream().map(TableInfo::id).toList(), plan.configuredKeys(),
                                    stateProperties, serverId(names)));
                            applyTables.set(schema.applyTables());
                            loads.submit(added);
                        }
                        continue;
                    }
                    failure = null;
                    // The engine stopped before the change: the target table changes the same way, then the engine
                    // resumes at that change. A table being copied changes in the copy's turn.
                    TableId changed = schemaChange.table();
                    LoadingTables.Loading turn = loading.acquire(changed);
                    List<String> statements;
                    try {
                        statements = switch (schemaChange.change()) {
                            case ADDED -> schema.addColumns(changed, schemaChange.columns());
                            case DROPPED -> schema.dropColumns(changed, schemaChange.columns());
                            case RETYPED -> schema.retypeColumns(changed, schemaChange.columns());
                            case RENAMED -> schema.renameColumns(changed, schemaChange.renames());
                        };
                        applyTables.set(schema.applyTables());
                    } catch (DbmoveException refused) {
                        // The target would not take the change: this table waits, the others go on.
                        pause(new TablePausedException(changed, schemaChange.getMessage() + ", and the target refused"
                                + " the same change: " + refused.getMessage(), refused.fix() + "; or restart dbmove"
                                + " replicate after fixing the target, and " + changed.name() + " is copied again"),
                                state, loading, pool);
                        continue;
                    } finally {
                        if (turn != null) {
                            LoadingTables.release(turn);
                        }
                    }
                    try (Connection c = pool.getConnection()) {
                        c.setAutoCommit(false);
                        state.addCounts(c, changed.name(), 0, 0, 0, 1, 0, null, null);
                        c.commit();
                    } catch (SQLException e) {
                        LOG.warn("could not count the schema change of {}: {}", changed, e.getMessage());
                    }
                    listener.message("schema change on " + changed + ": " + String.join("; ", statements)
                            + "; streaming resumes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                watch.stop();
                loads.stop();
            }
            state.markStopped();
        }
        if (failure != null) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof DbmoveException d) {
                    throw d;
                }
                if (t instanceof RowRejectedException r) {
                    throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "a source value does not fit the target: "
                            + r.getMessage(), "change the target column so that it holds the value, or the source value;"
                            + " then run dbmove replicate again: it resumes at this row", r);
                }
            }
            throw new DbmoveException(ErrorCode.INTERNAL,
                    "replication stopped: " + rootMessage(failure), "run again with --verbose for details; the"
                    + " position is saved, so a new run resumes where this one stopped", failure);
        }
    }

    private void runEngine(Properties properties, ChangeApplier applier) {
        CountDownLatch finished = new CountDownLatch(1);
        this.finished = finished;
        if (stopRequested.getCount() == 0) {
            return;
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dbmove-engine");
            t.setDaemon(true);
            return t;
        });
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(properties)
                .using((success, message, error) -> {
                    if (!success && error != null && stopRequested.getCount() > 0) {
                        failure = error;
                    }
                    finished.countDown();
                })
                .notifying(applier)
                .build();
        executor.execute(engine);
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        } finally {
            executor.shutdownNow();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Tables that appeared at the source while streaming: each is planned, created on the
     * target and marked for copying; on PostgreSQL it joins the job's publication first.
     * One that cannot be replicated is left out with a message saying why.
     */
    private List<TableId> addTables(List<String> names, NewTableWatch watch, SourcePlan plan, TargetSchema schema,
                                    StateStore state, LoadingTables loading) {
        List<TableId> added = new ArrayList<>();
        for (String name : names) {
            try {
                var why = plan.add(name);
                if (why.isPresent()) {
                    watch.ignore(name);
                    listener.message("new table " + name + " is not replicated: " + why.get() + "; give it a key (or"
                            + " name one in tables.keys) or exclude it, then restart dbmove replicate");
                    continue;
                }
            } catch (SQLException e) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot read the new source table " + name
                        + ": " + e.getMessage(), "run dbmove check against the source");
            }
            TableInfo table = plan.tables().stream().filter(t -> t.id().name().equals(name)).findFirst().orElseThrow();
            schema.addTable(table);
            added.add(table.id());
        }
        if (added.isEmpty()) {
            return added;
        }
        Set<String> ours = state.tables().stream().map(TableState::table).collect(Collectors.toSet());
        schema.prepareForSnapshot(added, ours);
        try (Connection c = schema.connection()) {
            c.setAutoCommit(false);
            for (TableId id : added) {
                state.setTablePhase(c, id.name(), TablePhase.SNAPSHOT, null);
            }
            c.commit();
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot write the job state in the target: "
                    + e.getMessage(), "check that the target user may write the state schema");
        }
        added.forEach(loading::start);
        if (job.source().type() == dev.dbmove.core.DatabaseType.POSTGRESQL) {
            dev.dbmove.core.dialect.Dialect pg = dev.dbmove.core.dialect.Dialect.of(job.source().type());
            String sql = "ALTER PUBLICATION " + pg.quote(job.names().publication()) + " ADD TABLE "
                    + added.stream().map(pg::qualify).collect(Collectors.joining(", "));
            try (Connection c = dev.dbmove.core.db.Jdbc.connect(job.source(), "source");
                 java.sql.Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "new table(s) " + added + " cannot join the"
                        + " job's publication: " + e.getMessage(), "as the tables' owner run: " + sql
                        + "; then dbmove replicate again");
            }
        }
        listener.message("new table(s) at the source: " + added.stream().map(TableId::name)
                .collect(Collectors.joining(", ")) + "; created on the target and copied while streaming");
        return added;
    }

    /** One table stops being applied (the others go on); the next start copies it again. */
    private void pause(TablePausedException why, StateStore state, LoadingTables loading, DataSource pool) {
        loading.pause(why.table());
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            state.setTablePhase(c, why.table().name(), TablePhase.PAUSED, why.getMessage() + "; fix: " + why.fix());
            c.commit();
        } catch (SQLException e) {
            LOG.warn("could not record that {} paused: {}", why.table(), e.getMessage());
        }
        listener.message("paused " + why.table().name() + ": " + why.getMessage() + "\n  fix: " + why.fix()
                + "\n  the other tables keep streaming");
    }

    /** Stops the stream engine so that the run loop starts it again (with new tables). */
    private void restartEngine() {
        DebeziumEngine<?> e = engine;
        if (e != null) {
            try {
                e.close();
            } catch (IOException | IllegalStateException ex) {
                LOG.debug("restarting the engine: {}", ex.getMessage());
            }
        }
    }

    /** A copy failed: replication stops with it. */
    private void fail(Throwable t) {
        if (stopRequested.getCount() > 0) {
            failure = t;
            DebeziumEngine<?> e = engine;
            if (e != null) {
                try {
                    e.close();
                } catch (IOException | IllegalStateException ex) {
                    LOG.debug("stopping the engine after a failed copy: {}", ex.getMessage());
                }
            }
            finished.countDown();
        }
    }

    /** Asks the engine to stop after the batch it is applying; {@link #run()} then returns. */
    public void stop() {
        stopRequested.countDown();
        DebeziumEngine<?> e = engine;
        if (e != null) {
            try {
                e.close();
            } catch (IOException ex) {
                LOG.warn("stopping the engine: {}", ex.getMessage());
            } catch (IllegalStateException alreadyStopped) {
                // it stopped by itself (a failure); nothing left to stop
            }
        }
        finished.countDown();
    }

    /** Waits up to the timeout for {@link #run()} to have returned (state recorded, connections closed). */
    public boolean awaitTerminated(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * Decides what to copy, and makes those target tables exist and be empty. A first run (no
     * saved stream position, or one saved before the stream engine had fixed its start) copies
     * every table; a resumed run only the tables whose copy did not finish, were paused, or
     * joined the selection since. Partial rows never survive.
     */
    private List<TableId> prepare(StateStore state, TargetSchema schema, SourcePlan plan) {
        Map<String, String> offsets = state.readOffsets();
        boolean fresh = offsets.isEmpty() || offsets.values().stream().anyMatch(Replicator::snapshotOffset);
        Map<String, TablePhase> phases = state.tables().stream()
                .collect(Collectors.toMap(TableState::table, TableState::phase));
        Set<String> ours = phases.keySet();
        List<TableInfo> redo = fresh ? plan.tables() : plan.tables().stream()
                .filter(t -> phases.get(t.id().name()) != TablePhase.STREAMING).toList();
        if (redo.isEmpty()) {
            return List.of();
        }
        checkZeroDates(plan, redo);
        if (fresh) {
            if (!ours.isEmpty()) {
                listener.message("the last full load did not get going: its " + ours.size()
                        + " table(s) are emptied and copied again");
            }
            state.dropAll();
            state.create();
            plan.dropReplicationSlot();
        }
        schema.prepareForSnapshot(redo.stream().map(TableInfo::id).toList(), ours);
        try (Connection c = schema.connection()) {
            c.setAutoCommit(false);
            for (TableInfo t : redo) {
                state.setTablePhase(c, t.id().name(), TablePhase.SNAPSHOT, null);
                state.setRowsEstimated(c, t.id().name(), Math.max(0, t.estimatedRows()));
            }
            state.setJobPhase(c, JobPhase.SNAPSHOT, null);
            c.commit();
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot write the job state in the target: "
                    + e.getMessage(), "check that the target user may write the state schema");
        }
        return redo.stream().map(TableInfo::id).toList();
    }

    /** A saved position from before the stream engine started streaming (its start is not fixed yet). */
    private static boolean snapshotOffset(String json) {
        if (json == null) {
            return false;
        }
        try {
            String snapshot = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("snapshot")
                    .asText(null);
            return snapshot != null && !snapshot.isEmpty() && !"false".equalsIgnoreCase(snapshot);
        } catch (IOException e) {
            return true;
        }
    }

    /** Refuses a full load that would turn MySQL zero dates into NULL unless the job file allows it. */
    private void checkZeroDates(SourcePlan plan, List<TableInfo> tables) {
        if (!job.source().type().isMySqlFamily()) {
            return;
        }
        List<String> found;
        try (Connection c = dev.dbmove.core.db.Jdbc.connect(job.source(), "source")) {
            found = ZeroDateScan.find(c, dev.dbmove.core.dialect.Dialect.of(job.source().type()), tables);
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot look for zero dates in the source: "
                    + e.getMessage(), "run dbmove check against the source");
        }
        if (found.isEmpty()) {
            return;
        }
        boolean toNull = job.replication().zeroDates() == dev.dbmove.config.ReplicationSettings.ZeroDates.TO_NULL;
        List<String> notNull = found.stream().filter(f -> f.endsWith("NOT NULL")).toList();
        if (!toNull) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the source holds MySQL zero dates, which no other"
                    + " engine can hold:\n  " + String.join("\n  ", found), "correct them on the source (e.g. UPDATE ... SET"
                    + " col = NULL WHERE YEAR(col) = 0 OR MONTH(col) = 0 OR DAYOFMONTH(col) = 0), or copy them as NULL"
                    + " with replication: {zeroDates: to-null}");
        }
        if (!notNull.isEmpty()) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "zeroDates: to-null cannot apply to NOT NULL"
                    + " columns:\n  " + String.join("\n  ", notNull), "correct those values on the source, or make the"
                    + " columns nullable");
        }
        listener.message("zero dates are copied as NULL (replication.zeroDates: to-null): " + String.join("; ", found));
    }

    /** A replica server id for the MySQL binlog client, stable per job so a restarted job replaces its old session. */
    private static int serverId(JobNames names) {
        return 5400 + Math.floorMod(names.job().hashCode(), 100_000);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        List<String> messages = new ArrayList<>();
        while (root != null) {
            if (root.getMessage() != null && !messages.contains(root.getMessage())) {
                messages.add(root.getMessage());
            }
            root = root.getCause();
        }
        return messages.isEmpty() ? t.toString() : messages.get(messages.size() - 1);
    }
}
