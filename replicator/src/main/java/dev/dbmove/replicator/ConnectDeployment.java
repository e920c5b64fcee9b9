package dev.dbmove.replicator;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.TableId;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.JobPhase;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.state.TableState;
import dev.dbmove.replicator.kafka.ConnectRest;
import dev.dbmove.replicator.kafka.ConnectorConfigs;
import dev.dbmove.replicator.preflight.Preflight;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code dbmove replicate} with {@code engine: kafka-connect}: makes the target tables and the
 * job's state as the embedded engine would, then creates (or updates) Debezium's source
 * connector and dbmove's sink connector on the Connect cluster, waits until both run, and
 * returns; the cluster replicates from then on. {@link #stop} removes both connectors (their
 * positions stay: Debezium's in Connect's offsets, the sink's in the target), so running
 * {@code dbmove replicate} again resumes.
 */
public final class ConnectDeployment {
    /** How long a new connector may take to have its tasks running. */
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final JobConfig job;
    private final ConnectRest rest;
    private final Consumer<String> messages;

    public ConnectDeployment(JobConfig job, Consumer<String> messages) {
        if (job.replication().kafkaConnect() == null) {
            throw new IllegalArgumentException("not a kafka-connect job");
        }
        this.job = job;
        this.rest = new ConnectRest(job.replication().kafkaConnect().connectUrls());
        this.messages = messages;
    }

    public void start() throws InterruptedException {
        Preflight.sameServer(job).ifPresent(same -> {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, same.found(), same.fix());
        });
        SourcePlan plan = SourcePlan.read(job);
        List<TableId> ids = plan.tables().stream().map(TableInfo::id).toList();
        Map<String, String> source = ConnectorConfigs.source(job, plan.flavour(), ids, plan.configuredKeys(),
                Replicator.serverId(job.names()));
        Map<String, String> sink = ConnectorConfigs.sink(job);
        try (HikariDataSource pool = DataSources.pool(job.target(), job.names().job() + "-deploy", 4)) {
            StateStore state = new StateStore(job.target(), job.names(), pool);
            state.create();
            List<TableState> known = state.tables();
            if (known.isEmpty()) {
                TargetSchema schema = new TargetSchema(job, plan, pool);
                schema.prepareForSnapshot(ids, java.util.Set.of());
                try {
                    // Indexes and unique keys now, before the rows: the sink writes by key from the first row on.
                    schema.createPostLoad(ids, false);
                } catch (SQLException e) {
                    throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot create the target's indexes: "
                            + e.getMessage(), "run dbmove check against the target");
                }
                state.markCopying(Replicator.estimates(plan.tables()));
                state.setJobPhase(JobPhase.SNAPSHOT, null);
                messages.accept("created " + ids.size() + " target table(s) and the job's state in "
                        + job.names().stateSchema() + "; foreign keys are left out (sink tasks apply their"
                        + " partitions independently): dbmove cutover creates them once the connectors have stopped");
            } else {
                messages.accept("the target already holds this job's state (" + known.size() + " table(s)): the"
                        + " connectors resume from their positions");
            }
        }
        rest.put(ConnectorConfigs.sinkName(job), sink);
        rest.put(ConnectorConfigs.sourceName(job), source);
        messages.accept("connectors " + ConnectorConfigs.sourceName(job) + " and " + ConnectorConfigs.sinkName(job)
                + " are set on the Connect cluster at " + job.replication().kafkaConnect().connectUrl() + " (topic prefix "
                + ConnectorConfigs.topicPrefix(job) + ")");
        for (String name : names()) {
            // Stopped by a cutover (or paused by someone): a new configuration does not start it again.
            resumeIfStopped(name).ifPresent(was -> messages.accept("connector " + name + " was "
                    + was.toLowerCase(java.util.Locale.ROOT) + ": resumed"));
        }
        awaitRunning(ConnectorConfigs.sourceName(job));
        awaitRunning(ConnectorConfigs.sinkName(job));
        messages.accept("both run: the cluster replicates now; dbmove status shows the progress and the consumer lag,"
                + " dbmove replicate --stop removes the connectors");
    }

    /** The job's connectors: Debezium's source, then dbmove's sink. */
    public List<String> names() {
        return List.of(ConnectorConfigs.sourceName(job), ConnectorConfigs.sinkName(job));
    }

    /** The connector's state as Connect reports it (RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED), or "absent". */
    public String state(String name) {
        return rest.status(name).map(s -> s.path("connector").path("state").asText()).orElse("absent");
    }

    /**
     * What keeps the job's connectors from replicating, one line each, worded for the operator:
     * a connector absent or not running, a task not running (a failed one with its error). Empty
     * when both connectors and all their tasks run.
     */
    public List<String> notRunning() {
        List<String> problems = new ArrayList<>();
        for (String name : names()) {
            problems.addAll(notRunning(name));
        }
        return problems;
    }

    /** What keeps one connector from running, as {@link #notRunning()} words it. */
    public List<String> notRunning(String name) {
        Optional<JsonNode> status = rest.status(name);
        if (status.isEmpty()) {
            return List.of("connector " + name + " is not on the Connect cluster at " + job.replication().kafkaConnect().connectUrl());
        }
        JsonNode connector = status.get().path("connector");
        String state = connector.path("state").asText();
        if (!"RUNNING".equals(state)) {
            return List.of("connector " + name + " is " + state
                    + ("FAILED".equals(state) ? ": " + firstLine(connector.path("trace").asText()) : ""));
        }
        if (status.get().path("tasks").isEmpty()) {
            return List.of("connector " + name + " has no task running");
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode t : status.get().path("tasks")) {
            if (!"RUNNING".equals(t.path("state").asText())) {
                problems.add("connector " + name + " task " + t.path("id").asText() + " is "
                        + t.path("state").asText() + " on " + t.path("worker_id").asText()
                        + ("FAILED".equals(t.path("state").asText()) ? ": " + firstLine(t.path("trace").asText()) : ""));
            }
        }
        return problems;
    }

    /**
     * Debezium's position as Kafka Connect has committed it for the source connector, written as
     * the state writes positions (binlog file:offset and GTIDs, or an LSN); empty when nothing is
     * committed yet. Connect commits a source offset only once Kafka holds every record before it.
     */
    public Optional<String> committedSourcePosition() {
        Optional<JsonNode> answer = rest.offsets(ConnectorConfigs.sourceName(job));
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode entry : answer.get().path("offsets")) {
            JsonNode offset = entry.path("offset");
            if (offset.isObject() && !offset.isEmpty()) {
                Map<String, Object> map = new java.util.LinkedHashMap<>();
                offset.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue().isIntegralNumber()
                        ? (Object) f.getValue().longValue() : f.getValue().isNull() ? null : f.getValue().asText()));
                return Optional.of(dev.dbmove.replicator.apply.Positions.describe(map));
            }
        }
        return Optional.empty();
    }

    /**
     * Stops the connector (its tasks commit their offsets as they stop; configuration and offsets
     * stay) and waits until Connect reports it stopped with no task left; false when there is no such connector.
     */
    public boolean stopConnector(String name, Duration timeout) throws InterruptedException {
        if (!rest.stop(name)) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<JsonNode> status = rest.status(name);
            if (status.isEmpty() || "STOPPED".equals(status.get().path("connector").path("state").asText())
                    && status.get().path("tasks").isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "connector " + name + " has not stopped "
                        + timeout.toSeconds() + " s after being asked (" + status.get().path("connector").path("state")
                        .asText() + ", " + status.get().path("tasks").size() + " task(s) left)",
                        "look at the Connect workers' logs");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Resumes a stopped or paused connector and waits until it and its tasks run.
     *
     * @return whether it was stopped or paused
     */
    public boolean resumeConnector(String name) throws InterruptedException {
        boolean resumed = resumeIfStopped(name).isPresent();
        awaitRunning(name);
        return resumed;
    }

    /** Resumes the connector if it is stopped or paused; the state it was in then. */
    private Optional<String> resumeIfStopped(String name) {
        String state = state(name);
        if (!"STOPPED".equals(state) && !"PAUSED".equals(state)) {
            return Optional.empty();
        }
        rest.resume(name);
        return Optional.of(state);
    }

    /**
     * Creates the target's foreign keys, which this mode leaves out while the sink tasks apply
     * their partitions independently: for the cutover, once the connectors have stopped.
     *
     * @return how many statements ran (0 with {@code schema: existing}, or when the source has no foreign key)
     */
    public int createForeignKeys() {
        return onSchema(TargetSchema::createForeignKeys, "create");
    }

    /** Drops the foreign keys of the job's target tables: the undo of {@link #createForeignKeys}, before the connectors resume. */
    public int dropForeignKeys() {
        return onSchema(TargetSchema::dropForeignKeys, "drop");
    }

    private interface SchemaAction {
        int apply(TargetSchema schema) throws SQLException;
    }

    private int onSchema(SchemaAction action, String verb) {
        SourcePlan plan = SourcePlan.read(job);
        try (HikariDataSource pool = DataSources.pool(job.target(), job.names().job() + "-foreign-keys", 1)) {
            return action.apply(new TargetSchema(job, plan, pool));
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot " + verb + " the target's foreign keys: "
                    + e.getMessage(), "create".equals(verb) ? "correct the rows that break it (on the target, as on the"
                    + " source), then continue with dbmove cutover --resume, or undo with dbmove cutover --rollback"
                    : "drop them by hand before the connectors resume (they would refuse rows that arrive out of order)");
        }
    }

    /** Removes both connectors; their positions stay, so the next start resumes. */
    public List<String> stop() {
        List<String> done = new ArrayList<>();
        for (String name : names()) {
            done.add("connector " + name + (rest.delete(name) ? ": removed" : ": not there"));
        }
        return done;
    }

    private void awaitRunning(String name) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String last = "not listed yet";
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> status = rest.status(name);
            if (status.isPresent()) {
                JsonNode s = status.get();
                String state = s.path("connector").path("state").asText();
                List<String> tasks = new ArrayList<>();
                for (JsonNode t : s.path("tasks")) {
                    tasks.add(t.path("state").asText());
                    if ("FAILED".equals(t.path("state").asText())) {
                        throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "connector " + name + " task "
                                + t.path("id").asText() + " failed on " + t.path("worker_id").asText() + ": "
                                + firstLine(t.path("trace").asText()), "fix what it says, then run dbmove replicate"
                                + " again (it updates the connector, and Connect restarts it)");
                    }
                }
                if ("FAILED".equals(state)) {
                    throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "connector " + name + " failed: "
                            + firstLine(s.path("connector").path("trace").asText()), "fix what it says, then run"
                            + " dbmove replicate again");
                }
                if ("RUNNING".equals(state) && !tasks.isEmpty() && tasks.stream().allMatch("RUNNING"::equals)) {
                    return;
                }
                last = state + ", tasks " + tasks;
            }
            Thread.sleep(500);
        }
        throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "connector " + name + " is not running after "
                + STARTUP.toSeconds() + " s (" + last + ")", "look at the Connect workers' logs");
    }

    private static String firstLine(String trace) {
        String line = trace.lines().findFirst().orElse("(no trace)");
        return line.length() > 2000 ? line.substring(0, 2000) + "..." : line;
    }
}
