package dev.dbmove.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Kafka broker in KRaft mode, broker and controller in one process (a child JVM), on two free
 * loopback ports, with its data in a directory of its own. Every internal topic has one replica.
 */
final class KafkaBroker implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private volatile ServerProcess process;

    private KafkaBroker(Path dir, int port, ServerProcess process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Formats the storage, starts the broker and waits until it answers an Admin client. */
    static KafkaBroker start(Path dir, ChildJvm jvm, Map<String, String> overrides) {
        int port = FreePort.find();
        int controllerPort = FreePort.find();
        Path data = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        Map<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", data.toString());
        // One broker: every internal topic with one replica (the defaults of 3 would never be met).
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Few partitions and small segments: topics are made in a blink and the data directory stays small.
        p.put("num.partitions", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("log.segment.bytes", "1048576");
        p.put("offsets.topic.segment.bytes", "1048576");
        p.put("transaction.state.log.segment.bytes", "1048576");
        p.put("log.index.size.max.bytes", "1048576");
        // A group's first rebalance waits 3 s for more members by default; Connect workers come one by one anyway.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "4");
        p.putAll(overrides);
        try {
            Files.createDirectories(data);
            PropertiesFile.write(config, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's configuration in " + dir, e);
        }
        String clusterId = randomClusterId();
        Commands.run(jvm.command("kafka.tools.StorageTool", "format", "--standalone",
                "--cluster-id", clusterId, "--config", config.toString()), 120);
        ServerProcess process = ServerProcess.start(jvm.command("kafka.Kafka", config.toString()),
                dir.resolve("broker.log"), dir.resolve("broker.pid"), "TERM", dir);
        KafkaBroker broker = new KafkaBroker(dir, port, process);
        broker.awaitReady();
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    Path logFile() {
        return dir.resolve("broker.log");
    }

    String logTail(int lines) {
        return process.logTail(lines);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the port accepts connections (quietly: an Admin client logs a warning for every refused
     * connection), then until an Admin client sees the broker in the cluster.
     */
    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!accepts()) {
            failIfDeadOrLate(deadline, "does not listen on " + bootstrapServers());
            EmbeddedMariaDb.sleep(100);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not ready yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                }
                failIfDeadOrLate(deadline, "does not describe its cluster");
                EmbeddedMariaDb.sleep(200);
            }
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void failIfDeadOrLate(long deadline, String what) {
        boolean alive = process.isAlive();
        if (alive && System.nanoTime() < deadline) {
            return;
        }
        String log = process.logTail(40);
        close();
        throw new IllegalStateException("the Kafka broker " + what + (alive ? " after " + STARTUP.toSeconds() + " s" : " and exited")
                + (log.contains("Address already in use") ? " (port already in use)" : "")
                + "; log " + logFile() + ":\n" + log);
    }

    /**
     * A KRaft cluster id as kafka-storage random-uuid makes one: 16 random bytes in URL-safe base64 without
     * padding, never starting with a dash (the tool would take it for an option).
     */
    private static String randomClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
