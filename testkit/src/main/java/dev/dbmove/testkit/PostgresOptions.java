package dev.dbmove.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server settings (postgresql.conf names) for an embedded PostgreSQL. The defaults make
 * a CDC-ready server in UTC-5 (POSIX zone names invert the sign: Etc/GMT+5 is UTC-5),
 * tuned for tests: durability off, which is safe for throw-away data only.
 *
 * @param tls null for a server without TLS; else the server presents this CA's certificate, listens on
 *            {@link TestCa#UNNAMED_ADDRESS} too and accepts TCP connections only over TLS (hostssl)
 */
public record PostgresOptions(Map<String, String> settings, TestCa tls) {
    public PostgresOptions {
        settings = Map.copyOf(settings);
    }

    public static PostgresOptions cdcSource() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("wal_level", "logical");
        s.put("max_replication_slots", "20");
        s.put("max_wal_senders", "20");
        s.put("timezone", "Etc/GMT+5");
        s.put("log_timezone", "UTC");
        s.put("max_connections", "300");
        s.put("shared_buffers", "128MB");
        s.put("fsync", "off");
        s.put("synchronous_commit", "off");
        s.put("full_page_writes", "off");
        return new PostgresOptions(s, null);
    }

    public PostgresOptions with(String name, String value) {
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put(name, value);
        return new PostgresOptions(s, tls);
    }

    public PostgresOptions withTls(TestCa ca) {
        return new PostgresOptions(settings, ca);
    }
}
