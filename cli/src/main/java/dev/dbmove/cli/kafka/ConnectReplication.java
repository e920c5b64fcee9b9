package dev.dbmove.cli.kafka;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.state.JobState;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.SourcePosition;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.steps.Replication;
import dev.dbmove.replicator.ConnectDeployment;
import dev.dbmove.replicator.kafka.ConnectorConfigs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job Kafka Connect runs ({@code engine: kafka-connect}), as the cutover reaches it: its
 * Debezium source connector and dbmove sink connector, through the Connect REST API, and the
 * sink's progress per topic partition, from Kafka and from the offsets the target holds.
 *
 * <p>The drain has two halves. First Kafka must hold every change up to the frozen source's
 * position: Connect commits a source offset only once every record before it is in Kafka, so
 * the source connector's committed offset (GET /connectors/NAME/offsets) must have reached the
 * position. Connect commits every {@code offset.flush.interval.ms} (60 s by default), and a
 * stopping task commits at once: when the committed offset has not reached the position once
 * Debezium has sent a heartbeat after the freeze (every 5 s; it moves its offset past the last
 * transaction), or 7 s after it, the drain stops the source connector, which the cutover does
 * next anyway, and reads the offset again; if Debezium had not read that far, it resumes it and
 * tries again later, waiting twice as long each time.
 * Then the target must hold every record each partition had then: the offset the sink stored
 * with the data in the target (or its group's committed offset) at those end offsets ({@link KafkaApplied}).
 */
public final class ConnectReplication implements Replication, AutoCloseable {
    /**
     * Debezium's heartbeat (ConnectorConfigs, 5 s) and a margin: by then a caught-up source connector has passed the
     * position; the first heartbeat seen in Kafka after the position was read comes sooner.
     */
    private static final Duration FIRST_STOP = Duration.ofSeconds(7);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** How long a stopped task's final commit may take to be read back. */
    private static final Duration COMMIT_SEEN = Duration.ofSeconds(3);

    private final JobConfig job;
    private final StateStore state;
    private final Clock clock;
    private final KafkaApplied applied;
    private final ConnectDeployment connect;
    private final String source;
    private final String sink;

    private String drainPosition;
    private Instant nextStop;
    private Duration stopEvery;
    private boolean inKafka;
    private long heartbeatsBefore;
    private int stops;
    private Map<String, Long> drainEnds;

    /** @param applied what the target holds of Kafka's records; this closes it */
    public ConnectReplication(JobConfig job, StateStore state, Clock clock, KafkaApplied applied) {
        this.job = job;
        this.state = state;
        this.clock = clock;
        this.applied = applied;
        this.connect = applied.connect();
        this.source = ConnectorConfigs.sourceName(job);
        this.sink = ConnectorConfigs.sinkName(job);
    }

    @Override
    public String what() {
        return "the connectors " + source + " and " + sink;
    }

    @Override
    public String notRunning(JobStatus status) {
        List<String> problems = connect.notRunning();
        if (problems.isEmpty()) {
            return null;
        }
        return String.join("; ", problems) + ": the last changes could not reach the target; fix what Kafka Connect"
                + " says (dbmove status shows the connectors), run dbmove replicate --config " + job.file()
                + " (it resumes stopped connectors) and wait until dbmove status shows every table streaming and no lag";
    }

    /**
     * 0 when the target holds every record in Kafka; otherwise the age of the newest source commit
     * the target holds, which is at least the age of the oldest change still waiting (an
     * overestimate when several sink tasks apply at different speeds). Debezium's own distance
     * from the source is not counted: the drain waits for it.
     */
    @Override
    public Double lagSeconds(JobStatus status) {
        JobState stored = state.job();
        return KafkaApplied.lagSeconds(applied.pending(), stored == null ? null : stored.appliedCommitTs(), clock.instant());
    }

    @Override
    public SourcePosition.Lag left(Connection c, DatabaseType type, String position, StepContext context)
            throws SQLException, InterruptedException {
        if (!position.equals(drainPosition)) {
            drainPosition = position;
            inKafka = false;
            stopEvery = FIRST_STOP;
            nextStop = context.now().plus(FIRST_STOP);
            heartbeatsBefore = applied.heartbeats();
            stops = 0;
        }
        if (!inKafka) {
            // The source is frozen: no change after the position can show that Kafka holds it; the offset must.
            inKafka = applied.inKafka(c, type, position, false);
            // A heartbeat sent since the position was read carries Debezium's offset past it, unless Debezium is behind.
            boolean beat = !inKafka && stops == 0 && heartbeatsBefore >= 0 && applied.heartbeats() > heartbeatsBefore;
            if (!inKafka && (beat || !context.now().isBefore(nextStop))) {
                stops++;
                context.progress("stopping connector " + source + " so that it commits its offset now (Connect"
                        + " commits every offset.flush.interval.ms otherwise)");
                connect.stopConnector(source, STOP_TIMEOUT);
                Instant until = context.now().plus(COMMIT_SEEN);
                while (!(inKafka = applied.inKafka(c, type, position, false)) && context.now().isBefore(until)) {
                    Thread.sleep(200);
                }
                if (!inKafka) {
                    context.progress("connector " + source + " had committed " + connect.committedSourcePosition()
                            .orElse("no offset") + ", short of " + position + ": resumed, to read further");
                    connect.resumeConnector(source);
                    stopEvery = stopEvery.multipliedBy(2);
                    nextStop = context.now().plus(stopEvery);
                }
            }
            if (!inKafka) {
                SourcePosition.Lag behind = applied.committedBehind(c, type, position);
                return behind == null ? null : new SourcePosition.Lag(behind.amount(), behind.unit() + " not yet in Kafka");
            }
            drainEnds = applied.endOffsets();
            context.progress("Kafka holds every change up to " + position + " (connector " + source
                    + " committed " + connect.committedSourcePosition().orElse("?") + ")");
        }
        return new SourcePosition.Lag(applied.left(drainEnds), "records in Kafka");
    }

    @Override
    public String trouble() {
        List<String> problems = connect.notRunning(sink);
        if (!inKafka) {
            problems = new java.util.ArrayList<>(problems);
            problems.addAll(connect.notRunning(source).stream().filter(p -> !p.endsWith(" is STOPPED")).toList());
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    @Override
    public boolean reversible() {
        return true;
    }

    /** Resumes the source connector if the drain stopped it. */
    @Override
    public void undoDrain(StepContext context) throws InterruptedException {
        resume(source, context);
    }

    @Override
    public String describeStop() {
        return "stop the connectors " + source + " and " + sink + " (PUT /connectors/NAME/stop: their configurations"
                + " and offsets stay; a rollback resumes them)";
    }

    @Override
    public void stop(StepContext context) throws InterruptedException {
        for (String name : List.of(source, sink)) {
            if (connect.stopConnector(name, STOP_TIMEOUT)) {
                context.progress("connector " + name + " stopped");
            }
        }
    }

    @Override
    public boolean stopped() {
        return List.of(source, sink).stream().map(connect::state).allMatch(s -> "STOPPED".equals(s) || "absent".equals(s));
    }

    @Override
    public void restart(StepContext context) throws InterruptedException {
        resume(sink, context);
        resume(source, context);
    }

    private void resume(String name, StepContext context) throws InterruptedException {
        if (connect.state(name).equals("absent")) {
            return; // removed meanwhile (dbmove replicate --stop): nothing to resume
        }
        if (connect.resumeConnector(name)) {
            context.progress("connector " + name + " resumed");
        }
    }

    /** The sink's tasks apply partitions independently: {@code dbmove replicate} made no foreign key. */
    @Override
    public boolean leavesForeignKeys() {
        return true;
    }

    @Override
    public int createForeignKeys(StepContext context) {
        return connect.createForeignKeys();
    }

    @Override
    public int dropForeignKeys(StepContext context) {
        return connect.dropForeignKeys();
    }

    @Override
    public void close() {
        applied.close();
    }
}
