package dev.dbmove.replicator.e2e;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.TableSelection;
import dev.dbmove.testkit.RealDatabases;
import dev.dbmove.testkit.TestDatabase;
import dev.dbmove.testkit.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Types the fast load takes by their text, at the edges of their range: the table goes
 * through dbmove's readers (not Debezium's snapshot) and every value arrives exactly.
 * Floating point compares as the exact double on both sides (a FLOAT read as a double).
 */
@ExtendWith(RealDatabases.class)
class FastLoadTypesIT {

    @Test
    void mariaDbFloatsDoublesAndEnumsArriveExactly(TestServers servers) throws Exception {
        TestDatabase source = servers.mariadb().createDatabase("fast_types_maria_src");
        TestDatabase target = servers.postgres().createDatabase("fast_types_maria_tgt");
        source.execute("CREATE TABLE ft (id INT PRIMARY KEY, f FLOAT, dbl DOUBLE, e ENUM('small','medium','large'),"
                        + " b TINYINT(1))",
                "INSERT INTO ft VALUES (1, 1/3, 0.1e0 + 0.2e0, 'small', 1), (2, 16777217, 1.7976931348623157e308,"
                        + " 'large', 0), (3, 3.40282e38, 4.9e-324, 'medium', NULL), (4, -1.17549435e-38, -123456789.123456789e0,"
                        + " NULL, 1), (5, NULL, NULL, 'small', 0), (6, 0.1, 3.141592653589793, 'large', 1)");
        List<String> expected = rows(source, "SELECT id, f + 0e0, dbl, e, b + 0 FROM ft ORDER BY id");
        loadsByDbmovesReaders(source, target, "fast_types_maria");
        assertThat(rows(target, "SELECT id, f::float8, dbl, e, b::int FROM ft ORDER BY id")).isEqualTo(expected);
        source.close();
        target.close();
    }

    @Test
    void postgresTimesWithoutPrecisionAndFloatsArriveExactly(TestServers servers) throws Exception {
        TestDatabase source = servers.postgres().createDatabase("fast_types_pg_src");
        TestDatabase target = servers.postgres().createDatabase("fast_types_pg_tgt");
        source.execute("CREATE TABLE ft (id INT PRIMARY KEY, ts TIMESTAMPTZ, t TIMESTAMP, tm TIME, r REAL,"
                        + " d DOUBLE PRECISION)",
                "INSERT INTO ft VALUES (1, '2021-06-01 12:34:56.123456+02', '1999-12-31 23:59:59.999999', '23:59:59.999999',"
                        + " 1.0/3, 0.1 + 0.2), (2, '0001-01-01 00:00:00+00', '294276-12-31 23:59:59', '00:00:00',"
                        + " '3.4028235e38', '1.7976931348623157e308'), (3, NULL, NULL, NULL, 'NaN', '-Infinity')");
        // the instant, not its rendering in each session's time zone
        String select = "SELECT id, extract(epoch FROM ts)::text, t::text, tm::text, r::float8, d FROM ft ORDER BY id";
        List<String> expected = rows(source, select);
        loadsByDbmovesReaders(source, target, "fast_types_pg");
        assertThat(rows(target, select)).isEqualTo(expected);
        source.close();
        target.close();
    }

    private static void loadsByDbmovesReaders(TestDatabase source, TestDatabase target, String job) throws Exception {
        JobConfig config = new JobConfig(Path.of("dbmove.yaml"), job, source.endpoint(), target.endpoint(),
                TableSelection.ALL);
        try (ReplicationRun run = new ReplicationRun(config)) {
            run.awaitSnapshot(Duration.ofSeconds(120));
            assertThat(run.messages()).noneMatch(m -> m.contains("through Debezium's snapshot"));
            assertThat(run.messages()).anyMatch(m -> m.startsWith("full load of 1 table(s) by dbmove's readers"));
        }
    }

    /** Each row as "id|value|...", floating point as Java reads the exact double. */
    private static List<String> rows(TestDatabase db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.append(i > 1 ? "|" : "").append(v instanceof Number num && !(v instanceof Integer)
                            && !(v instanceof Long) ? Double.toString(num.doubleValue()) : String.valueOf(v));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
