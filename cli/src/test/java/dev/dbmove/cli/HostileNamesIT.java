package dev.dbmove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.Endpoint;
import dev.dbmove.testkit.DatabaseServer;
import dev.dbmove.testkit.EmbeddedMariaDb;
import dev.dbmove.testkit.MariaDbOptions;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables and columns named with reserved words, mixed case, spaces, quotes, backticks, dots,
 * non-ASCII letters and an SQL injection ({@code x"; DROP TABLE y; --}), holding values made of
 * the same, are copied, streamed (inserts, updates, key moves, deletes and a column added),
 * validated identical and cut over in all four directions, through the command line; table
 * {@code y} is still there on both sides at the end.
 */
@ExtendWith(RealDatabases.class)
class HostileNamesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INJECTION = "x\"; DROP TABLE y; --";
    /** The hostile tables and the column each is ordered by. */
    private static final Map<String, String> TABLES = Map.of(
            "order", "select",
            "Mixed Case Table", "Id",
            "quo\"te`s'", "it's",
            "dotted.name", "x.y",
            "größe_日本", "ñandú",
            INJECTION, "id\"; DROP TABLE y; --",
            "text key", "key");
    private static final List<String> VALUES = List.of("'; DROP TABLE y; --", "back\\slash", "tab\there",
            "new\nline", "\\N", "quote\"d", "it's", "`tick`", "emoji 😀", "", "ä.ö\"ü");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"MARIADB, POSTGRESQL", "POSTGRESQL, POSTGRESQL", "POSTGRESQL, MARIADB", "MARIADB, MARIADB"})
    void hostileNamesReplicateValidateAndCutOver(DatabaseType from, DatabaseType to, TestServers servers)
            throws Exception {
        String hint = "hn_" + from.configName().substring(0, 2) + to.configName().substring(0, 2);
        // MariaDB -> MariaDB needs two servers: check refuses one (the snapshot's lock would block the state writes).
        try (DatabaseServer second = from == to && to == DatabaseType.MARIADB
                     ? EmbeddedMariaDb.start(MariaDbOptions.cdcSource()) : null;
             TestDatabase source = servers.of(from).createDatabase(hint + "_s");
             TestDatabase target = (second != null ? second : servers.of(to)).createDatabase(hint + "_t")) {
            Names s = new Names(from);
            source.execute(createStatements(s));
            insertRows(source, s, 1, 40);
            Path job = Files.writeString(dir.resolve("dbmove.yaml"), """
                    job: hostile-%s
                    source: %s
                    target: %s
                    cutover:
                      maxLagSeconds: 30
                      requireValidation: none
                      verify: all
                      drainTimeout: 60s
                    """.formatted(hint.substring(3), endpoint(source.endpoint()), endpoint(target.endpoint())));
            CliRun check = CliRun.of("check", "--config", job.toString());
            assertThat(check.exitCode()).as(check.all()).isZero();

            Process replicator = ChildDbmove.replicate(job, dir.resolve("replicate.log"));
            try {
                replicateValidateCutOver(job, replicator, source, target, s);
            } finally {
                replicator.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                CliRun.of("cutover", "--config", job.toString(), "--rollback"); // the source writable again
            }
        }
    }

    private void replicateValidateCutOver(Path job, Process replicator, TestDatabase source, TestDatabase target,
                                          Names s) throws Exception {
        DatabaseType to = target.endpoint().type();
        ChildDbmove.awaitStreaming(job, Map.of(), replicator, TABLES.size() + 1, this::log);
        // While streaming: inserts, updates, key moves, deletes, and a column added to a hostile table.
        insertRows(source, s, 41, 60);
        source.execute(streamingChanges(s));
        awaitSame(source, target, replicator);

        CliRun validate = CliRun.of("validate", "--config", job.toString(), "--json");
        assertThat(validate.exitCode()).as(validate.all()).isZero();
        JsonNode tables = JSON.readTree(validate.out()).get("tables");
        assertThat(tables).hasSize(TABLES.size() + 1);
        for (JsonNode t : tables) {
            assertThat(t.get("result").asText()).as(t.toString()).isEqualTo("identical");
            assertThat(t.get("sourceRows").asLong()).as(t.toString()).isPositive();
        }

        CliRun cutover = CliRun.of("cutover", "--config", job.toString(), "--yes", "--json");
        assertThat(cutover.exitCode()).as(cutover.all() + log())
                .isZero();
        assertThat(JSON.readTree(cutover.out()).get("outcome").asText()).isEqualTo("completed");
        assertThat(replicator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(contents(source, s)).isEqualTo(contents(target, new Names(to)));
        for (TestDatabase db : List.of(source, target)) {
            assertThat(db.queryLong("SELECT count(*) FROM y")).as("table y on " + db.name()).isEqualTo(1);
        }
        // The sequences moved past the source's: the injection table hands out a new key on the target.
        Names t = new Names(to);
        target.execute("INSERT INTO " + t.q(INJECTION) + " (" + t.q("v") + ") VALUES ('after cutover')");
        assertThat(target.queryLong("SELECT max(" + t.q("id\"; DROP TABLE y; --") + ") FROM " + t.q(INJECTION)))
                .isGreaterThan(source.queryLong("SELECT max(" + s.q("id\"; DROP TABLE y; --") + ") FROM "
                        + s.q(INJECTION)));
    }

    /** Quotes names for one engine, doubling the quote character inside them. */
    private record Names(DatabaseType type) {
        String q(String name) {
            String quote = type.isMySqlFamily() ? "`" : "\"";
            return quote + name.replace(quote, quote + quote) + quote;
        }

        String auto(String column) {
            return type.isMySqlFamily() ? q(column) + " INT AUTO_INCREMENT PRIMARY KEY"
                    : q(column) + " INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
        }

        String text() {
            return type.isMySqlFamily() ? "VARCHAR(200)" : "TEXT";
        }
    }

    private static String[] createStatements(Names n) {
        String vc = "VARCHAR(100)";
        return new String[] {
            "CREATE TABLE y (id INT PRIMARY KEY)",
            "INSERT INTO y VALUES (1)",
            "CREATE TABLE " + n.q("order") + " (" + n.auto("select") + ", " + n.q("user") + " " + vc + ", "
                    + n.q("from") + " INT)",
            "CREATE TABLE " + n.q("Mixed Case Table") + " (" + n.q("Id") + " INT PRIMARY KEY, "
                    + n.q("Column With Spaces") + " " + vc + ", " + n.q("MiXeD") + " INT)",
            "CREATE TABLE " + n.q("quo\"te`s'") + " (" + n.q("it's") + " INT PRIMARY KEY, " + n.q("a\"b") + " " + vc
                    + ", " + n.q("c`d") + " INT)",
            "CREATE TABLE " + n.q("dotted.name") + " (" + n.q("x.y") + " INT PRIMARY KEY, " + n.q("v") + " "
                    + n.text() + ")",
            "CREATE TABLE " + n.q("größe_日本") + " (" + n.q("ñandú") + " INT PRIMARY KEY, " + n.q("ключ") + " " + vc
                    + ")",
            "CREATE TABLE " + n.q(INJECTION) + " (" + n.auto("id\"; DROP TABLE y; --") + ", " + n.q("v") + " "
                    + n.text() + ")",
            "CREATE TABLE " + n.q("text key") + " (" + n.q("key") + " VARCHAR(50) PRIMARY KEY, " + n.q("value") + " "
                    + vc + ")",
        };
    }

    /** Rows {@code from..to} in every hostile table, values bound as parameters. */
    private static void insertRows(TestDatabase db, Names n, int from, int to) throws SQLException {
        try (Connection c = db.connect()) {
            for (int i = from; i <= to; i++) {
                String v = VALUES.get(i % VALUES.size()) + " " + i;
                insert(c, "INSERT INTO " + n.q("order") + " (" + n.q("user") + ", " + n.q("from") + ") VALUES (?, ?)",
                        v, i);
                insert(c, "INSERT INTO " + n.q("Mixed Case Table") + " VALUES (?, ?, ?)", i, v, -i);
                insert(c, "INSERT INTO " + n.q("quo\"te`s'") + " VALUES (?, ?, ?)", i, v, i * 2);
                insert(c, "INSERT INTO " + n.q("dotted.name") + " VALUES (?, ?)", i, v);
                insert(c, "INSERT INTO " + n.q("größe_日本") + " VALUES (?, ?)", i, "значение " + v);
                insert(c, "INSERT INTO " + n.q(INJECTION) + " (" + n.q("v") + ") VALUES (?)", v);
                insert(c, "INSERT INTO " + n.q("text key") + " VALUES (?, ?)", VALUES.get(i % VALUES.size()) + " #" + i,
                        v);
            }
        }
    }

    private static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    private static String[] streamingChanges(Names n) {
        return new String[] {
            "UPDATE " + n.q("order") + " SET " + n.q("user") + " = 'it''s \"updated\"' WHERE " + n.q("select") + " <= 5",
            "DELETE FROM " + n.q("order") + " WHERE " + n.q("select") + " BETWEEN 6 AND 8",
            "UPDATE " + n.q("Mixed Case Table") + " SET " + n.q("Id") + " = " + n.q("Id") + " + 1000 WHERE "
                    + n.q("Id") + " % 10 = 0",
            "UPDATE " + n.q("quo\"te`s'") + " SET " + n.q("a\"b") + " = NULL, " + n.q("c`d") + " = 0 WHERE "
                    + n.q("it's") + " < 10",
            "DELETE FROM " + n.q("größe_日本") + " WHERE " + n.q("ñandú") + " = 3",
            "DELETE FROM " + n.q(INJECTION) + " WHERE " + n.q("id\"; DROP TABLE y; --") + " = 2",
            "UPDATE " + n.q("text key") + " SET " + n.q("key") + " = CONCAT(" + n.q("key") + ", ' moved') WHERE "
                    + n.q("value") + " LIKE '%5'",
            "ALTER TABLE " + n.q("dotted.name") + " ADD COLUMN " + n.q("new col.\"`") + " INT",
            "UPDATE " + n.q("dotted.name") + " SET " + n.q("new col.\"`") + " = 7 * " + n.q("x.y"),
            "INSERT INTO " + n.q("dotted.name") + " VALUES (100, 'after the new column', 42)",
        };
    }

    /** Every hostile table's rows in key order, each row as its values' text. */
    private static Map<String, List<List<String>>> contents(TestDatabase db, Names n) throws SQLException {
        Map<String, List<List<String>>> all = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (var table : TABLES.entrySet()) {
                List<List<String>> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + n.q(table.getKey()) + " ORDER BY "
                        + n.q(table.getValue()))) {
                    ResultSetMetaData md = rs.getMetaData();
                    List<String> header = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        header.add(md.getColumnLabel(i));
                    }
                    rows.add(header);
                    while (rs.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.add(rs.getString(i));
                        }
                        rows.add(row);
                    }
                }
                all.put(table.getKey(), rows);
            }
        }
        return all;
    }

    private void awaitSame(TestDatabase source, TestDatabase target, Process replicator) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<String, List<List<String>>> expected = contents(source, new Names(source.endpoint().type()));
        Map<String, List<List<String>>> actual = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                actual = contents(target, new Names(target.endpoint().type()));
                if (actual.equals(expected)) {
                    return;
                }
            } catch (SQLException notYet) {
                // a column not added yet
            }
            assertThat(replicator.isAlive()).as(log()).isTrue();
            Thread.sleep(300);
        }
        assertThat(actual).as(log()).isEqualTo(expected);
    }

    private static String endpoint(Endpoint e) {
        return "{type: %s, host: 127.0.0.1, port: %d, database: %s, user: %s, password: \"%s\"}".formatted(
                e.type().configName(), e.port(), e.database(), e.user(), e.password().reveal());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("replicate.log"));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
