package dev.dbmove.replicator.metrics;

import com.sun.net.httpserver.HttpServer;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves {@code GET /metrics} in the Prometheus text format, on loopback unless told otherwise. */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    public MetricsServer(ReplicationMetrics metrics, String host, int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        } catch (IOException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot serve metrics on " + host + ":" + port
                    + ": " + e.getMessage(), "choose a free port with --metrics-port");
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The port really listened on (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
