package dev.dbmove.validator;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.ReplicationSettings;
import dev.dbmove.config.TableSelection;
import dev.dbmove.config.ValidationSettings;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.catalog.TableInfo;
import dev.dbmove.core.schema.SchemaTranslator;
import dev.dbmove.core.schema.TargetTable;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.core.state.ValidationState;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator against real servers, on tables this test fills itself on both sides (no replication): identical
 * data compares identical across engines and time zones, and each kind of corruption is found and located by table,
 * key and column; a repair makes the next run clean.
 */
@ExtendWith(RealDatabases.class)
class ValidatorIT {
    /** Rows 1..200 on MariaDB; the PostgreSQL and MariaDB targets get the same values by their own SQL. */
    private static final String MARIADB_ROWS = "INSERT INTO acct SELECT seq, CONCAT('name ', seq), seq * 1.25,"
            + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND + INTERVAL seq MICROSECOND,"
            + " TIMESTAMP '2024-06-01 12:00:00' + INTERVAL seq MINUTE,"
            + " JSON_OBJECT('i', seq, 'tags', JSON_ARRAY('a', 'b'), 'price', 2.50),"
            + " UNHEX(MD5(seq)), IF(seq % 10 = 0, NULL, IF(seq % 10 = 1, '', CONCAT('n', seq))), seq % 2, seq * 0.5,"
            + " IF(seq % 3 = 0, 'red,blue', 'green'), 'secret!' FROM seq_1_to_200";
    private static final String MARIADB_TABLE = "CREATE TABLE acct (id INT PRIMARY KEY,"
            + " name VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci, amount DECIMAL(12,2),"
            + " at DATETIME(6), ts TIMESTAMP(6) NULL, doc JSON, data BLOB, note VARCHAR(20), flag TINYINT(1),"
            + " f DOUBLE, colours SET('red','green','blue'), password VARCHAR(20))";

    @Test
    void mariaDbToPostgresIdenticalThenEachCorruptionLocatedThenRepaired(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("vi_src");
             TestDatabase target = servers.postgres().createDatabase("vi_tgt")) {
            source.execute("SET time_zone = '+00:00'", MARIADB_TABLE, MARIADB_ROWS);
            createOnTarget(source, target, "acct");
            target.execute("INSERT INTO acct SELECT i, 'name ' || i, i * 1.25,"
                    + " TIMESTAMP '2024-01-01 00:00:00' + i * INTERVAL '1 second' + i * INTERVAL '1 microsecond',"
                    + " TIMESTAMPTZ '2024-06-01 12:00:00+00' + i * INTERVAL '1 minute',"
                    + " ('{\"i\": ' || i || ', \"tags\": [\"a\", \"b\"], \"price\": 2.50}')::jsonb,"
                    + " decode(md5(i::text), 'hex'), CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 = 1 THEN '' ELSE 'n' || i END,"
                    + " i % 2 = 1, i * 0.5, CASE WHEN i % 3 = 0 THEN 'red,blue' ELSE 'green' END, 'secret!'"
                    + " FROM generate_series(1, 200) AS i");
            JobConfig job = job(source, target);

            ValidationReport clean = validate(job, false);
            assertThat(clean.tables()).singleElement().satisfies(t -> {
                assertThat(t.error()).isNull();
                assertThat(t.samples()).isEmpty();
                assertThat(t.result()).isEqualTo("identical");
                assertThat(t.sourceRows()).isEqualTo(200);
                assertThat(t.targetRows()).isEqualTo(200);
                assertThat(t.matching()).isEqualTo(200);
            });
            assertThat(clean.exitCode()).isZero();

            target.execute(
                    "UPDATE acct SET name = 'changed' WHERE id = 3",
                    "DELETE FROM acct WHERE id = 5",
                    "INSERT INTO acct (id, name) VALUES (500, 'extra')",
                    "UPDATE acct SET at = at + INTERVAL '1 microsecond' WHERE id = 7",
                    "UPDATE acct SET ts = ts - INTERVAL '1 microsecond' WHERE id = 8",
                    "UPDATE acct SET amount = amount + 0.01 WHERE id = 9",
                    "UPDATE acct SET name = 'NAME 12' WHERE id = 12",
                    "UPDATE acct SET name = 'name 13 ' WHERE id = 13",
                    "UPDATE acct SET doc = jsonb_set(doc, '{tags}', '[\"a\", \"c\"]') WHERE id = 14",
                    "UPDATE acct SET data = set_byte(data, 3, get_byte(data, 3) # 1) WHERE id = 15",
                    "UPDATE acct SET note = NULL WHERE id = 21", // '' on the source
                    "UPDATE acct SET note = '' WHERE id = 30", // NULL on the source
                    "UPDATE acct SET flag = NOT flag WHERE id = 16",
                    "UPDATE acct SET password = 'other' WHERE id = 17");
            ValidationReport found = validate(job, false);
            TableResult t = found.tables().get(0);
            assertThat(t.result()).isEqualTo("differs");
            assertThat(found.exitCode()).isEqualTo(3);
            assertThat(t.extraOnSource()).isEqualTo(1);
            assertThat(t.extraOnTarget()).isEqualTo(1);
            assertThat(t.mismatched()).isEqualTo(12);
            assertThat(t.sourceRows()).isEqualTo(200);
            assertThat(t.targetRows()).isEqualTo(200);
            assertThat(t.matching()).isEqualTo(200 - 12 - 1);
            assertThat(columns(t)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry("3", "name"), Map.entry("7", "at"), Map.entry("8", "ts"), Map.entry("9", "amount"),
                    Map.entry("12", "name"), Map.entry("13", "name"), Map.entry("14", "doc"), Map.entry("15", "data"),
                    Map.entry("21", "note"), Map.entry("30", "note"), Map.entry("16", "flag"),
                    Map.entry("17", "password"), Map.entry("5", ""), Map.entry("500", "")));
            assertThat(sample(t, "9").columns().get(0)).isEqualTo(
                    new RowDifference.ColumnDifference("amount", "11.25", "11.26"));
            assertThat(sample(t, "13").columns().get(0)).isEqualTo(
                    new RowDifference.ColumnDifference("name", "name 13", "name 13 "));
            assertThat(sample(t, "21").columns().get(0)).isEqualTo(
                    new RowDifference.ColumnDifference("note", "", null));
            assertThat(sample(t, "17").columns().get(0)).isEqualTo(
                    new RowDifference.ColumnDifference("password", "(masked)", "(masked)"));
            assertThat(sample(t, "5").kind()).isEqualTo(RowDifference.Kind.EXTRA_ON_SOURCE);
            assertThat(sample(t, "500").kind()).isEqualTo(RowDifference.Kind.EXTRA_ON_TARGET);

