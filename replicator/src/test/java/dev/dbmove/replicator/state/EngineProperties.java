package dev.dbmove.replicator.state;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.JobNames;
import dev.dbmove.testkit.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Connector properties for the engine tests: the source side only (the state side is StateStoreProperties'). */
final class EngineProperties {
    private EngineProperties() {
    }

    /** MariaDB, capturing every table of the source database. */
    static Map<String, String> mariadb(TestDatabase source, JobNames names) {
        Endpoint e = source.endpoint();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        props.put("database.hostname", e.host());
        props.put("database.port", Integer.toString(e.port()));
        props.put("database.user", e.user());
        props.put("database.password", e.password().reveal());
        props.put("database.server.id", Integer.toString(10_000 + ThreadLocalRandom.current().nextInt(1_000_000)));
        props.put("database.include.list", source.name());
        props.put("database.ssl.mode", "disable");
        // The driver's default ("auto") sets the session to the JVM's zone, which a server without
        // time zone tables cannot name; Debezium wants the server's own zone anyway.
        props.put("database.timezone", "disable");
        return props;
    }

    /** PostgreSQL through pgoutput, capturing public.items, with a slot and publication named after the job. */
    static Map<String, String> postgres(TestDatabase source, JobNames names) {
        Endpoint e = source.endpoint();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.put("database.hostname", e.host());
        props.put("database.port", Integer.toString(e.port()));
        props.put("database.user", e.user());
        props.put("database.password", e.password().reveal());
        props.put("database.dbname", source.name());
        props.put("plugin.name", "pgoutput");
        props.put("slot.name", names.replicationSlot());
        props.put("publication.name", names.publication());
        props.put("publication.autocreate.mode", "filtered");
        props.put("table.include.list", "public.items");
        return props;
    }

    /**
     * A slot outlives the engine (and keeps the database from being dropped): drop it and the
     * publication. The server ends the engine's walsender a moment after the engine stops.
     */
    static void dropSlotAndPublication(TestDatabase source, JobNames names) {
        try (Connection c = source.connect()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (slotActive(c, names) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, names.replicationSlot());
                ps.execute();
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP PUBLICATION IF EXISTS " + source.dialect().quote(names.publication()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the slot " + names.replicationSlot() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the slot " + names.replicationSlot(), e);
        }
    }

    private static boolean slotActive(Connection c, JobNames names) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, names.replicationSlot());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
