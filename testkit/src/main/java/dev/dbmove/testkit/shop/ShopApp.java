package dev.dbmove.testkit.shop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small application for cutover tests and {@code dbmove demo}: it reads its database from
 * {@code DIR/shop.properties}, places orders continuously and answers {@code GET /health}
 * and {@code GET /info} on 127.0.0.1. Run it with {@code ShopApp --dir DIR}, as
 * {@link ShopControl} does; SIGTERM stops it cleanly.
 * <p>
 * Files in DIR: {@code shop.port} (the HTTP port, present while it listens) and
 * {@code acked.log} (one acknowledged order id a line, appended across runs).
 */
public final class ShopApp {
    private static final long STOP_WAIT_SECONDS = 15;

    private final ShopDir dir;
    private final ShopConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final CountDownLatch writerDone = new CountDownLatch(1);

    private ShopApp(ShopDir dir, ShopConfig config) {
        this.dir = dir;
        this.config = config;
    }

    public static void main(String[] args) {
        if (args.length != 2 || !"--dir".equals(args[0])) {
            System.err.println("usage: ShopApp --dir DIR");
            System.exit(2);
        }
        // The app logs each failure once; the MariaDB driver would warn on every retry, five times a second.
        if (System.getProperty("mariadb.logging.disable") == null) {
            System.setProperty("mariadb.logging.disable", "true");
        }
        ShopDir dir = new ShopDir(Path.of(args[1]));
        try {
            new ShopApp(dir, ShopConfig.load(dir.config())).run();
        } catch (IOException | RuntimeException e) {
            // The message may quote the URL or a driver; ShopConfig masks the password where it can.
            System.err.println("shop app: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() throws IOException {
        try (FileChannel ackLog = FileChannel.open(dir.acked(),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            OrderWriter writer = new OrderWriter(config, ackLog, this::log);
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.httpPort()), 0);
            http.createContext("/health", exchange -> respond(exchange, writer, writer.healthy() ? 200 : 503));
            http.createContext("/info", exchange -> respond(exchange, writer, 200));
            http.start();
            int port = http.getAddress().getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(writer, http), "shop-shutdown"));
            ShopDir.writeAtomically(dir.port(), port + "\n");
            log("listening on http://127.0.0.1:" + port + " (pid " + ProcessHandle.current().pid() + ")");
            try {
                writer.run();
            } finally {
                writerDone.countDown();
            }
        }
    }

    /** On SIGTERM: the writer ends after its current statement, then the server and the port file go. */
    private void shutDown(OrderWriter writer, HttpServer http) {
        log("stopping");
        writer.stop();
        try {
            if (!writerDone.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log("the writer did not finish its statement in " + STOP_WAIT_SECONDS + " s; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        try {
            Files.deleteIfExists(dir.port());
        } catch (IOException e) {
            log("cannot delete " + dir.port() + ": " + e.getMessage());
        }
        log("stopped after " + writer.info().acked() + " acknowledged orders");
    }

    private void respond(HttpExchange exchange, OrderWriter writer, int status) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = json.writeValueAsBytes(writer.info());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** stdout is DIR/shop.log when started by ShopControl; nothing printed may show the password. */
    private void log(String message) {
        System.out.println(Instant.now() + " " + config.password().maskIn(message));
    }
}
