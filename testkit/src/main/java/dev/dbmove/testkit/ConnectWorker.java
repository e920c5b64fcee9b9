package dev.dbmove.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Kafka Connect worker in distributed mode, a child JVM, with its REST API on a loopback port that
 * stays the same across {@link #kill()} and {@link #start()}.
 */
final class ConnectWorker {
    private final int index;
    private final int port;
    private final Path config;
    private final Path logFile;
    private final Path pidFile;
    private final ChildJvm jvm;
    private final ConnectRest rest;
    private volatile ServerProcess process;

    private ConnectWorker(int index, int port, Path config, Path logFile, Path pidFile, ChildJvm jvm) {
        this.index = index;
        this.port = port;
        this.config = config;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.jvm = jvm;
        this.rest = new ConnectRest(url());
    }

    /** Writes the worker's configuration, on a new free port; does not start it. */
    static ConnectWorker configure(int index, Path dir, ChildJvm jvm, Map<String, String> common) {
        int port = FreePort.find();
        Map<String, String> p = new TreeMap<>(common);
        p.put("listeners", "http://127.0.0.1:" + port);
        p.put("rest.advertised.host.name", "127.0.0.1");
        p.put("rest.advertised.port", Integer.toString(port));
        p.put("rest.advertised.listener", "http");
        Path config = dir.resolve("worker-" + index + ".properties");
        try {
            PropertiesFile.write(config, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        return new ConnectWorker(index, port, config, dir.resolve("worker-" + index + ".log"),
                dir.resolve("worker-" + index + ".pid"), jvm);
    }

    /** Starts the worker's process; {@link #awaitReady} waits for it to serve. */
    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Connect worker " + index + " runs already");
        }
        process = ServerProcess.start(jvm.command("org.apache.kafka.connect.cli.ConnectDistributed", config.toString()),
                logFile, pidFile, "TERM", config.getParent());
    }

    /**
     * Waits until the REST API answers GET / and GET /connectors with 200: the second only once the worker
     * has joined its group and read the connectors' configurations.
     */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            try {
                ConnectRest.Response root = rest.get("/");
                last = "GET / answered " + root.status() + ": " + root.body();
                if (root.ok()) {
                    ConnectRest.Response connectors = rest.get("/connectors");
                    last = "GET /connectors answered " + connectors.status() + ": " + connectors.body();
                    if (connectors.ok()) {
                        return;
                    }
                }
            } catch (UncheckedIOException e) {
                last = e.getMessage();
            }
            boolean alive = process.isAlive();
            if (!alive || System.nanoTime() > deadline) {
                String log = process.logTail(40);
                throw new IllegalStateException("Connect worker " + index + " on " + url()
                        + (alive ? " is not ready after " + timeout.toSeconds() + " s" : " exited")
                        + " (" + last + ")" + (log.contains("Address already in use") ? " (port already in use)" : "")
                        + "; log " + logFile + ":\n" + log);
            }
            EmbeddedMariaDb.sleep(200);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The worker's id in the statuses the REST API gives: its advertised host and port. */
    String id() {
        return "127.0.0.1:" + port;
    }

    ConnectRest rest() {
        return rest;
    }

    Path logFile() {
        return logFile;
    }

    String logTail(int lines) {
        return process == null ? "(never started)" : process.logTail(lines);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, as a crash: the worker neither leaves its group nor commits its tasks' offsets. */
    void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** Stops the worker cleanly (SIGTERM): it stops its tasks and leaves the group. */
    void stop(Duration timeout) {
        if (process != null) {
            process.stop(timeout);
        }
    }
}
