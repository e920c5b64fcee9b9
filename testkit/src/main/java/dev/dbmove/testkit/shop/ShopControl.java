package dev.dbmove.testkit.shop;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Starts, stops and reports the {@link ShopApp} of a directory, as an operator's service
 * manager would: {@code ShopControl start|stop|status --dir DIR}. Exit codes: 0 ok,
 * 1 failure (the reason on stderr), 2 usage, 3 "not running" from {@code status}.
 * Start and stop are idempotent, so a cutover step may repeat them after an interruption.
 */
public final class ShopControl {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 20;

    private final ShopDir dir;
    private final PrintStream out;
    private final PrintStream err;

    ShopControl(ShopDir dir, PrintStream out, PrintStream err) {
        this.dir = dir;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        if (args.length != 3 || !"--dir".equals(args[1]) || !List.of("start", "stop", "status").contains(args[0])) {
            System.err.println("usage: ShopControl start|stop|status --dir DIR");
            System.exit(2);
        }
        ShopControl control = new ShopControl(new ShopDir(Path.of(args[2])), System.out, System.err);
        int code;
        try {
            code = switch (args[0]) {
                case "start" -> control.start();
                case "stop" -> control.stop();
                default -> control.status();
            };
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            System.err.println(args[0] + " failed: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    int start() throws IOException {
        Optional<ProcessHandle> running = dir.process();
        if (running.isPresent()) {
            out.println("already running (pid " + running.get().pid() + ")");
            return 0;
        }
        if (!Files.exists(dir.config())) {
            err.println("no " + dir.config() + " — the shop app reads its database from it — write it first");
            return 1;
        }
        Files.deleteIfExists(dir.port()); // left by a killed app; its presence means "listening"
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Not waited for: the app outlives this command, as a daemon outlives its init script.
        Process app = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                ShopApp.class.getName(), "--dir", dir.dir().toString())
                .directory(dir.dir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        ShopDir.writeAtomically(dir.pid(), app.pid() + "\n");

        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (dir.info().isEmpty()) {
            if (!app.isAlive()) {
                return failedStart("the shop app exited with code " + app.exitValue() + " while starting");
            }
            if (System.nanoTime() > deadline) {
                app.destroyForcibly();
                return failedStart("the shop app did not answer on /info within " + START_TIMEOUT.toSeconds()
                        + " s and was killed");
            }
            pause(100);
        }
        out.println("started (pid " + app.pid() + ", port " + dir.httpPort().orElse(-1) + ")");
        return 0;
    }

    int stop() throws IOException {
        Optional<ProcessHandle> running = dir.process();
        if (running.isEmpty()) {
            Files.deleteIfExists(dir.pid());
            out.println("not running");
            return 0;
        }
        ProcessHandle app = running.get();
        app.destroy(); // SIGTERM: the app finishes its statement and closes its connection
        if (!exited(app, STOP_TIMEOUT)) {
            err.println("pid " + app.pid() + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s of SIGTERM; killing it");
            app.destroyForcibly();
            if (!exited(app, Duration.ofSeconds(10))) {
                err.println("pid " + app.pid() + " survived SIGKILL");
                return 1;
            }
        }
        Files.deleteIfExists(dir.pid());
        Files.deleteIfExists(dir.port()); // a killed app could not remove it
        out.println("stopped (pid " + app.pid() + ")");
        return 0;
    }

    int status() {
        Optional<ProcessHandle> running = dir.process();
        if (running.isEmpty()) {
            out.println("not running");
            return 3;
        }
        out.println("running (pid " + running.get().pid() + ", port " + dir.httpPort().orElse(-1) + ")");
        return 0;
    }

    private int failedStart(String reason) throws IOException {
        Files.deleteIfExists(dir.pid());
        err.println(reason + "; the end of " + dir.log() + ":");
        // Read leniently: a crashing JVM may have written anything.
        List<String> lines = Files.exists(dir.log())
                ? new String(Files.readAllBytes(dir.log()), StandardCharsets.UTF_8).lines().toList() : List.of();
        lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()).forEach(err::println);
        return 1;
    }

    private static boolean exited(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ShopDir.alive(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(100);
        }
        return true;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
