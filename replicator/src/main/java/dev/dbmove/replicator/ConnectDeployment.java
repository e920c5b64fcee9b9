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
        this.rest = new ConnectRest(job.replication().kafkaConnect().connectUrl());
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
                        + " partitions independently)");
            } else {
                messages.accept("the target already holds this job's state (" + known.size() + " table(s)): the"
                        + " connectors resume from their positions");
            }
        }
        rest.put(ConnectorConfigs.sinkName(job), sink);
        rest.put(ConnectorConfigs.sourceName(job), source);
        messages.accept("connectors " + ConnectorConfigs.sourceName(job) + " and " + ConnectorConfigs.sinkName(job)
                + " are set on " + job.replication().kafkaConnect().connectUrl() + " (topic prefix "
                + ConnectorConfigs.topicPrefix(job) + ")");
        awaitRunning(ConnectorConfigs.sourceName(job));
        awaitRunning(ConnectorConfigs.sinkName(job));
        messages.accept("both run: the cluster replicates now; dbmove status shows the progress and the consumer lag,"
                + " dbmove replicate --stop removes the connectors");
    }

    /** Removes both connectors; their positions stay, so the next start resumes. */
    public List<String> stop() {
        List<String> done = new ArrayList<>();
        for (String name : List.of(ConnectorConfigs.sourceName(job), ConnectorConfigs.sinkName(job))) {
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
