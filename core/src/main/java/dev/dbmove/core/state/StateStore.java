package dev.dbmove.core.state;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.Endpoint;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.JobNames;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A job's replication state in the target: Debezium's offsets and schema history, the
 * applied source position and per-table progress, in the state schema (PostgreSQL) or
 * database (MySQL/MariaDB) named by {@link JobNames#stateSchema()}.
 * <p>
 * Methods that take a {@link Connection} run in the caller's open transaction and never
 * commit, so that data and the state describing it commit together; they throw
 * {@link SQLException} for the caller's transaction handling. The others run in a
 * transaction of their own on a connection from the data source, and report failures
 * as {@link DbmoveException}s. Times are stored in UTC to the microsecond.
 */
public final class StateStore {
    private static final String STOP_REQUEST_KEY = "replicator_stop_requested_at";
    private final StateSql sql;
    private final StateSchemaDdl schemaDdl;
    private final StateTransactions tx;
    private final Clock clock;

    public StateStore(Endpoint target, JobNames names, DataSource dataSource) {
        this(target, names, dataSource, Clock.systemUTC());
    }

    /** @param clock the time of updated_at, heartbeat_at and the other times dbmove itself stamps */
    public StateStore(Endpoint target, JobNames names, DataSource dataSource, Clock clock) {
        this.sql = new StateSql(target.type(), names.stateSchema());
        this.tx = new StateTransactions(target, sql, dataSource);
        this.schemaDdl = new StateSchemaDdl(sql, tx);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The schema (PostgreSQL) or database (MySQL/MariaDB) that holds the state. */
    public String schema() {
        return sql.schema();
    }

    /**
     * Creates the state schema and its tables, or brings an older one up to date; does
     * nothing when they are current. Refuses state written by a newer dbmove.
     */
    public void create() {
        tx.run("create the job state", c -> {
            schemaDdl.create(c);
            return null;
        });
    }

    /** Whether the state tables exist (at any version). */
    public boolean exists() {
        return tx.run("look for the job state", schemaDdl::exists);
    }

    /** Drops the state schema with everything in it. */
    public void dropAll() {
        tx.run("drop the job state", c -> {
            schemaDdl.drop(c);
            return null;
        });
    }

    // ---- in the caller's transaction ----

    /** Stores a Debezium offset under its key, replacing the one before; a null value removes it. */
    public void writeOffset(Connection c, String key, String value) throws SQLException {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.table("offsets") + " WHERE engine_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return;
        }
        Instant now = now();
        try (PreparedStatement ps = c.prepareStatement(sql.upsert("offsets", "engine_key",
                List.of("engine_key", "offset_value", "updated_at"), List.of("offset_value = ?", "updated_at = ?")))) {
            ps.setString(1, key);
            ps.setString(2, value);
            sql.bindInstant(ps, 3, now);
            ps.setString(4, value);
            sql.bindInstant(ps, 5, now);
            ps.executeUpdate();
        }
    }

    /**
     * Adds to a table's counters (creating its row, in phase snapshot, when it has none).
     *
     * @param lastCommit source commit time of the newest change counted, or null to keep the stored one
     * @param position   source position of the newest change counted, or null to keep the stored one
     */
    public void addCounts(Connection c, String table, long inserts, long updates, long deletes, long ddl,
                          long rowsCopied, Instant lastCommit, String position) throws SQLException {
        Objects.requireNonNull(table, "table");
        if (inserts < 0 || updates < 0 || deletes < 0 || ddl < 0 || rowsCopied < 0) {
            throw new IllegalArgumentException("counts cannot be negative: inserts " + inserts + ", updates " + updates
                    + ", deletes " + deletes + ", ddl " + ddl + ", rows copied " + rowsCopied);
        }
        Instant now = now();
        try (PreparedStatement ps = c.prepareStatement(sql.upsert("tables", "table_name",
                List.of("table_name", "inserts", "updates", "deletes", "ddl", "rows_copied", "last_commit_ts",
                        "last_position", "updated_at"),
                List.of("inserts = " + sql.old("inserts") + " + ?", "updates = " + sql.old("updates") + " + ?",
                        "deletes = " + sql.old("deletes") + " + ?", "ddl = " + sql.old("ddl") + " + ?",
                        "rows_copied = " + sql.old("rows_copied") + " + ?",
                        "last_commit_ts = COALESCE(?, " + sql.old("last_commit_ts") + ")",
                        "last_position = COALESCE(?, " + sql.old("last_position") + ")", "updated_at = ?")))) {
            int i = 1;
            ps.setString(i++, table);
            for (int round = 0; round < 2; round++) {
                ps.setLong(i++, inserts);
                ps.setLong(i++, updates);
                ps.setLong(i++, deletes);
                ps.setLong(i++, ddl);
                ps.setLong(i++, rowsCopied);
                sql.bindInstant(ps, i++, lastCommit);
                ps.setString(i++, position);
                sql.bindInstant(ps, i++, now);
            }
            ps.executeUpdate();
        }
    }

    /**
     * Sets a table's phase and its last error (null clears it). Entering {@link TablePhase#SNAPSHOT}
     * stamps snapshot_started_at and entering {@link TablePhase#STREAMING} snapshot_completed_at,
     * each only the first time.
     */
    public void setTablePhase(Connection c, String table, TablePhase phase, String error) throws SQLException {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(phase, "phase");
        Instant now = now();
        List<String> columns = new ArrayList<>(List.of("table_name", "phase", "last_error", "updated_at"));
        List<String> assignments = new ArrayList<>(List.of("phase = ?", "last_error = ?", "updated_at = ?"));
        String stamp = switch (phase) {
            case SNAPSHOT -> "snapshot_started_at";
            case STREAMING -> "snapshot_completed_at";
            default -> null;
        };
        if (stamp != null) {
            columns.add(stamp);
            assignments.add(stamp + " = COALESCE(" + sql.old(stamp) + ", ?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.upsert("tables", "table_name", columns, assignments))) {
            int i = 1;
            ps.setString(i++, table);
            for (int round = 0; round < 2; round++) {
                ps.setString(i++, phase.stored());
                ps.setString(i++, error);
                sql.bindInstant(ps, i++, now);
                if (stamp != null) {
                    sql.bindInstant(ps, i++, now);
                }
            }
            ps.executeUpdate();
        }
    }

    /** Records the source's estimate of a table's rows (creating its row, in phase snapshot, when it has none). */
    public void setRowsEstimated(Connection c, String table, long rows) throws SQLException {
        Objects.requireNonNull(table, "table");
        Instant now = now();
        try (PreparedStatement ps = c.prepareStatement(sql.upsert("tables", "table_name",
                List.of("table_name", "rows_estimated", "updated_at"), List.of("rows_estimated = ?", "updated_at = ?")))) {
            ps.setString(1, table);
            ps.setLong(2, rows);
            sql.bindInstant(ps, 3, now);
            ps.setLong(4, rows);
            sql.bindInstant(ps, 5, now);
            ps.executeUpdate();
        }
    }

    /** Records the source position and commit time of the last change this transaction applies. */
    public void recordApplied(Connection c, String position, Instant sourceCommitTime) throws SQLException {
        updateJob(c, "applied_position = ?, applied_commit_ts = ?, applied_at = ?", (ps, i) -> {
            ps.setString(i, position);
            sql.bindInstant(ps, i + 1, sourceCommitTime);
            sql.bindInstant(ps, i + 2, now());
            return i + 3;
        });
    }

    /** Sets the job's phase and last error (null clears it). */
    public void setJobPhase(Connection c, JobPhase phase, String error) throws SQLException {
        Objects.requireNonNull(phase, "phase");
        updateJob(c, "phase = ?, last_error = ?", (ps, i) -> {
            ps.setString(i, phase.stored());
            ps.setString(i + 1, error);
            return i + 2;
        });
    }

    // ---- in a transaction of their own ----

    /** Tables whose rows are (again) to be copied: phase snapshot and their estimated rows, by table name. */
    public void markCopying(Map<String, Long> estimatedRows) {
        tx.run("record the tables to copy", c -> {
            for (Map.Entry<String, Long> t : estimatedRows.entrySet()) {
                setTablePhase(c, t.getKey(), TablePhase.SNAPSHOT, null);
                setRowsEstimated(c, t.getKey(), Math.max(0, t.getValue()));
            }
            return null;
        });
    }

    /** Sets a table's phase and last error; see {@link #setTablePhase(Connection, String, TablePhase, String)}. */
    public void setTablePhase(String table, TablePhase phase, String error) {
        tx.run("record the phase of " + table, c -> {
            setTablePhase(c, table, phase, error);
            return null;
        });
    }

    /** Sets the job's phase and last error (null clears it). */
    public void setJobPhase(JobPhase phase, String error) {
        tx.run("record the job's phase", c -> {
            setJobPhase(c, phase, error);
            return null;
        });
    }

    /** Counts a schema change applied to a table. */
    public void countDdl(String table) {
        tx.run("count a schema change of " + table, c -> {
            addCounts(c, table, 0, 0, 0, 1, 0, null, null);
            return null;
        });
    }

    /** Stores several offsets atomically; a null value removes its key. */
    public void writeOffsets(Map<String, String> offsets) {
        tx.run("write Debezium offsets", c -> {
            for (Map.Entry<String, String> e : offsets.entrySet()) {
                writeOffset(c, e.getKey(), e.getValue());
            }
            return null;
        });
    }

    /** Every stored offset by key, in key order. */
    public Map<String, String> readOffsets() {
        return tx.run("read Debezium offsets", c -> {
            Map<String, String> offsets = new TreeMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT engine_key, offset_value FROM " + sql.table("offsets"))) {
                while (rs.next()) {
                    offsets.put(rs.getString(1), rs.getString(2));
                }
            }
            return offsets;
        });
    }

    /** Appends a schema-history record after all earlier ones. */
    public void appendHistory(String record) {
        Objects.requireNonNull(record, "record");
        tx.run("append to the schema history", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.table("schema_history") + " (record) VALUES (?)")) {
                ps.setString(1, record);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Hands every schema-history record to {@code consumer}, oldest first, without holding them all in memory. */
    public void forEachHistory(Consumer<String> consumer) {
        tx.run("read the schema history", c -> {
            try (Statement s = c.createStatement()) {
                s.setFetchSize(sql.streamingFetchSize());
                try (ResultSet rs = s.executeQuery("SELECT record FROM " + sql.table("schema_history") + " ORDER BY seq")) {
                    while (rs.next()) {
                        consumer.accept(rs.getString(1));
                    }
                }
            }
            return null;
        });
    }

    /** Every schema-history record, oldest first. */
    public List<String> history() {
        List<String> records = new ArrayList<>();
        forEachHistory(records::add);
        return records;
    }

    /** Whether the schema history holds any record. */
    public boolean hasHistory() {
        return tx.run("read the schema history", c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1 FROM " + sql.table("schema_history") + " ORDER BY seq LIMIT 1")) {
                return rs.next();
            }
        });
    }

    /** Every table's progress, by name. */
    public List<TableState> tables() {
        return tx.run("read table progress", this::readTables);
    }

    public JobState job() {
        return tx.run("read the job state", this::readJob);
    }

    /** A replicator process starts: who it is, and that it is alive now. */
    public void markStarted(String host, long pid) {
        tx.run("mark the job started", c -> {
            Instant now = now();
            updateJob(c, "started_at = ?, heartbeat_at = ?, stopped_at = NULL, replicator_host = ?, replicator_pid = ?",
                    (ps, i) -> {
                        sql.bindInstant(ps, i, now);
                        sql.bindInstant(ps, i + 1, now);
                        ps.setString(i + 2, host);
                        ps.setLong(i + 3, pid);
                        return i + 4;
                    });
            return null;
        });
    }

    /** The replicator stops: the phase becomes stopped, unless it is error, which stays for the operator to read. */
    public void markStopped() {
        tx.run("mark the job stopped", c -> {
            updateJob(c, "stopped_at = ?, phase = CASE WHEN phase = 'error' THEN phase ELSE 'stopped' END", (ps, i) -> {
                sql.bindInstant(ps, i, now());
                return i + 1;
            });
            return null;
        });
    }

    /** The replicator is alive now. */
    public void heartbeat() {
        tx.run("write the heartbeat", c -> {
            writeHeartbeat(c, now());
            return null;
        });
    }

    private void writeHeartbeat(Connection c, Instant now) throws SQLException {
        updateJob(c, "heartbeat_at = ?", (ps, i) -> {
            sql.bindInstant(ps, i, now);
            return i + 1;
        });
    }

    /**
     * Asks the running replicator, wherever it runs, to stop cleanly: it looks once a second and
     * stops when the request is newer than its own start (a replicator started later ignores it).
     * {@code dbmove cutover} asks once the last changes have drained.
     */
    public void requestStop() {
        tx.run("ask the replicator to stop", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.upsert("meta", "meta_key",
                    List.of("meta_key", "meta_value"), List.of("meta_value = ?")))) {
                String at = now().toString();
                ps.setString(1, STOP_REQUEST_KEY);
                ps.setString(2, at);
                ps.setString(3, at);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** When a stop of the replicator was last asked for; empty when never. */
    public Optional<Instant> stopRequestedAt() {
        return tx.run("read the replicator's stop request", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM " + sql.table("meta")
                    + " WHERE meta_key = ?")) {
                ps.setString(1, STOP_REQUEST_KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Instant.parse(rs.getString(1))) : Optional.<Instant>empty();
                }
            }
        });
    }

    /** Records the source's own current log position, against which the applied one is measured. */
    public void recordSourcePosition(String position) {
        tx.run("record the source position", c -> {
            updateJob(c, "source_position = ?", (ps, i) -> {
                ps.setString(i, position);
                return i + 1;
            });
            return null;
        });
    }

    /**
     * The running replicator's report, once a second: it is alive (the job's heartbeat), the
     * oldest change it holds unapplied, overall and per table (tables not named have none),
     * and its apply rate.
     */
    public void reportLive(Instant pendingSince, Map<String, Instant> tablePendingSince, double eventsPerSecond,
                           List<Double> eventsPerSecondHistory) {
        tx.run("report the replicator's progress", c -> {
            Instant now = now();
            writeHeartbeat(c, now);
            String history = String.join(",", eventsPerSecondHistory.stream()
                    .map(v -> String.format(java.util.Locale.ROOT, "%.1f", v)).toList());
            try (PreparedStatement clear = c.prepareStatement("UPDATE " + sql.table("live")
                    + " SET pending_since = NULL, reported_at = ? WHERE scope <> '*'");
                 PreparedStatement ps = c.prepareStatement(sql.upsert("live", "scope",
                         List.of("scope", "pending_since", "events_per_second", "events_history", "reported_at"),
                         List.of("pending_since = ?", "events_per_second = ?", "events_history = ?",
                                 "reported_at = ?")))) {
                sql.bindInstant(clear, 1, now);
                clear.executeUpdate();
                bindLive(ps, "*", pendingSince, eventsPerSecond, history, now);
                ps.addBatch();
                for (Map.Entry<String, Instant> e : new TreeMap<>(tablePendingSince).entrySet()) {
                    bindLive(ps, e.getKey(), e.getValue(), null, null, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private void bindLive(PreparedStatement ps, String scope, Instant pendingSince, Double eventsPerSecond,
                          String history, Instant now) throws SQLException {
        ps.setString(1, scope);
        for (int base : new int[]{2, 6}) {
            sql.bindInstant(ps, base, pendingSince);
            if (eventsPerSecond == null) {
                ps.setNull(base + 1, java.sql.Types.DOUBLE);
            } else {
                ps.setDouble(base + 1, eventsPerSecond);
            }
            ps.setString(base + 2, history);
            sql.bindInstant(ps, base + 3, now);
        }
    }

    /** The replicator's last report; {@link LiveState#NONE} when it never reported. */
    public LiveState live() {
        return tx.run("read the replicator's progress", this::readLive);
    }

    /** Records the result of validating one table ({@code identical} or {@code differs}), without counts. */
    public void recordValidation(String table, String result, String detail) {
        recordValidation(new ValidationState(table, result, detail, now()));
    }

    /** Records the result of validating one table, replacing the table's previous one. */
    public void recordValidation(ValidationState v) {
        tx.run("record a validation result", c -> {
            List<String> columns = List.of("table_name", "result", "detail", "started_at", "finished_at", "source_rows",
                    "target_rows", "mismatched", "extra_on_source", "extra_on_target", "pending", "source_position");
            try (PreparedStatement ps = c.prepareStatement(sql.upsert("validations", "table_name", columns,
                    columns.subList(1, columns.size()).stream().map(col -> col + " = ?").toList()))) {
                int i = 1;
                ps.setString(i++, v.table());
                for (int pass = 0; pass < 2; pass++) {
                    ps.setString(i++, v.result());
                    ps.setString(i++, v.detail());
                    sql.bindInstant(ps, i++, v.startedAt());
                    sql.bindInstant(ps, i++, v.finishedAt());
                    for (long n : new long[] {v.sourceRows(), v.targetRows(), v.mismatched(), v.extraOnSource(),
                            v.extraOnTarget(), v.pending()}) {
                        if (n < 0) {
                            ps.setNull(i++, java.sql.Types.BIGINT);
                        } else {
                            ps.setLong(i++, n);
                        }
                    }
                    ps.setString(i++, v.sourcePosition());
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The last validation result of each table validated, by table name. */
    public Map<String, ValidationState> validations() {
        return tx.run("read validation results", this::readValidations);
    }

    /**
     * Appends an entry to its cutover run's journal. Refuses an entry whose run already has one
     * with that seq: only one dbmove may write a run's journal at a time.
     */
    public void appendJournal(CutoverJournalEntry entry) {
        Objects.requireNonNull(entry, "entry");
        tx.run("append to the cutover journal", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.table("cutover_journal")
                    + " (run_id, seq, step, event, at, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, entry.runId());
                ps.setLong(2, entry.seq());
                ps.setString(3, entry.step());
                ps.setString(4, entry.event());
                sql.bindInstant(ps, 5, entry.at());
                ps.setString(6, entry.detail());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "entry " + entry.seq() + " of cutover run "
                            + entry.runId() + " is already in the journal in " + tx.where()
                            + ": another dbmove is running the same cutover",
                            "let that one finish; then look at the run's journal before you resume or roll it back", e);
                }
                throw e;
            }
            return null;
        });
    }

    /** Every entry of a cutover run, by seq; empty when the run is unknown. */
    public List<CutoverJournalEntry> journal(String runId) {
        Objects.requireNonNull(runId, "runId");
        return tx.run("read the cutover journal", c -> {
            List<CutoverJournalEntry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, seq, step, event, at, detail FROM "
                    + sql.table("cutover_journal") + " WHERE run_id = ? ORDER BY seq")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new CutoverJournalEntry(rs.getString("run_id"), rs.getLong("seq"),
                                rs.getString("step"), rs.getString("event"), sql.readInstant(rs, "at"),
                                rs.getString("detail")));
                    }
                }
            }
            return entries;
        });
    }

    /** The id of the cutover run begun last (by the time of its first entry); empty when there was none. */
    public Optional<String> latestCutoverRun() {
        return tx.run("read the cutover journal", c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT run_id FROM " + sql.table("cutover_journal")
                         + " WHERE seq = 1 ORDER BY at DESC, run_id DESC LIMIT 1")) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    /** The job, its tables, the replicator's last report and the validation results, read at one moment. */
    public StateSnapshot snapshot() {
        return tx.run("read the job's status", c -> new StateSnapshot(readJob(c), readTables(c), readLive(c),
                readValidations(c)));
    }

    // ---- machinery ----

    private List<TableState> readTables(Connection c) throws SQLException {
        List<TableState> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + sql.table("tables") + " ORDER BY table_name")) {
            while (rs.next()) {
                long estimate = rs.getLong("rows_estimated");
                Long rowsEstimated = rs.wasNull() ? null : estimate;
                tables.add(new TableState(rs.getString("table_name"), TablePhase.fromStored(rs.getString("phase")),
                        rs.getLong("rows_copied"), rowsEstimated,
                        rs.getLong("inserts"), rs.getLong("updates"), rs.getLong("deletes"), rs.getLong("ddl"),
                        sql.readInstant(rs, "last_commit_ts"), rs.getString("last_position"), rs.getString("last_error"),
                        sql.readInstant(rs, "snapshot_started_at"), sql.readInstant(rs, "snapshot_completed_at"),
                        sql.readInstant(rs, "updated_at")));
            }
        }
        return tables;
    }

    private JobState readJob(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + sql.table("job") + " WHERE id = 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("the job row is missing from " + tx.where());
            }
            long pid = rs.getLong("replicator_pid");
            Long replicatorPid = rs.wasNull() ? null : pid;
            return new JobState(JobPhase.fromStored(rs.getString("phase")), rs.getString("source_position"),
                    rs.getString("applied_position"), sql.readInstant(rs, "applied_commit_ts"),
                    sql.readInstant(rs, "applied_at"), sql.readInstant(rs, "heartbeat_at"),
                    sql.readInstant(rs, "started_at"), sql.readInstant(rs, "stopped_at"),
                    rs.getString("replicator_host"), replicatorPid, rs.getString("last_error"));
        }
    }

    private LiveState readLive(Connection c) throws SQLException {
        Instant reportedAt = null;
        Instant pendingSince = null;
        double eventsPerSecond = 0;
        List<Double> history = List.of();
        Map<String, Instant> tables = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + sql.table("live"))) {
            while (rs.next()) {
                String scope = rs.getString("scope");
                Instant pending = sql.readInstant(rs, "pending_since");
                if ("*".equals(scope)) {
                    reportedAt = sql.readInstant(rs, "reported_at");
                    pendingSince = pending;
                    eventsPerSecond = rs.getDouble("events_per_second");
                    String h = rs.getString("events_history");
                    history = h == null || h.isBlank() ? List.of()
                            : java.util.Arrays.stream(h.split(",")).map(Double::valueOf).toList();
                } else if (pending != null) {
                    tables.put(scope, pending);
                }
            }
        }
        return reportedAt == null ? LiveState.NONE
                : new LiveState(reportedAt, pendingSince, eventsPerSecond, history, tables);
    }

    private Map<String, ValidationState> readValidations(Connection c) throws SQLException {
        Map<String, ValidationState> results = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + sql.table("validations"))) {
            while (rs.next()) {
                String table = rs.getString("table_name");
                results.put(table, new ValidationState(table, rs.getString("result"), rs.getString("detail"),
                        sql.readInstant(rs, "started_at"), sql.readInstant(rs, "finished_at"),
                        count(rs, "source_rows"), count(rs, "target_rows"), count(rs, "mismatched"),
                        count(rs, "extra_on_source"), count(rs, "extra_on_target"), count(rs, "pending"),
                        rs.getString("source_position")));
            }
        }
        return results;
    }


    private static long count(ResultSet rs, String column) throws SQLException {
        long n = rs.getLong(column);
        return rs.wasNull() ? -1 : n;
    }

    private interface Binder {
        /** Binds parameters from {@code index} on and returns the next free index. */
        int bind(PreparedStatement ps, int index) throws SQLException;
    }

    private void updateJob(Connection c, String assignments, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.table("job") + " SET " + assignments + " WHERE id = 1")) {
            binder.bind(ps, 1);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("the job row is missing from " + tx.where() + ": create() was not called");
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
