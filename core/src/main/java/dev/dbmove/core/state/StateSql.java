package dev.dbmove.core.state;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.dialect.Dialect;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The SQL of the state schema for one target engine: its DDL, version by version, the
 * upsert syntax and how an {@link Instant} is written and read. Only identifiers derived
 * from the job name are spliced in, always quoted; values are parameters.
 */
final class StateSql {
    private final DatabaseType type;
    private final Dialect dialect;
    private final String schema;

    StateSql(DatabaseType type, String schema) {
        this.type = type;
        this.dialect = Dialect.of(type);
        this.schema = schema;
    }

    boolean postgres() {
        return type == DatabaseType.POSTGRESQL;
    }

    String schema() {
        return schema;
    }

    /** A state table, qualified by the state schema (PostgreSQL) or database (MySQL/MariaDB). */
    String table(String name) {
        return dialect.quote(schema) + "." + dialect.quote(name);
    }

    String createSchema() {
        return postgres()
                ? "CREATE SCHEMA IF NOT EXISTS " + dialect.quote(schema)
                : "CREATE DATABASE IF NOT EXISTS " + dialect.quote(schema) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
    }

    String dropSchema() {
        return postgres()
                ? "DROP SCHEMA IF EXISTS " + dialect.quote(schema) + " CASCADE"
                : "DROP DATABASE IF EXISTS " + dialect.quote(schema);
    }

    /**
     * The statements that take the state schema from version {@code n - 1} to {@code n}, for
     * n = 1..{@link #latestVersion()}. Each is idempotent, because MySQL commits DDL one
     * statement at a time and a crash may leave a step half done.
     */
    List<String> migration(int n) {
        if (n == 1) {
            return List.of(
                    "CREATE TABLE IF NOT EXISTS " + table("meta") + " (meta_key " + key(64) + " PRIMARY KEY,"
                            + " meta_value " + text() + " NOT NULL)" + tableOptions(),
                    "CREATE TABLE IF NOT EXISTS " + table("offsets") + " (engine_key " + key(700) + " PRIMARY KEY,"
                            + " offset_value " + longText() + ", updated_at " + time() + " NOT NULL)" + tableOptions(),
                    "CREATE TABLE IF NOT EXISTS " + table("schema_history") + " (seq " + (postgres()
                            ? "BIGINT GENERATED ALWAYS AS IDENTITY" : "BIGINT AUTO_INCREMENT") + " PRIMARY KEY,"
                            + " record " + longText() + " NOT NULL)" + tableOptions(),
                    "CREATE TABLE IF NOT EXISTS " + table("tables") + " (table_name " + key(512) + " PRIMARY KEY,"
                            + " phase VARCHAR(16) NOT NULL DEFAULT 'snapshot',"
                            + " rows_copied BIGINT NOT NULL DEFAULT 0, rows_estimated BIGINT,"
                            + " inserts BIGINT NOT NULL DEFAULT 0, updates BIGINT NOT NULL DEFAULT 0,"
                            + " deletes BIGINT NOT NULL DEFAULT 0, ddl BIGINT NOT NULL DEFAULT 0,"
                            + " last_commit_ts " + time() + ", last_position " + text() + ", last_error " + text() + ","
                            + " snapshot_started_at " + time() + ", snapshot_completed_at " + time() + ","
                            + " updated_at " + time() + " NOT NULL)" + tableOptions(),
                    "CREATE TABLE IF NOT EXISTS " + table("job") + " (id INT PRIMARY KEY CHECK (id = 1),"
                            + " phase VARCHAR(16) NOT NULL, source_position " + text() + ", applied_position " + text() + ","
                            + " applied_commit_ts " + time() + ", applied_at " + time() + ", heartbeat_at " + time() + ","
                            + " started_at " + time() + ", stopped_at " + time() + ","
                            + " replicator_host VARCHAR(255), replicator_pid BIGINT, last_error " + text() + ")"
                            + tableOptions(),
                    insertIfAbsent("job", "id, phase", "1, 'created'", "id"));
        }
        if (n == 2) {
            // live: what the running replicator reports every second (scope '*' is the job, else a table);
            // validations: the last validation result per table.
            return List.of(
                    "CREATE TABLE IF NOT EXISTS " + table("live") + " (scope " + key(512) + " PRIMARY KEY,"
                            + " pending_since " + time() + ", events_per_second DOUBLE PRECISION,"
                            + " events_history " + text() + ", reported_at " + time() + " NOT NULL)" + tableOptions(),
                    "CREATE TABLE IF NOT EXISTS " + table("validations") + " (table_name " + key(512) + " PRIMARY KEY,"
                            + " result VARCHAR(16) NOT NULL, detail " + text() + ", finished_at " + time() + " NOT NULL)"
                            + tableOptions());
        }
        if (n == 3) {
            // validations: per table what the last validation counted and the source position it holds for.
            // Dropped and created again so the step stays idempotent on MySQL, which has no ADD COLUMN IF NOT
            // EXISTS; no release wrote to the version 2 table.
            return List.of("DROP TABLE IF EXISTS " + table("validations"),
                    "CREATE TABLE IF NOT EXISTS " + table("validations") + " (table_name " + key(512) + " PRIMARY KEY,"
                            + " result VARCHAR(16) NOT NULL, detail " + text() + ", started_at " + time() + ","
                            + " finished_at " + time() + " NOT NULL, source_rows BIGINT, target_rows BIGINT,"
                            + " mismatched BIGINT, extra_on_source BIGINT, extra_on_target BIGINT, pending BIGINT,"
                            + " source_position " + text() + ")" + tableOptions());
        }
        if (n == 4) {
            // cutover_journal: every step of every cutover run, appended as it happens (seq from 1 within a
            // run); an entry without a step is about the run as a whole.
            return List.of("CREATE TABLE IF NOT EXISTS " + table("cutover_journal") + " (run_id " + key(64) + " NOT NULL,"
                    + " seq BIGINT NOT NULL, step " + text() + ", event VARCHAR(32) NOT NULL, at " + time() + " NOT NULL,"
                    + " detail " + text() + ", PRIMARY KEY (run_id, seq))" + tableOptions());
        }
        throw new IllegalArgumentException("no state schema version " + n);
    }

