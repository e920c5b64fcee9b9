package dev.dbmove.cli;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.JobFileLoader;
import dev.dbmove.config.ReplicationSettings;
import dev.dbmove.replicator.Cleanup;
import dev.dbmove.replicator.ConnectDeployment;
import dev.dbmove.replicator.Replicator;
import dev.dbmove.replicator.Resnapshot;
import dev.dbmove.replicator.engine.ReplicationListener;
import dev.dbmove.replicator.metrics.MetricsServer;
import dev.dbmove.replicator.metrics.ReplicationMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

@Command(name = "replicate", mixinStandardHelpOptions = true,
        description = "Copies the selected tables (full load), then keeps the target current from the source's change"
                + " log until stopped (Ctrl-C / SIGTERM). Resumes where it stopped after any crash.",
        footerHeading = "%nExample:%n",
        footer = {"  dbmove replicate --config dbmove.yaml",
                "  dbmove replicate --config dbmove.yaml --metrics-port 9464",
                "  dbmove replicate --config dbmove.yaml --resnapshot orders,customers   # copy these again",
                "  dbmove replicate --config dbmove.yaml --resnapshot all   # after the source lost the saved position",
                "  dbmove replicate --config dbmove.yaml --cleanup   # drop the PostgreSQL slot and publication"})
final class ReplicateCommand implements Callable<Integer> {
    private final Function<String, String> environment;

    @Mixin
    CommonOptions common;

    @Option(names = "--cleanup", description = "remove the job's replication slot and publication from a PostgreSQL source")
    boolean cleanup;

    @Option(names = "--stop", description = "stop the job's replication: with engine: kafka-connect, remove its"
            + " connectors from the cluster; else ask the running dbmove replicate to stop (as SIGTERM does). The"
            + " position stays saved: dbmove replicate resumes")
    boolean stop;

    @Option(names = "--resnapshot", paramLabel = "TABLES", split = ",",
            description = "empty these tables on the target and copy them again while the others keep streaming"
                    + " (comma-separated source table names, or 'all'); with 'all', also starts afresh when the source"
                    + " no longer holds the saved position (binlog purged, slot dropped or invalidated)")
    java.util.List<String> resnapshot;

    @Option(names = "--metrics-port", paramLabel = "N",
            description = "serve Prometheus metrics on http://HOST:N/metrics (see the README for the names)")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "the address metrics are served on (default: ${DEFAULT-VALUE}, loopback only)")
    String metricsHost;

    @Spec
    CommandSpec spec;

    ReplicateCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        JobConfig job = new JobFileLoader(environment).load(common.config);
        PrintWriter out = spec.commandLine().getOut();
        if ((cleanup || stop) && resnapshot != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--resnapshot does not go with --stop or --cleanup");
        }
        boolean onConnect = job.replication().engine() == ReplicationSettings.Engine.KAFKA_CONNECT;
        if (stop || cleanup) {
            if (onConnect) {
                new ConnectDeployment(job, out::println).stop().forEach(out::println);
            } else if (stop) {
                out.println(Cleanup.requestStop(job));
            }
            if (cleanup) {
                Cleanup.run(job).forEach(out::println);
            }
            out.flush();
            return 0;
        }
        if (onConnect) {
            if (resnapshot != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--resnapshot is for engine:"
                        + " embedded; on Kafka Connect, use Debezium's incremental snapshot signals");
            }
            new ConnectDeployment(job, line -> {
                out.println(line);
                out.flush();
            }).start();
            return 0;
        }
        ReplicationMetrics metrics = metricsPort == null ? null : new ReplicationMetrics();
        try (ReplicationConsole console = new ReplicationConsole(out, System.console() != null);
             MetricsServer server = metrics == null ? null : new MetricsServer(metrics, metricsHost, metricsPort)) {
            if (server != null) {
                out.println("metrics on http://" + metricsHost + ":" + server.port() + "/metrics");
                out.flush();
            }
            Replicator replicator = new Replicator(job, metrics == null ? console
                    : ReplicationListener.both(console, metrics), Resnapshot.of(resnapshot));
            // SIGTERM and Ctrl-C stop the replicator after the batch it is applying; run() then returns and the
            // process exits 0. The shutdown hook covers other ways the JVM may be asked to end.
            StopSignals.onTermOrInterrupt(replicator::stop);
            Thread hook = new Thread(() -> {
                replicator.stop();
                try {
                    replicator.awaitTerminated(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "dbmove-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                replicator.run();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for us
                }
            }
        }
        out.println("stopped; the position is saved in the target, the next dbmove replicate resumes from it");
        out.flush();
        return 0;
    }
}
