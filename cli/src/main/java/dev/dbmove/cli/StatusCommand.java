package dev.dbmove.cli;

import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import dev.dbmove.cli.status.Dashboard;
import dev.dbmove.cli.status.StatusJson;
import dev.dbmove.cli.status.StatusText;
import dev.dbmove.config.JobConfig;
import dev.dbmove.config.JobFileLoader;
import dev.dbmove.config.ReplicationSettings;
import dev.dbmove.cli.kafka.KafkaApplied;
import dev.dbmove.cli.status.KafkaStatus;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.replicator.kafka.ConsumerLag;
import dev.dbmove.replicator.kafka.ConnectRest;
import dev.dbmove.replicator.kafka.ConnectorConfigs;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.StatusReader;
import dev.dbmove.core.status.Waiting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows how far along a job is, how fast, how far behind and what is wrong, per table; read from"
                + " the target's state schema and the source, so it works from any machine that reaches both, while"
                + " dbmove replicate runs, after it stopped, and after a crash.",
        footerHeading = "%nExamples:%n",
        footer = {"  dbmove status --config dbmove.yaml --watch   # full screen, refreshed every second, q quits",
                "  dbmove status --config dbmove.yaml --json    # one JSON object for scripts"})
final class StatusCommand implements Callable<Integer> {
    private final Function<String, String> environment;

    @Mixin
    CommonOptions common;

    @Option(names = "--watch", description = "a full-screen view refreshed every second (plain lines every second"
            + " when the output is not a terminal)")
    boolean watch;

    @Option(names = "--json", description = "print the status as one JSON object")
    boolean json;

    @Spec
    CommandSpec spec;

    private JobConfig loaded;

    StatusCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        JobConfig job = new JobFileLoader(environment).load(common.config);
        loaded = job;
        PrintWriter out = spec.commandLine().getOut();
        Path waitingFile = Waiting.file(job.file(), job.names().job());
        StatusReader opened;
        try {
            opened = new StatusReader(job.source(), job.target(), job.names(), Clock.systemUTC());
        } catch (DbmoveException unreachable) {
            return waitingOnly(out, job, waitingFile, unreachable);
        }
        try (StatusReader reader = opened) {
            if (!watch) {
                JobStatus status;
                try {
                    status = reader.read();
                } catch (DbmoveException unreadable) {
                    return waitingOnly(out, job, waitingFile, unreadable);
                }
                print(out, status, Waiting.read(waitingFile).orElse(null));
                return 0;
            }
            if (json || System.console() == null) {
                // Not a terminal (or JSON asked for): the same plain output again every second, until stopped.
                try {
                    while (true) {
                        print(out, reader.read(), Waiting.read(waitingFile).orElse(null));
                        out.println();
                        out.flush();
                        Thread.sleep(1000);
                    }
                } catch (InterruptedException stopped) {
                    return 0;
                }
            }
            try (Terminal terminal = new DefaultTerminalFactory().createTerminal()) {
                new Dashboard(terminal, reader::read).run(Duration.ofSeconds(1));
            }
        }
        return 0;
    }

    /**
     * The target (where the job's state lives) cannot be read. If the job's replicator runs on
     * this machine and waits for a server, that is the status; otherwise the error stands.
     */
    private int waitingOnly(PrintWriter out, JobConfig job, Path waitingFile, DbmoveException problem) {
        Waiting waiting = Waiting.read(waitingFile).orElseThrow(() -> problem);
        if (json) {
            out.println(StatusJson.renderWaiting(job.job(), waiting, problem.getMessage()));
        } else {
            out.println("job         " + job.job());
            out.println("replicator  running (pid " + waiting.pid() + "), " + waiting.describe(Instant.now()));
            out.println("target      " + problem.getMessage());
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, JobStatus read, Waiting waiting) {
        KafkaStatus kafka = kafka();
        JobStatus status = kafka == null || kafka.problem() != null ? read : withKafkaLag(read, kafka);
        if (json) {
            out.println(StatusJson.render(status, waiting, kafka));
        } else {
            StatusText.render(status).stream()
                    // On Kafka Connect, no dbmove process replicates: the connectors' line says what does.
                    .filter(line -> kafka == null || !line.startsWith("replicator "))
                    .forEach(out::println);
            if (waiting != null) {
                out.println("waiting     " + waiting.describe(Instant.now()));
            }
            if (kafka != null) {
                StatusText.renderKafka(kafka).forEach(out::println);
            }
        }
        out.flush();
    }

    /**
     * On Kafka Connect the lag is the sink's: 0 for a table whose topic partitions hold no record
     * the target lacks, otherwise (and for the job while any is waiting) the age of the newest
     * source commit the target holds, an upper bound of the oldest waiting change's age.
     */
    private static JobStatus withKafkaLag(JobStatus status, KafkaStatus kafka) {
        java.util.Map<String, Double> tables = new java.util.HashMap<>();
        for (var t : status.tables()) {
            long left = kafka.partitions().stream().filter(p -> p.topic().endsWith("." + t.name()))
                    .mapToLong(ConsumerLag::pending).sum();
            tables.put(t.name(), KafkaApplied.lagSeconds(left, status.appliedCommitTime(), status.asOf()));
        }
        long pending = kafka.partitions().stream().mapToLong(ConsumerLag::pending).sum();
        return status.withLag(KafkaApplied.lagSeconds(pending, status.appliedCommitTime(), status.asOf()), tables);
    }

    /** With engine: kafka-connect, the connectors and the sink's consumer lag (or why it cannot be read); else null. */
    private KafkaStatus kafka() {
        if (loaded == null || loaded.replication().engine() != ReplicationSettings.Engine.KAFKA_CONNECT) {
            return null;
        }
        java.util.List<KafkaStatus.Connector> connectors = new java.util.ArrayList<>();
        try {
            ConnectRest rest = new ConnectRest(loaded.replication().kafkaConnect().connectUrls());
            for (String name : java.util.List.of(ConnectorConfigs.sourceName(loaded), ConnectorConfigs.sinkName(loaded))) {
                connectors.add(rest.status(name).map(s -> new KafkaStatus.Connector(name,
                        s.path("connector").path("state").asText(), tasks(s))).orElse(
                        new KafkaStatus.Connector(name, "absent", java.util.List.of())));
            }
        } catch (DbmoveException e) {
            connectors.add(new KafkaStatus.Connector("Kafka Connect", e.getMessage(), java.util.List.of()));
        }
        try (HikariDataSource pool = DataSources.pool(loaded.target(), loaded.names().job() + "-status", 1)) {
            return new KafkaStatus(ConsumerLag.group(loaded),
                    ConsumerLag.read(loaded, new StateStore(loaded.target(), loaded.names(), pool)), null, connectors);
        } catch (DbmoveException e) {
            return new KafkaStatus(ConsumerLag.group(loaded), java.util.List.of(), e.getMessage(), connectors);
        }
    }

    private static java.util.List<String> tasks(com.fasterxml.jackson.databind.JsonNode status) {
        java.util.List<String> tasks = new java.util.ArrayList<>();
        for (var t : status.path("tasks")) {
            tasks.add(t.path("id").asText() + " " + t.path("state").asText() + " on " + t.path("worker_id").asText());
        }
        return tasks;
    }
}
