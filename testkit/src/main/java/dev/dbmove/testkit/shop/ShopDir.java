package dev.dbmove.testkit.shop;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The directory of one shop app: its config, its control script, its files while it runs,
 * and a client for its HTTP endpoints. Tests and {@code dbmove demo} use it; so do
 * {@link ShopApp} and {@link ShopControl}, so that all agree on the file names.
 */
public record ShopDir(Path dir) {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the app reports on {@code /info} and {@code /health}.
     *
     * @param database the product name of the current connection (MariaDB, PostgreSQL), null while it has none
     * @param acked    orders acknowledged by this run of the app ({@code acked.log} keeps those of every run)
     * @param failures failed write and connect attempts of this run
     * @param lastError the message of the latest failure, null when there was none
     */
    public record Info(String database, String url, long acked, long failures, String lastError) {
    }

    public ShopDir {
        dir = dir.toAbsolutePath();
    }

    public Path config() {
        return dir.resolve("shop.properties");
    }

    public Path acked() {
        return dir.resolve("acked.log");
    }

    public Path pid() {
        return dir.resolve("shop.pid");
    }

    public Path log() {
        return dir.resolve("shop.log");
    }

    public Path port() {
        return dir.resolve("shop.port");
    }

    /** Writes the app's database settings; the app reads them when it starts. */
    public void writeConfig(String url, String user, String password, int writesPerSecond) {
        writeConfig(url, user, password, writesPerSecond, 0);
    }

    /** As {@link #writeConfig(String, String, String, int)}, serving HTTP on a fixed port (0: any free one). */
    public void writeConfig(String url, String user, String password, int writesPerSecond, int httpPort) {
        String text = "# shop app settings, read at start; the cutover rewrites db.* to point at the new server\n"
                + "db.url=" + escape(url) + "\n"
                + "db.user=" + escape(user) + "\n"
                + "db.password=" + escape(password) + "\n"
                + "http.port=" + httpPort + "\n"
                + "writes.per.second=" + writesPerSecond + "\n";
        try {
            Files.createDirectories(dir);
            writeAtomically(config(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config(), e);
        }
    }

    /**
     * Writes the executable {@code DIR/shopctl}, so that {@code shopctl start} and {@code shopctl stop}
     * are the commands a job file names. It runs {@link ShopControl} with this JVM's java and class path.
     */
    public Path writeControlScript() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String script = "#!/bin/sh\n"
                + "exec " + shellQuote(java.toString()) + " -Xmx64m -cp " + shellQuote(System.getProperty("java.class.path"))
                + " " + ShopControl.class.getName() + " \"$1\" --dir " + shellQuote(dir.toString()) + "\n";
        Path file = dir.resolve("shopctl");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, script);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * Runs the control script written by {@link #writeControlScript()}: {@code start} or {@code stop}, as a job
     * file's command would; returns what it printed.
     *
     * @throws IllegalStateException when it fails or takes more than a minute, with what it printed
     */
    public String control(String action) {
        try {
            Process p = new ProcessBuilder(dir.resolve("shopctl").toString(), action).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("shopctl " + action + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + dir.resolve("shopctl"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running shopctl " + action, e);
        }
    }

    /** The acknowledged order ids, oldest first; a line still being written is left out. */
    public List<Long> ackedIds() {
        String text;
        try {
            text = Files.readString(acked(), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + acked(), e);
        }
        List<Long> ids = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            ids.add(Long.parseLong(text.substring(start, end)));
        }
        return ids;
    }

    /** The app's {@code /info}, or empty when it is not running or does not answer within 2 s. */
    public Optional<Info> info() {
        return get("/info").flatMap(response -> {
            try {
                return Optional.of(JSON.readValue(response.body(), Info.class));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** The HTTP status of {@code /health} (200 or 503), or -1 when the app does not answer. */
    public int healthStatus() {
        return get("/health").map(HttpResponse::statusCode).orElse(-1);
    }

    /** True while the process named by {@code shop.pid} runs. */
    public boolean running() {
        return process().isPresent();
    }

    /** The running app's process: the one {@code shop.pid} names, if it is alive and is a shop app. */
    Optional<ProcessHandle> process() {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pid()).trim());
        } catch (NoSuchFileException | NumberFormatException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pid(), e);
        }
        // A stale pid file may name a recycled pid: only a process running ShopApp counts.
        return ProcessHandle.of(pid).filter(ShopDir::alive).filter(ShopDir::runsShopApp);
    }

    /**
     * Whether the process runs ShopApp. Read from /proc in full: Java's view of a command line is
     * cut short, and a long class path pushes the class name past the cut.
     */
    private static boolean runsShopApp(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).contains(ShopApp.class.getName());
        } catch (IOException e) {
            return process.info().commandLine().map(line -> line.contains(ShopApp.class.getName())).orElse(true);
        }
    }

    /**
     * Alive and not a zombie. An app whose starter has exited is reaped by init; where init
     * does not reap (some containers), the dead app stays a zombie that Java reports alive.
     */
    static boolean alive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // The state follows the command name, which is in parentheses and may hold anything.
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return process.isAlive(); // no /proc: trust Java; gone between the two checks: not alive
        }
    }

    /** The port in {@code shop.port}, present while the app listens. */
    public OptionalInt httpPort() {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(port()).trim()));
        } catch (NoSuchFileException | NumberFormatException e) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + port(), e);
        }
    }

    /** Readers see the old file or the whole new one, never a partial one. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Optional<HttpResponse<String>> get(String path) {
        OptionalInt port = httpPort();
        if (port.isEmpty()) {
            return Optional.empty();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt() + path))
                .timeout(HTTP_TIMEOUT).GET().build();
        try {
            return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Single quotes for sh: nothing inside is special except the quote itself. */
    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A value for a properties file, read back exactly by {@link java.util.Properties#load}. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(i == 0 ? "\\ " : " ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
