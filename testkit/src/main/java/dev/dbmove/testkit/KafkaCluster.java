package dev.dbmove.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;

/**
 * A real Kafka for tests, as a Kafka installation runs it and nothing else: one broker in KRaft mode
 * (broker and controller in one process) and N Kafka Connect workers in distributed mode, one group,
 * each a child JVM of this one that cannot outlive it, on free loopback ports, with data, configuration
 * and one log per process in a temporary directory (kept when -Ddbmove.kafka.keep=true).
 * <p>
 * The children's class paths are resolved from Maven artifacts ({@code org.apache.kafka:kafka_2.13},
 * {@code org.apache.kafka:connect-runtime}, at the version the root pom manages, with the log4j 2 Kafka
 * ships), not taken from the test JVM: a worker finds connectors on its plugin path only, so a plugin
 * packaged wrongly fails here as it would on a real cluster.
 * <p>
 * Workers: JSON converters with schemas, internal topics with one replica, offsets flushed every second,
 * plugins found through their ServiceLoader manifests only (plugin.discovery=service_load), and a killed
 * worker's connectors and tasks reassigned as soon as the group notices it is gone (session timeout 6 s,
 * no scheduled rebalance delay); {@link KafkaClusterOptions} overrides any of it. A module whose tests use this class needs
 * {@code kafka-clients} and {@code maven-resolver-supplier} as test dependencies (optional in testkit).
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
    private static final Duration WORKER_STARTUP = Duration.ofSeconds(120);
    private static final String GROUP = "dbmove-connect";

    private final Path dir;
    private final String kafkaVersion;
    private final KafkaBroker broker;
    private final List<ConnectWorker> workers;

    private KafkaCluster(Path dir, String kafkaVersion, KafkaBroker broker, List<ConnectWorker> workers) {
        this.dir = dir;
        this.kafkaVersion = kafkaVersion;
        this.broker = broker;
        this.workers = workers;
    }

    /** Starts the broker, then the workers; returns once every worker has joined the group and serves. */
    public static KafkaCluster start(KafkaClusterOptions options) {
        long started = System.nanoTime();
        MavenArtifacts maven = MavenArtifacts.fromBuild();
        String kafka = maven.version("kafka.version");
        String log4j = maven.version("log4j.version");
        List<String> logging = List.of("org.apache.logging.log4j:log4j-slf4j-impl:" + log4j,
                "org.apache.logging.log4j:log4j-core:" + log4j);
        Path dir = createDirectory();
        Path log4jConfig = writeLog4jConfig(dir);
        ChildJvm brokerJvm = new ChildJvm(maven.resolve(concat("org.apache.kafka:kafka_2.13:" + kafka, logging), List.of()),
                "512m", log4jConfig);
        ChildJvm workerJvm = new ChildJvm(maven.resolve(concat("org.apache.kafka:connect-runtime:" + kafka, logging), List.of()),
                "512m", log4jConfig);
        long resolved = System.nanoTime();

        KafkaBroker broker = FreePort.retryOnPortClash(() -> {
            Path brokerDir = dir.resolve("broker");
            try {
                Binaries.deleteTree(brokerDir); // a try that lost its port to someone else
                Files.createDirectories(brokerDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + brokerDir, e);
            }
            return KafkaBroker.start(brokerDir, brokerJvm, options.brokerProperties());
        });
        long brokerUp = System.nanoTime();
        Map<String, String> common = workerProperties(broker.bootstrapServers(), options);
        List<ConnectWorker> workers = new ArrayList<>();
        KafkaCluster cluster = new KafkaCluster(dir, kafka, broker, workers);
        try {
            for (int i = 0; i < options.workers(); i++) {
                workers.add(ConnectWorker.configure(i, dir, workerJvm, common));
                workers.get(i).start();
            }
            for (int i = 0; i < options.workers(); i++) {
                cluster.awaitWorker(i, workerJvm, common);
            }
        } catch (RuntimeException e) {
            cluster.stopAll();  // the files stay, for the logs the message names
            throw e;
        }
        LOG.info("Kafka {} ready in {} ms (class paths from {} {} ms, broker {} ms, {} workers {} ms): {}", kafka,
                millis(started, System.nanoTime()), maven.localRepository(), millis(started, resolved),
                millis(resolved, brokerUp), workers.size(), millis(brokerUp, System.nanoTime()), cluster.describe());
        return cluster;
    }

    /** The broker's address for producers, consumers and Admin clients: 127.0.0.1:PORT. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** How many workers the cluster has (running or not). */
    public int workers() {
        return workers.size();
    }

    /** The REST address of worker {@code worker} (0-based): http://127.0.0.1:PORT. */
    public String connectUrl(int worker) {
        return worker(worker).url();
    }

    /** A REST client of worker {@code worker}. */
    public ConnectRest connect(int worker) {
        return worker(worker).rest();
    }

    /** The id worker {@code worker} has in connector and task statuses (worker_id). */
    public String workerId(int worker) {
        return worker(worker).id();
    }

    /** The index of the worker with this worker_id; -1 when none has it. */
    public int workerIndex(String workerId) {
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).id().equals(workerId)) {
                return i;
            }
        }
        return -1;
    }

    public boolean isRunning(int worker) {
        return worker(worker).isAlive();
    }

    /** Kills the worker's process with SIGKILL, as a crash: nothing else is touched. */
    public void kill(int worker) {
        worker(worker).kill();
    }

    /** Stops the worker cleanly (SIGTERM): it stops its tasks, commits their offsets and leaves the group. */
    public void stop(int worker) {
        worker(worker).stop(Duration.ofSeconds(30));
    }

    /**
     * Starts a killed or stopped worker again, with the same port and configuration, and waits until it
     * has joined the group and serves.
     */
    public void start(int worker) {
        ConnectWorker w = worker(worker);
        w.start();
        try {
            w.awaitReady(WORKER_STARTUP);
        } catch (IllegalStateException e) {
            w.kill();
            throw e;
        }
    }

    /** The temporary directory: the broker's data, every configuration, and broker.log, worker-N.log. */
    public Path directory() {
        return dir;
    }

    public Path brokerLog() {
        return broker.logFile();
    }

    public Path workerLog(int worker) {
        return worker(worker).logFile();
    }

    /** The last lines of a worker's log, for a failing test's message. */
    public String workerLogTail(int worker, int lines) {
        return worker(worker).logTail(lines);
    }

    /** One line for logs: what and where. */
    public String describe() {
        return "Kafka " + kafkaVersion + " broker on " + bootstrapServers() + ", " + workers.size() + " Connect workers on "
                + workers.stream().map(ConnectWorker::url).collect(Collectors.joining(", ")) + " (logs in " + dir + ")";
    }

    /** Stops the workers (together), then the broker, and deletes the directory. */
    @Override
    public void close() {
        stopAll();
        if (Boolean.getBoolean("dbmove.kafka.keep")) {
            LOG.info("Kafka test cluster's files kept in {}", dir);
            return;
        }
        try {
            Binaries.deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }

    private void stopAll() {
        List<Thread> stopping = new ArrayList<>();
        for (ConnectWorker w : workers) {
            Thread t = new Thread(() -> w.stop(Duration.ofSeconds(15)), "stop-" + w.id());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        broker.close();
    }

    /** Waits for a worker started with the others; one whose port was taken meanwhile gets another. */
    private void awaitWorker(int i, ChildJvm jvm, Map<String, String> common) {
        for (int attempt = 1; ; attempt++) {
            try {
                workers.get(i).awaitReady(WORKER_STARTUP);
                return;
            } catch (IllegalStateException e) {
                workers.get(i).kill();
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("already in use")) {
                    throw e;
                }
                workers.set(i, ConnectWorker.configure(i, dir, jvm, common));
                workers.get(i).start();
            }
        }
    }

    private ConnectWorker worker(int index) {
        if (index < 0 || index >= workers.size()) {
            throw new IllegalArgumentException("no worker " + index + ": the cluster has " + workers.size());
        }
        return workers.get(index);
    }

    private static Map<String, String> workerProperties(String bootstrapServers, KafkaClusterOptions options) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", GROUP);
        p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("key.converter.schemas.enable", "true");
        p.put("value.converter.schemas.enable", "true");
        p.put("config.storage.topic", GROUP + "-configs");
        p.put("offset.storage.topic", GROUP + "-offsets");
        p.put("status.storage.topic", GROUP + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("offset.storage.partitions", "5");
        p.put("status.storage.partitions", "1");
        p.put("offset.flush.interval.ms", "1000");
        if (!options.pluginPath().isEmpty()) {
            // Never empty: Kafka would read "" as the working directory and take every directory in it for a plugin.
            p.put("plugin.path", options.pluginPath().stream().map(d -> d.toAbsolutePath().toString())
                    .collect(Collectors.joining(",")));
        }
        // Plugins are found through their ServiceLoader manifests only, the mode Kafka means to make the default:
        // a plugin without them fails here (the default hybrid_warn only warns), and the scan of every class on
        // the plugin path, 4-5 s of each worker's start, is skipped.
        p.put("plugin.discovery", "service_load");
        // A SIGKILLed worker is noticed after the session timeout (6 s, the broker's least); its connectors
        // and tasks then move at once instead of waiting up to 5 minutes for it to come back.
        p.put("session.timeout.ms", "6000");
        p.put("heartbeat.interval.ms", "1000");
        p.put("scheduled.rebalance.max.delay.ms", "0");
        p.putAll(options.workerProperties());
        return p;
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory(Binaries.cacheRoot(), "kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the Kafka test cluster", e);
        }
    }

    /**
     * Everything at INFO into the child's log file, less the configuration dumps (nine lines in ten), with
     * times in this JVM's zone so that they line up with the test's own log.
     */
    private static Path writeLog4jConfig(Path dir) {
        Path file = dir.resolve("log4j2.properties");
        try {
            Files.writeString(file, String.join("\n",
                    "status = warn",
                    "appender.out.type = Console",
                    "appender.out.name = out",
                    "appender.out.layout.type = PatternLayout",
                    "appender.out.layout.pattern = %d{HH:mm:ss.SSS}{" + TimeZone.getDefault().getID() + "} %-5p [%t] %c{1} - %m%n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.out.ref = out",
                    "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
                    "logger.config.level = WARN",
                    "logger.appinfo.name = org.apache.kafka.common.utils.AppInfoParser",
                    "logger.appinfo.level = WARN",
                    "logger.reflections.name = org.reflections",
                    "logger.reflections.level = ERROR",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
