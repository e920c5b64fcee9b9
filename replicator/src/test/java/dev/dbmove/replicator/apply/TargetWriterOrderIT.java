package dev.dbmove.replicator.apply;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.testkit.DatabaseServer;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer against real targets: whatever order it sends changes in (an independent
 * table's changes wait per key and go as one batch of deletes and one of upserts; a table
 * with a foreign key goes change by change), the target ends as the changes applied one by
 * one in source order would leave it, and a rollback leaves nothing.
 */
@ExtendWith(RealDatabases.class)
class TargetWriterOrderIT {
    private static final Schema ROW = SchemaBuilder.struct().name("row")
            .field("id", Schema.INT32_SCHEMA)
            .field("v", Schema.OPTIONAL_STRING_SCHEMA)
            .field("n", Schema.OPTIONAL_INT32_SCHEMA).build();
    private static final Schema KEY = SchemaBuilder.struct().name("key").field("id", Schema.INT32_SCHEMA).build();

    @Test
    void postgresEndsAsTheChangesInOrder(TestServers servers) throws Exception {
        endsAsTheChangesInOrder(servers.postgres(), "writer_order_pg");
    }

    @Test
    void mariaDbEndsAsTheChangesInOrder(TestServers servers) throws Exception {
        endsAsTheChangesInOrder(servers.mariadb(), "writer_order_maria");
    }

    private static void endsAsTheChangesInOrder(DatabaseServer server, String name) throws Exception {
        try (TestDatabase db = server.createDatabase(name);
             HikariDataSource pool = DataSources.pool(db.endpoint(), name, 2)) {
            db.execute("CREATE TABLE free (id INT PRIMARY KEY, v VARCHAR(40), n INT)",
                    "CREATE TABLE parent (id INT PRIMARY KEY, v VARCHAR(40), n INT)",
                    "CREATE TABLE child (id INT PRIMARY KEY, v VARCHAR(40), n INT REFERENCES parent (id))");
            Map<String, ApplyTable> tables = applyTables(db);
            assertThat(tables.get("free").independent()).isTrue();
            assertThat(tables.get("parent").independent()).isFalse(); // referred to
            assertThat(tables.get("child").independent()).isFalse(); // refers
            ApplyTable free = tables.get("free");
            Map<Integer, String> expected = new TreeMap<>();
            Random random = new Random(20261122);
            try (TargetWriter writer = TargetWriters.of(pool, db.endpoint().type())) {
                // Many short runs over few keys (each key meets every kind of change, in every order), then a
                // transaction of more keys than wait at once.
                for (int tx = 0; tx < 300; tx++) {
                    int changes = 1 + random.nextInt(60);
                    for (int i = 0; i < changes; i++) {
                        change(writer, free, expected, random, 40);
                    }
                    if (random.nextInt(10) == 0) {
                        // a table with a foreign key in between: written in order, the parent first
                        int id = tx;
                        writer.upsert(tables.get("parent"), row(id, "p" + id));
                        writer.upsert(tables.get("child"), new Struct(ROW).put("id", id).put("v", "c").put("n", id));
                    }
                    writer.commit();
                }
                for (int id = 1000; id < 26_000; id++) {
                    writer.upsert(free, row(id, "bulk" + id));
                    expected.put(id, "bulk" + id);
                    if (id % 3 == 0) {
                        writer.delete(free, key(id));
                        expected.remove(id);
                    }
                }
                writer.commit();
                assertThat(differences(expected, contents(db, "free"))).isEmpty();

                // Rolled back: none of it is seen.
                for (int i = 0; i < 500; i++) {
                    writer.delete(free, key(1000 + i));
                    writer.upsert(free, row(50_000 + i, "gone"));
                }
                writer.rollback();
                assertThat(differences(expected, contents(db, "free"))).isEmpty();
            }
            assertThat(db.queryLong("SELECT COUNT(*) FROM child")).isEqualTo(db.queryLong("SELECT COUNT(*) FROM parent"))
                    .isPositive();
        }
    }

    /** One random change to a key below {@code keys}: insert, update, delete, or an update that moves the key. */
    private static void change(TargetWriter writer, ApplyTable table, Map<Integer, String> expected, Random random,
                               int keys) throws Exception {
        int id = random.nextInt(keys);
        String value = Integer.toString(random.nextInt(1_000_000));
        switch (random.nextInt(4)) {
            case 0, 1 -> { // insert or update: an upsert either way
                writer.upsert(table, row(id, value));
                expected.put(id, value);
            }
            case 2 -> {
                writer.delete(table, random.nextBoolean() ? key(id) : row(id, expected.get(id)));
                expected.remove(id);
            }
            default -> { // the key moves: the old key's delete, then the new key's row
                int to = random.nextInt(keys);
                if (to != id && expected.containsKey(id)) {
                    writer.delete(table, row(id, expected.get(id)));
                    expected.remove(id);
                    writer.upsert(table, row(to, value));
                    expected.put(to, value);
                }
            }
        }
    }

    /** Keys whose row differs (at most 20), for a short failure message. */
    private static List<String> differences(Map<Integer, String> expected, Map<Integer, String> actual) {
        java.util.Set<Integer> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        return keys.stream().filter(k -> !java.util.Objects.equals(expected.get(k), actual.get(k))).limit(20)
                .map(k -> "id " + k + ": expected " + expected.get(k) + ", found " + actual.get(k)).toList();
    }

    private static Struct row(int id, String v) {
        return new Struct(ROW).put("id", id).put("v", v).put("n", id);
    }

    private static Struct key(int id) {
        return new Struct(KEY).put("id", id);
    }

    private static Map<String, ApplyTable> applyTables(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            List<TableInfo> read = db.dialect().readTables(c, db.endpoint().schema());
            Map<String, ApplyTable> tables = new TreeMap<>();
            for (TableInfo t : read) {
                boolean referenced = read.stream().anyMatch(o -> o.foreignKeys().stream()
                        .anyMatch(fk -> fk.referencedTable().equals(t.id())));
                tables.put(t.id().name(), ApplyTable.of(t, t, List.of("id"), referenced));
            }
            return tables;
        }
    }

    private static Map<Integer, String> contents(TestDatabase db, String table) throws Exception {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, v FROM " + table)) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getString(2));
            }
        }
        return rows;
    }
}
