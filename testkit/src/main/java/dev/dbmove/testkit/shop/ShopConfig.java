package dev.dbmove.testkit.shop;

import dev.dbmove.core.Secret;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The shop app's settings, read once from {@code shop.properties}. The cutover rewrites that
 * file between a stop and a start, so the app never re-reads it while running.
 */
record ShopConfig(String url, String user, Secret password, int httpPort, int writesPerSecond) {
    static final List<String> KEYS = List.of("db.url", "db.user", "db.password", "http.port", "writes.per.second");
    private static final int SOCKET_TIMEOUT_SECONDS = 10;
    private static final int CONNECT_TIMEOUT_SECONDS = 2;

    ShopConfig {
        if (!url.startsWith("jdbc:mariadb://") && !url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("db.url must start with jdbc:mariadb:// or jdbc:postgresql://, not "
                    + password.maskIn(url) + " — the shop app speaks to MariaDB or PostgreSQL only");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("http.port must be between 0 (any free port) and 65535, not " + httpPort);
        }
        if (writesPerSecond < 1 || writesPerSecond > 1000) {
            throw new IllegalArgumentException("writes.per.second must be between 1 and 1000, not " + writesPerSecond);
        }
    }

    static ShopConfig load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no " + file + " — the shop app reads its database settings from it"
                    + " — write it first (ShopDir.writeConfig)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key " + key + " in " + file + "; the keys are " + KEYS);
            }
        }
        return new ShopConfig(required(p, "db.url", file), required(p, "db.user", file),
                Secret.of(p.getProperty("db.password", "")), number(p, "http.port", 0), number(p, "writes.per.second", 20));
    }

    /** Driver properties; the timeouts keep a vanished or hung server from stalling the writer for long. */
    Properties driverProperties() {
        boolean mariadb = url.startsWith("jdbc:mariadb:");
        int unit = mariadb ? 1000 : 1; // the MariaDB driver counts milliseconds, the PostgreSQL driver seconds
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password.reveal());
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * unit));
        p.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS * unit));
        return p;
    }

    private static String required(Properties p, String key, Path file) {
        String value = p.getProperty(key, "").trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + " is missing in " + file);
        }
        return value;
    }

    private static int number(Properties p, String key, int fallback) {
        String value = p.getProperty(key, "").trim();
        try {
            return value.isEmpty() ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
        }
    }
}
