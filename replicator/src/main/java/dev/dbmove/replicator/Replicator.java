package dev.dbmove.replicator;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.config.JobConfig;
import dev.dbmove.config.ReplicationSettings;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.JobNames;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.dialect.Dialect;
import dev.dbmove.core.state.JobPhase;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.state.TablePhase;
import dev.dbmove.core.state.TableState;
import dev.dbmove.core.status.Waiting;
import dev.dbmove.replicator.apply.ApplyProgress;
import dev.dbmove.replicator.apply.ApplyTable;
import dev.dbmove.replicator.apply.ChangeApplier;
import dev.dbmove.replicator.apply.LoadingTables;
import dev.dbmove.replicator.apply.Positions;
import dev.dbmove.replicator.apply.SourceSchemaChangedException;
import dev.dbmove.replicator.apply.TableCopier;
import dev.dbmove.replicator.apply.TablePausedException;
import dev.dbmove.replicator.apply.TargetWriters;
import dev.dbmove.replicator.apply.ZeroDateGuard;
import dev.dbmove.replicator.engine.ConnectorProperties;
import dev.dbmove.replicator.engine.ReplicationListener;
import dev.dbmove.replicator.load.FastLoad;
import dev.dbmove.replicator.preflight.Preflight;
import dev.dbmove.replicator.state.OffsetKeys;
import dev.dbmove.replicator.state.StateStoreProperties;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code dbmove replicate}: the job's runbook for copying, as a short list of steps.
 * <ol>
 * <li>read the source catalog and refuse what cannot be replicated (no key, unmappable type);</li>
 * <li>open the state schema in the target and decide what to copy: everything on a first run,
 *     else the tables whose copy did not finish (emptied first);</li>
 * <li>start the stream engine (no rows, just its start position), applied by {@link ChangeApplier};
 *     once that position is saved, copy the tables while the stream is applied ({@link TableLoads});</li>
 * <li>on a source schema change, change the target table and resume the stream at it; on a new
 *     table, create and copy it; on what cannot be applied, pause that table;</li>
 * <li>run until {@link #stop()} (SIGTERM) or a failure, then record the stop.</li>
 * </ol>
 */
public final class Replicator {
    private static final Logger LOG = LoggerFactory.getLogger(Replicator.class);
    /** Connections a copy engine reads with. */
    private static final int COPY_THREADS = 4;
    /** Workers of the fast load, each with a source and a target connection. */
    private static final int LOAD_THREADS = 3;

    private final JobConfig job;
    private final ReplicationListener listener;
    private volatile CountDownLatch finished = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile Throwable failure;
    /** A run of this process got going (its state recorded): failures after that may be outages to wait out. */
    private volatile boolean ranOnce;
    /** Pauses between attempts to reach a server that went away: the last one repeats. */
    private static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(30));
    /** A run that lasted this long made progress: a failure after it starts the count of retries afresh. */
    private static final Duration RUN_COUNTS_AS_PROGRESS = Duration.ofSeconds(60);
    /** Runs in a row that may fail on broken connections while both servers answer. */
    private static final int QUICK_RETRIES = 5;

    /** Tables to copy again, asked for on the command line; consumed by the first run that marks them. */
    private volatile Resnapshot resnapshot;

    public Replicator(JobConfig job, ReplicationListener listener) {
        this(job, listener, Resnapshot.NONE);
    }

    /** @param resnapshot tables to empty and copy again ({@code --resnapshot}) */
    public Replicator(JobConfig job, ReplicationListener listener, Resnapshot resnapshot) {
        this.job = job;
        this.listener = listener;
        this.resnapshot = resnapshot;
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
        Preflight.sameServer(job).ifPresent(same -> {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, same.found(), same.fix());
        });
        SourcePlan plan = SourcePlan.read(job);
        resnapshot.requireKnown(tableNames(plan));
        RuntimeException thrown;
        int quickRetries = 0;
        while (true) {
            long began = System.nanoTime();
            thrown = null;
            try (HikariDataSource pool = DataSources.pool(job.target(), job.names().job() + "-apply", 4 + COPY_THREADS)) {
                new Run(plan, pool).execute();
            } catch (RuntimeException e) {
                thrown = e;
            }
            Throwable problem = thrown != null ? thrown : failure;
            if (problem == null || !ranOnce) {
                break; // done, or a first start that never got going: the error is the answer
            }
            if (stopRequested.getCount() == 0) {
                LOG.warn("stopping: {}", rootMessage(problem));
                return; // asked to stop; what could not be recorded is recorded by the next run
            }
            Outage outage = outage(problem);
            if (outage == null) {
                positionLost(plan).ifPresent(lost -> {
                    throw lost; // e.g. a slot invalidated while streaming: say so, not the engine's error
                });
                break;
            }
            if (System.nanoTime() - began > RUN_COUNTS_AS_PROGRESS.toNanos()) {
                quickRetries = 0; // it ran a good while: a new outage, not the same one again
            }
            if (outage.side() == null && ++quickRetries > QUICK_RETRIES) {
                break; // both servers answer, yet runs keep failing on broken connections
            }
            if (outage.side() != null && !awaitBack(outage)) {
                return; // stopped while waiting
            }
            failure = null;
            finished = new CountDownLatch(1);
            listener.message(outage.side() == null ? "a connection broke (" + rootMessage(problem) + "); both servers"
                    + " answer: resuming from the saved position" : "the " + outage.side() + " answers again;"
                    + " resuming from the saved position");
        }
        if (thrown != null) {
            throw thrown;
        }
        if (failure != null) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof DbmoveException d) {
                    throw d;
                }
            }
            throw new DbmoveException(ErrorCode.INTERNAL,
                    "replication stopped: " + rootMessage(failure), "run again with --verbose for details; the"
                    + " position is saved, so a new run resumes where this one stopped", failure);
        }
    }

    /**
     * A server the run failed on: {@code side} and the reason it does not answer now, or
     * {@code side} null when both answer again but the failure was a broken connection.
     */
    private record Outage(String side, Endpoint endpoint, String reason) {
    }

    /**
     * Why the run failed, if a server is the reason: the target is tried first (the job's state
     * and data live there), then the source. Null when both answer and the failure was not a
     * broken connection: then it is an error to report, not an outage to wait out.
     */
    private Outage outage(Throwable problem) {
        String target = unreachable(job.target(), "target");
        if (target != null) {
            return new Outage("target", job.target(), target);
        }
        String source = unreachable(job.source(), "source");
        if (source != null) {
            return new Outage("source", job.source(), source);
        }
        return brokenConnection(problem) ? new Outage(null, null, rootMessage(problem)) : null;
    }

    /** Null when the server accepts a connection now, else why not. */
    private static String unreachable(Endpoint endpoint, String side) {
        try (Connection c = Jdbc.connect(endpoint, side, 5)) {
            return null;
        } catch (DbmoveException e) {
            return e.getMessage();
        } catch (SQLException | RuntimeException e) {
            return rootMessage(e);
        }
    }

    /** A failure caused by a connection that broke or could not be made (SQL state class 08, shutdowns). */
    static boolean brokenConnection(Throwable problem) {
        for (Throwable t = problem; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException || t instanceof java.io.EOFException
                    || t instanceof java.net.SocketException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null
                    && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits for the server with growing pauses (1 s up to 30 s), saying so on the console and in
     * the job's waiting file; true once it answers, false if the job is stopped meanwhile.
     */
    private boolean awaitBack(Outage outage) {
        java.nio.file.Path file = job.file() == null ? null : Waiting.file(job.file(), job.names().job());
        Instant since = Instant.now();
        String reason = outage.reason();
        try {
            for (int attempt = 1; ; attempt++) {
                Duration pause = BACKOFF.get(Math.min(attempt - 1, BACKOFF.size() - 1));
                Waiting waiting = new Waiting(outage.side(), outage.endpoint().host() + ":" + outage.endpoint().port()
                        + "/" + outage.endpoint().database(), reason, since, attempt, Instant.now().plus(pause),
                        ProcessHandle.current().pid());
                listener.message(waiting.describe(Instant.now()));
                if (file != null && !waiting.write(file)) {
                    LOG.debug("cannot write {}", file);
                }
                try {
                    if (stopRequested.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                reason = unreachable(outage.endpoint(), outage.side());
                if (reason == null) {
                    return true;
                }
            }
        } finally {
            if (file != null) {
                Waiting.clear(file);
            }
        }
    }

    private static List<String> tableNames(SourcePlan plan) {
        return plan.tables().stream().map(t -> t.id().name()).toList();
    }

    /** The refusal to stream when the source no longer holds the changes since the saved position. */
    private Optional<DbmoveException> positionLost(SourcePlan plan) {
        try (HikariDataSource pool = DataSources.pool(job.target(), job.names().job() + "-position", 1)) {
            Map<String, Object> offset = savedOffset(new StateStore(job.target(), job.names(), pool).readOffsets()
                    .values());
            return offset == null ? Optional.empty() : SavedPosition.lost(job, plan.flavour(), offset).map(this::lostError);
        } catch (RuntimeException e) {
            LOG.debug("cannot tell whether the saved position is still on the source", e);
            return Optional.empty();
        }
    }

    private DbmoveException lostError(String why) {
        String config = job.file() == null ? "dbmove.yaml" : job.file().toString();
        return new DbmoveException(ErrorCode.PRECONDITION_FAILED, why + ". The changes made since cannot be streamed,"
                + " so every table would miss them: the snapshot must be redone", "copy every table again and stream"
                + " from now on: dbmove replicate --config " + config + " --resnapshot all (each target table is emptied"
                + " and loaded again while streaming); then keep the change log longer than dbmove may be stopped"
                + (job.source().type() == DatabaseType.POSTGRESQL ? " (max_slot_wal_keep_size, and leave the slot alone)"
                : " (binlog_expire_logs_seconds, or expire_logs_days)"));
    }

    /** The stream engine's saved offset, or null before it saved one (or while it was still in its snapshot). */
    private static Map<String, Object> savedOffset(java.util.Collection<String> offsets) {
        for (String value : offsets) {
            try {
                Map<String, Object> offset = OffsetKeys.readValue(value);
                if (offset != null && !Positions.duringSnapshot(offset)) {
                    return offset;
                }
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
        return null;
    }

    /** What {@link Run#prepare} decided: a first run (nothing saved to resume from), and the tables to copy. */
    private record Prepared(boolean fresh, List<TableId> toCopy) {
    }

    /** One run of the job: the collaborators it shares between the stream, the copies and the watch for new tables. */
    private final class Run {
        private final SourcePlan plan;
        private final StateStore state;
        private final TargetSchema schema;
        private final DataSource pool;
        private final Map<String, String> stateProperties = new LinkedHashMap<>();
        private final LoadingTables loading = new LoadingTables();
        private final ApplyProgress progress = new ApplyProgress();
        private final TableLoads loads;
        private final NewTableWatch watch;
        private volatile Properties properties;
        private volatile Map<TableId, ApplyTable> applyTables;
        private volatile boolean streamStarted;
        private volatile boolean initialLoadDone;

        Run(SourcePlan plan, DataSource pool) {
            JobNames names = job.names();
            this.plan = plan;
            this.pool = pool;
            this.state = new StateStore(job.target(), names, pool);
            this.schema = new TargetSchema(job, plan, pool);
            stateProperties.putAll(StateStoreProperties.offsetStore(job.target(), names));
            stateProperties.putAll(StateStoreProperties.schemaHistory(job.target(), names));
            this.loads = new TableLoads(names.job(),
                    tables -> ConnectorProperties.copy(properties, names, plan.flavour(), tables, COPY_THREADS,
                            serverId(names) + 1),
                    (tables, end) -> new TableCopier(names.replicationSlot() + "_copy",
                            ConnectorProperties.copyNotificationTopic(names), tables, () -> applyTables,
                            TargetWriters.of(pool, job.target().type()), state, loading, new CopyProgress(tables, end)),
                    Replicator.this::fail,
                    job.replication().fullLoad() == ReplicationSettings.FullLoad.FAST ? new FastLoad(job.source(),
                            plan.flavour(), job.target(),
                            job.replication().zeroDates() == ReplicationSettings.ZeroDates.TO_NULL,
                            job.replication().schema() == ReplicationSettings.SchemaMode.CREATE, LOAD_THREADS,
                            id -> plan.tables().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow(),
                            () -> applyTables, state, loading, listener::message) : null,
                    tables -> new CopyProgress(tables, () -> { }));
            this.watch = new NewTableWatch(plan, Replicator.this::restartEngine);
        }

        void execute() {
            state.create();
            Prepared prepared = prepare();
            List<TableId> toCopy = prepared.toCopy();
            toCopy.forEach(loading::start);
            listener.started(plan.tables().stream().map(TableInfo::id).toList(), plan.estimatedRows(), !toCopy.isEmpty());
            properties = streamProperties();
            applyTables = schema.applyTables();
            streamStarted = !prepared.fresh();
            initialLoadDone = toCopy.isEmpty();
            if (!prepared.fresh()) {
                if (toCopy.isEmpty()) {
                    listener.message("resuming: every table is copied, streaming continues from the saved position");
                } else {
                    listener.message("resuming from the saved position; copying " + toCopy.size() + " table(s) again: "
                            + toCopy.stream().map(TableId::name).collect(Collectors.joining(", ")));
                    loads.submit(toCopy);
                }
            }
            state.markStarted(hostName(), ProcessHandle.current().pid());
            ranOnce = true;
            if (!prepared.fresh()) {
                // A resumed job streams (or copies some tables again): the phase its last stop left no longer holds.
                state.setJobPhase(toCopy.isEmpty() ? JobPhase.STREAMING : JobPhase.SNAPSHOT, null);
            }
            listener.stored(state.tables());
            LiveReporter reporter = new LiveReporter(state, progress, job.source(), listener, Clock.systemUTC(),
                    state.job().startedAt(), Replicator.this::stop);
            try {
                reporter.start();
                watch.start();
                stream(toCopy);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                watch.stop();
                loads.stop();
                reporter.stop();
            }
            state.markStopped();
        }

        /** Runs the stream engine, again after each stop it asked for, until the job stops or fails. */
        private void stream(List<TableId> toCopy) throws InterruptedException {
            ChangeApplier.Listener applied = new ChangeApplier.Listener() {
                @Override
                public void committed(Map<TableId, ChangeApplier.TableCounts> counts, Instant lastSourceCommit) {
                    listener.committed(counts, lastSourceCommit);
                }

                @Override
                public void batchCommitted(long changes, long nanos) {
                    listener.batchCommitted(changes, nanos);
                }

                @Override
                public void streamStarted() {
                    // The stream's start position is saved: rows read from now on are read after it.
                    streamStarted = true;
                    if (!toCopy.isEmpty()) {
                        loads.submit(toCopy);
                    }
                }
            };
            while (true) {
                JobNames names = job.names();
                try (ZeroDateGuard zeroDates = ZeroDateGuard.of(job.source(),
                        job.replication().zeroDates() == ReplicationSettings.ZeroDates.TO_NULL, schema.sourceTables())) {
                    runEngine(properties, new ChangeApplier(names.job(), names.replicationSlot(), applyTables,
                            TargetWriters.of(pool, job.target().type()), state, streamStarted, applied, schema, loading,
                            zeroDates, progress));
                }
                if (stopRequested.getCount() == 0) {
                    return;
                }
                TablePausedException pausing = find(failure, TablePausedException.class);
                SourceSchemaChangedException schemaChange = find(failure, SourceSchemaChangedException.class);
                if (pausing != null) {
                    failure = null;
                    pause(pausing);
                } else if (schemaChange != null) {
                    failure = null;
                    applySchemaChange(schemaChange);
                } else {
                    List<String> appeared = watch.drain();
                    if (failure != null || appeared.isEmpty()) {
                        return;
                    }
                    List<TableId> added = addTables(appeared);
                    if (!added.isEmpty()) {
                        properties = streamProperties();
                        applyTables = schema.applyTables();
                        loads.submit(added);
                    }
                }
            }
        }

        private Properties streamProperties() {
            return ConnectorProperties.build(job.names(), job.source(), plan.flavour(),
                    plan.tables().stream().map(TableInfo::id).toList(), plan.configuredKeys(), stateProperties,
                    serverId(job.names()));
        }

        /**
         * The engine stopped before a change that showed a new shape of a table: the target table
         * changes the same way (in the copy's turn if it is being copied), then the engine resumes
         * at that change. When the target refuses, the table pauses.
         */
        private void applySchemaChange(SourceSchemaChangedException change) throws InterruptedException {
            TableId changed = change.table();
            LoadingTables.Loading turn = loading.acquire(changed);
            List<String> statements;
            try {
                statements = switch (change.change()) {
                    case ADDED -> schema.addColumns(changed, change.columns());
                    case DROPPED -> schema.dropColumns(changed, change.columns());
                    case RETYPED -> schema.retypeColumns(changed, change.columns());
                    case RENAMED -> schema.renameColumns(changed, change.renames());
                };
                applyTables = schema.applyTables();
            } catch (DbmoveException refused) {
                pause(new TablePausedException(changed, change.getMessage() + ", and the target refused the same"
                        + " change: " + refused.getMessage(), refused.fix() + "; or restart dbmove replicate after"
                        + " fixing the target, and " + changed.name() + " is copied again"));
                return;
            } finally {
                if (turn != null) {
                    LoadingTables.release(turn);
                }
            }
            try {
                state.countDdl(changed.name());
            } catch (DbmoveException e) {
                LOG.warn("could not count the schema change of {}: {}", changed, e.getMessage());
            }
            listener.message("schema change on " + changed + ": " + String.join("; ", statements) + "; streaming resumes");
        }

        /**
         * Decides what to copy, and makes those target tables exist and be empty. A first run (no
         * saved stream position, or one saved before the stream engine had fixed its start) copies
         * every table; a resumed run only the tables whose copy did not finish, were paused, or
         * joined the selection since. Partial rows never survive.
         */
        private Prepared prepare() {
            var offsets = state.readOffsets().values();
            boolean fresh = offsets.isEmpty() || offsets.stream().anyMatch(Replicator::duringSnapshot);
            Resnapshot asked = resnapshot;
            boolean restart = false;
            if (!fresh) {
                Map<String, Object> saved = savedOffset(offsets);
                Optional<String> lost = saved == null ? Optional.empty() : SavedPosition.lost(job, plan.flavour(), saved);
                if (lost.isPresent()) {
                    if (!asked.coversAll(tableNames(plan))) {
                        throw lostError(lost.get());
                    }
                    listener.message(lost.get() + ": every table is copied again (--resnapshot), streaming from now on");
                    fresh = true;
                    restart = true;
                }
            } else if (!asked.isEmpty()) {
                listener.message("--resnapshot: nothing is saved yet to resume from, so every table is copied anyway");
            }
            Map<String, TablePhase> phases = state.tables().stream()
                    .collect(Collectors.toMap(TableState::table, TableState::phase));
            List<TableInfo> redo = fresh ? plan.tables() : plan.tables().stream()
                    .filter(t -> phases.get(t.id().name()) != TablePhase.STREAMING || asked.names(t.id().name()))
                    .toList();
            if (!fresh && !asked.isEmpty()) {
                listener.message("copying again on request (--resnapshot): " + plan.tables().stream()
                        .map(t -> t.id().name()).filter(asked::names).collect(Collectors.joining(", ")));
            }
            if (redo.isEmpty()) {
                return new Prepared(fresh, List.of());
            }
            checkZeroDates(plan, redo);
            if (fresh) {
                if (!phases.isEmpty() && !restart) {
                    listener.message("the last full load did not get going: its " + phases.size()
                            + " table(s) are emptied and copied again");
                }
                state.dropAll();
                state.create();
                plan.dropReplicationSlot();
            }
            List<TableId> ids = redo.stream().map(TableInfo::id).toList();
            schema.prepareForSnapshot(ids, phases.keySet());
            state.markCopying(estimates(redo));
            state.setJobPhase(JobPhase.SNAPSHOT, null);
            resnapshot = Resnapshot.NONE; // marked: a later run (after an outage, a restart) copies what is unfinished
            return new Prepared(fresh, ids);
        }

        /**
         * Tables that appeared at the source while streaming: each is planned, created on the
         * target and marked for copying; on PostgreSQL it joins the job's publication first.
         * One that cannot be replicated is left out with a message saying why.
         */
        private List<TableId> addTables(List<String> names) {
            List<TableInfo> added = new ArrayList<>();
            for (String name : names) {
                try {
                    var why = plan.add(name);
                    if (why.isPresent()) {
                        watch.ignore(name);
                        listener.message("new table " + name + " is not replicated: " + why.get() + "; give it a key"
                                + " (or name one in tables.keys) or exclude it, then restart dbmove replicate");
                        continue;
                    }
                } catch (SQLException e) {
                    throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot read the new source table " + name
                            + ": " + e.getMessage(), "run dbmove check against the source");
                }
                TableInfo table = plan.tables().stream().filter(t -> t.id().name().equals(name)).findFirst()
                        .orElseThrow();
                schema.addTable(table);
                added.add(table);
            }
            List<TableId> ids = added.stream().map(TableInfo::id).toList();
            if (ids.isEmpty()) {
                return ids;
            }
            schema.prepareForSnapshot(ids, state.tables().stream().map(TableState::table).collect(Collectors.toSet()));
            state.markCopying(estimates(added));
            ids.forEach(loading::start);
            if (job.source().type() == DatabaseType.POSTGRESQL) {
                publish(ids);
            }
            listener.message("new table(s) at the source: " + ids.stream().map(TableId::name)
                    .collect(Collectors.joining(", ")) + "; created on the target and copied while streaming");
            return ids;
        }

        /** Adds tables to the job's publication, so that the PostgreSQL slot streams their changes. */
        private void publish(List<TableId> tables) {
            Dialect pg = Dialect.of(DatabaseType.POSTGRESQL);
            String sql = "ALTER PUBLICATION " + pg.quote(job.names().publication()) + " ADD TABLE "
                    + tables.stream().map(pg::qualify).collect(Collectors.joining(", "));
            try (Connection c = Jdbc.connect(job.source(), "source"); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "new table(s) " + tables + " cannot join the"
                        + " job's publication: " + e.getMessage(), "as the tables' owner run: " + sql
                        + "; then dbmove replicate again");
            }
        }

        /** One table stops being applied (the others go on); the next start copies it again. */
        private void pause(TablePausedException why) {
            loading.pause(why.table());
            try {
                state.setTablePhase(why.table().name(), TablePhase.PAUSED, why.getMessage() + "; fix: " + why.fix());
            } catch (DbmoveException e) {
                LOG.warn("could not record that {} paused: {}", why.table(), e.getMessage());
            }
            listener.message("paused " + why.table().name() + ": " + why.getMessage() + "\n  fix: " + why.fix()
                    + "\n  the other tables keep streaming");
            listener.error("paused");
        }

        /** What one copy engine's tables do, told on its thread. */
        private final class CopyProgress implements TableCopier.Listener {
            private final Set<TableId> tables;
            private final Runnable end;

            CopyProgress(Set<TableId> tables, Runnable end) {
                this.tables = tables;
                this.end = end;
            }

            @Override
            public void copied(TableId table, long rows) {
                listener.committed(Map.of(table, new ChangeApplier.TableCounts(rows, 0, 0, 0)), null);
            }

            @Override
            public void tableCopied(TableId table) {
                loading.finish(table);
                state.setTablePhase(table.name(), TablePhase.STREAMING, null);
            }

            @Override
            public void paused(TablePausedException why) {
                pause(why);
            }

            @Override
            public void allCopied() throws SQLException {
                // The copy engine is ended only after this. Ended first (its closing runs on another thread), it
                // could interrupt this work midway, and the failure was lost with the engine: the job then waited
                // for a copy that had ended (ReplicationBehaviourIT's re-copy after a pause, about 1 run in 5).
                try {
                    if (initialLoadDone) {
                        schema.createPostLoad(List.copyOf(tables));
                        listener.message("copied " + tables.stream().map(TableId::name).sorted()
                                .collect(Collectors.joining(", ")) + "; streaming");
                    } else if (loading.loading().isEmpty()) {
                        if (schema.createPostLoad()) {
                            listener.message("indexes, unique keys and foreign keys created");
                        }
                        state.setJobPhase(JobPhase.STREAMING, null);
                        initialLoadDone = true;
                        listener.snapshotCompleted();
                    } else {
                        LOG.info("copied {}, still loading {}", tables, loading.loading());
                    }
                } catch (SQLException | RuntimeException e) {
                    LOG.error("finishing the copy of {} failed", tables, e);
                    fail(e);
                    throw e;
                } finally {
                    end.run();
                }
            }
        }
    }

    static Map<String, Long> estimates(List<TableInfo> tables) {
        Map<String, Long> rows = new LinkedHashMap<>();
        tables.forEach(t -> rows.put(t.id().name(), t.estimatedRows()));
        return rows;
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

    /** Stops the stream engine so that the run loop starts it again (with new tables). */
    private void restartEngine() {
        closeEngine();
    }

    /** A copy failed: replication stops with it. */
    private void fail(Throwable t) {
        if (stopRequested.getCount() > 0) {
            failure = t;
            listener.error("failed");
            closeEngine();
            finished.countDown();
        }
    }

    /** Asks the engine to stop after the batch it is applying; {@link #run()} then returns. */
    public void stop() {
        stopRequested.countDown();
        closeEngine();
        finished.countDown();
    }

    private void closeEngine() {
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

    /** A saved position from before the stream engine started streaming (its start was not fixed yet). */
    private static boolean duringSnapshot(String offset) {
        try {
            return Positions.duringSnapshot(OffsetKeys.readValue(offset));
        } catch (RuntimeException unreadable) {
            return true;
        }
    }

    /** Refuses a full load that would turn MySQL zero dates into NULL unless the job file allows it. */
    private void checkZeroDates(SourcePlan plan, List<TableInfo> tables) {
        if (!job.source().type().isMySqlFamily()) {
            return;
        }
        List<String> found;
        try (Connection c = Jdbc.connect(job.source(), "source")) {
            found = ZeroDateScan.find(c, Dialect.of(job.source().type()), tables);
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot look for zero dates in the source: "
                    + e.getMessage(), "run dbmove check against the source");
        }
        if (found.isEmpty()) {
            return;
        }
        boolean toNull = job.replication().zeroDates() == ReplicationSettings.ZeroDates.TO_NULL;
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
    static int serverId(JobNames names) {
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