            Map<String, ValidationState> recorded = state(job).validations();
            assertThat(recorded.get("acct").result()).isEqualTo("differs");
            assertThat(recorded.get("acct").mismatched()).isEqualTo(12);
            assertThat(recorded.get("acct").sourcePosition()).isNotBlank();

            ValidationReport repaired = validate(job, true);
            assertThat(repaired.tables().get(0).repaired()).isEqualTo(14);
            assertThat(repaired.tables().get(0).result()).isEqualTo("identical");
            ValidationReport again = validate(job, false);
            assertThat(again.tables().get(0).result()).isEqualTo("identical");
            assertThat(again.tables().get(0).targetRows()).isEqualTo(200);
            assertThat(state(job).validations().get("acct").identical()).isTrue();
        }
    }

    @Test
    void mariaDbToMariaDbUnderACaseInsensitiveCollationStillSeesCaseAndTrailingSpaces(TestServers servers)
            throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("vm_src");
             TestDatabase target = servers.mariadb().createDatabase("vm_tgt")) {
            source.execute("SET time_zone = '+00:00'", MARIADB_TABLE, MARIADB_ROWS);
            target.execute("SET time_zone = '+00:00'", MARIADB_TABLE, MARIADB_ROWS);
            JobConfig job = job(source, target);
            assertThat(validate(job, false).tables().get(0).result()).isEqualTo("identical");

            target.execute("UPDATE acct SET name = 'NAME 12' WHERE id = 12",
                    "UPDATE acct SET name = 'name 13 ' WHERE id = 13",
                    "UPDATE acct SET doc = JSON_SET(doc, '$.i', 0) WHERE id = 14");
            TableResult t = validate(job, false).tables().get(0);
            assertThat(columns(t)).containsExactlyInAnyOrderEntriesOf(Map.of("12", "name", "13", "name", "14", "doc"));
        }
    }

    @Test
    void aCompositeKeyWithCaseInsensitiveTextIsCutAlikeOnBothSides(TestServers servers) throws Exception {
        // MariaDB's _ci order puts 'X2' between 'x1' and 'x3'; PostgreSQL's may not: chunks are cut by the bytes of
        // the canonical text on both sides, so each chunk holds the same rows on both.
        try (TestDatabase source = servers.mariadb().createDatabase("vk_src");
             TestDatabase target = servers.postgres().createDatabase("vk_tgt")) {
            source.execute("CREATE TABLE pairs (a INT NOT NULL, b VARCHAR(12) CHARACTER SET utf8mb4"
                            + " COLLATE utf8mb4_general_ci NOT NULL, v INT, PRIMARY KEY (a, b))",
                    "INSERT INTO pairs SELECT seq % 7, CONCAT(IF(seq % 2 = 0, 'x', 'X'), seq), seq FROM seq_1_to_40000",
                    "ANALYZE TABLE pairs");
            createOnTarget(source, target, "pairs");
            target.execute("INSERT INTO pairs SELECT i % 7, CASE WHEN i % 2 = 0 THEN 'x' ELSE 'X' END || i, i"
                    + " FROM generate_series(1, 40000) AS i");
            JobConfig job = job(source, target);
            TableResult clean = validate(job, false).tables().get(0);
            assertThat(clean.result()).as("%s", clean).isEqualTo("identical");
            assertThat(clean.sourceRows()).isEqualTo(40_000);

            target.execute("UPDATE pairs SET v = -1 WHERE a = 3 AND b = 'X31'", "DELETE FROM pairs WHERE a = 0 AND b = 'x39998'",
                    "INSERT INTO pairs VALUES (6, 'x0', 0)");
            TableResult found = validate(job, false).tables().get(0);
            assertThat(columns(found)).containsExactlyInAnyOrderEntriesOf(Map.of("3,X31", "v", "0,x39998", "", "6,x0", ""));
            assertThat(found.matching()).isEqualTo(40_000 - 2);
        }
    }

    @Test
    void mariaDbJsonThatOnlyReadsDifferentlyFromJsonbIsNotADifference(TestServers servers) throws Exception {
        try (TestDatabase source = servers.mariadb().createDatabase("vj_src");
             TestDatabase target = servers.postgres().createDatabase("vj_tgt")) {
            // \u00e9 and \/ escapes, a number written as 1.50, keys out of order: MariaDB keeps the text as given
            source.execute("CREATE TABLE docs (id INT PRIMARY KEY, doc JSON)",
                    "INSERT INTO docs VALUES (1, '{\"name\": \"caf\\\\u00e9 \\\\/ x\", \"n\": 1.50, \"a\": [1, 2]}'),"
                            + " (2, '{\"k\": \"v\"}')");
            createOnTarget(source, target, "docs");
            target.execute("INSERT INTO docs VALUES (1, '{\"a\": [1, 2], \"n\": 1.5, \"name\": \"café / x\"}'),"
                    + " (2, '{\"k\": \"v\"}')");
            JobConfig job = job(source, target);
            TableResult clean = validate(job, false).tables().get(0);
            assertThat(clean.result()).as("%s", clean).isEqualTo("identical");
            assertThat(clean.matching()).isEqualTo(2);

            target.execute("UPDATE docs SET doc = '{\"a\": [1, 2], \"n\": 1.5, \"name\": \"cafe / x\"}' WHERE id = 1");
            assertThat(columns(validate(job, false).tables().get(0))).containsExactlyEntriesOf(Map.of("1", "doc"));
        }
    }

    private static ValidationReport validate(JobConfig job, boolean repair) {
        return new Validator(job, new Validator.Options(null, repair), ValidationListener.NONE, Clock.systemUTC()).run();
    }

    private static JobConfig job(TestDatabase source, TestDatabase target) {
        ValidationSettings settings = new ValidationSettings(2, Duration.ofMillis(50), 0, Duration.ofSeconds(5), 50,
                ValidationSettings.DEFAULT_MASK);
        return new JobConfig(Path.of("dbmove.yaml"), "vjob", source.endpoint(), target.endpoint(), TableSelection.ALL,
                ReplicationSettings.DEFAULT, settings);
    }

    private static StateStore state(JobConfig job) {
        return new StateStore(job.target(), job.names(), DataSources.pool(job.target(), "test-state", 1));
    }

    /** Key of each differing row to its differing columns (comma-separated; empty for a row on one side only). */
    private static Map<String, String> columns(TableResult t) {
        Map<String, String> out = new java.util.HashMap<>();
        for (RowDifference d : t.samples()) {
            out.put(String.join(",", d.key().values()),
                    String.join(",", d.columns().stream().map(RowDifference.ColumnDifference::column).toList()));
        }
        return out;
    }

    private static RowDifference sample(TableResult t, String key) {
        return t.samples().stream().filter(d -> String.join(",", d.key().values()).equals(key)).findFirst().orElseThrow();
    }

    private static void createOnTarget(TestDatabase source, TestDatabase target, String table) throws Exception {
        TableInfo info;
        try (Connection c = source.connect()) {
            info = source.dialect().readTables(c, source.endpoint().schema()).stream()
                    .filter(t -> t.id().name().equals(table)).findFirst().orElseThrow();
        }
        TargetTable translated = SchemaTranslator.translate(info, DatabaseType.MARIADB, target.endpoint().type(),
                target.endpoint().schema());
        target.execute(translated.createStatements().toArray(String[]::new));
    }
}