    static int latestVersion() {
        return 4;
    }

    /** INSERT of constant values that does nothing when the key exists. */
    private String insertIfAbsent(String table, String columns, String values, String key) {
        return "INSERT INTO " + table(table) + " (" + columns + ") VALUES (" + values + ")"
                + (postgres() ? " ON CONFLICT (" + key + ") DO NOTHING" : " ON DUPLICATE KEY UPDATE " + key + " = " + key);
    }

    /**
     * An upsert: {@code INSERT INTO table (columns) VALUES (?, ...)}, and where the key exists,
     * the assignments instead. Assignments refer to the stored row through {@link #old(String)}
     * and may hold parameters, bound after the inserted values. MySQL evaluates assignments
     * left to right, each seeing the ones before: no assignment may read a column assigned earlier.
     */
    String upsert(String table, String key, List<String> columns, List<String> assignments) {
        String placeholders = String.join(", ", columns.stream().map(c -> "?").toList());
        return "INSERT INTO " + table(table) + (postgres() ? " AS t" : "") + " (" + String.join(", ", columns)
                + ") VALUES (" + placeholders + ")"
                + (postgres() ? " ON CONFLICT (" + key + ") DO UPDATE SET " : " ON DUPLICATE KEY UPDATE ")
                + String.join(", ", assignments);
    }

    /** A column of the stored row inside an upsert's assignments. */
    String old(String column) {
        return postgres() ? "t." + column : column;
    }

    /** Locks the state schema's creation against a concurrent one (PostgreSQL); null where DDL is atomic per statement. */
    String creationLock() {
        return postgres() ? "SELECT pg_advisory_xact_lock(hashtext(?))" : null;
    }

    /** The fetch size that makes the driver stream a result instead of loading it whole. */
    int streamingFetchSize() {
        // MySQL Connector/J streams only at MIN_VALUE (without server cursors); the others take a batch size.
        return type == DatabaseType.MYSQL ? Integer.MIN_VALUE : 100;
    }

    /** Binds an instant as UTC, to the microsecond (finer digits are cut, as both servers would store them). */
    void bindInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, postgres() ? Types.TIMESTAMP_WITH_TIMEZONE : Types.TIMESTAMP);
        } else if (postgres()) {
            ps.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        } else {
            // DATETIME has no zone: the value is written and read as UTC wall time, whatever the
            // session's or the JVM's zone, which the driver is never asked to convert between.
            ps.setObject(index, LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    Instant readInstant(ResultSet rs, String column) throws SQLException {
        if (postgres()) {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private String key(int length) {
        // Binary and NO PAD: "a" and "a " (a valid PostgreSQL table name) are different keys.
        return switch (type) {
            case POSTGRESQL -> "TEXT";
            case MARIADB -> "VARCHAR(" + length + ") CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin";
            case MYSQL -> "VARCHAR(" + length + ") CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_bin";
        };
    }

    private String text() {
        return postgres() ? "TEXT" : "MEDIUMTEXT";
    }

    private String longText() {
        return postgres() ? "TEXT" : "LONGTEXT";
    }

    private String time() {
        return postgres() ? "TIMESTAMPTZ" : "DATETIME(6)";
    }

    private String tableOptions() {
        return postgres() ? "" : " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    }
}
