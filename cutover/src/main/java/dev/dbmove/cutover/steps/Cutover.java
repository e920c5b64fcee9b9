package dev.dbmove.cutover.steps;

import dev.dbmove.config.JobConfig;
import dev.dbmove.config.Placeholders;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.db.Jdbc;
import dev.dbmove.core.state.StateStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the steps of one cutover share.
 *
 * @param job     the job file
 * @param state   the job's state schema in the target
 * @param workDir where the cutover keeps its journal and the backups of rewritten files; kept
 *                from one run to the next, so that a resume or rollback from another process finds them
 * @param path        the PATH commands are looked up in
 * @param replication what replicates the job: the drain waits on it and the cutover stops it
 */
public record Cutover(JobConfig job, StateStore state, Path workDir, Clock clock, String path, Replication replication) {
    public Cutover {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(replication, "replication");
    }

    /** A job a dbmove replicator process replicates (the embedded engine). */
    public Cutover(JobConfig job, StateStore state, Path workDir, Clock clock, String path) {
        this(job, state, workDir, clock, path, new ProcessReplication(job, state, clock));
    }

    /** The placeholder values, passwords included: for command environments only. */
    Function<String, String> values() {
        return Placeholders.of(job.source(), job.target());
    }

    /** The placeholder values without the passwords, for texts that are shown or written to files. */
    Function<String, String> shownValues() {
        Function<String, String> all = values();
        return name -> Placeholders.PASSWORDS.contains(name) ? null : all.apply(name);
    }

    /** Values that must never show in output kept from commands. */
    List<String> secrets() {
        return List.of(job.source().password().reveal(), job.target().password().reveal());
    }

    /**
     * A session on the source that may write even while the cutover has frozen it: a PostgreSQL
     * database made read-only by default makes every new session read-only, the undo's own too.
     */
    Connection sourceSession() throws SQLException {
        Connection c = Jdbc.connect(job.source(), "source");
        if (job.source().type() == DatabaseType.POSTGRESQL) {
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION default_transaction_read_only = off");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** Where the backups of one run's rewrite go. */
    Path backups(String runId, int rewrite) {
        return workDir.resolve("backups").resolve(runId).resolve(Integer.toString(rewrite));
    }
}
