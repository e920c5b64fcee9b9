package dev.dbmove.replicator;

import dev.dbmove.config.JobConfig;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dbmove replicate --cleanup}: removes what the job owns on a PostgreSQL source, its
 * replication slot (which otherwise keeps WAL forever) and its publication. MySQL and
 * MariaDB sources hold nothing of the job's.
 */
public final class Cleanup {
    private Cleanup() {
    }

    /** Asks a running {@code dbmove replicate} of the job to stop (it looks every few seconds); says what it did. */
    public static String requestStop(JobConfig job) {
        try (com.zaxxer.hikari.HikariDataSource pool = dev.dbmove.core.db.DataSources.pool(job.target(),
                job.names().job() + "-stop", 1)) {
            dev.dbmove.core.state.StateStore state = new dev.dbmove.core.state.StateStore(job.target(), job.names(), pool);
            if (!state.exists()) {
                return "the target holds no state of job " + job.names().job() + ": nothing runs to stop";
            }
            state.requestStop();
            return "asked dbmove replicate of job " + job.names().job() + " to stop; it stops after the batch it"
                    + " applies, and the next dbmove replicate resumes from the saved position";
        }
    }

    /** @return one line per thing removed or found absent */
    public static List<String> run(JobConfig job) {
        List<String> done = new ArrayList<>();
        if (job.source().type().isMySqlFamily()) {
            done.add("the " + job.source().type() + " source holds nothing of this job's (no slot, no publication)");
            return done;
        }
        String slot = job.names().replicationSlot();
        String publication = job.names().publication();
        try (Connection c = Jdbc.connect(job.source(), "source")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        done.add("replication slot " + slot + ": not there");
                    } else if (rs.getBoolean(1)) {
                        throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "replication slot " + slot
                                + " is in use: a dbmove replicate of this job is still running",
                                "stop it first (Ctrl-C or SIGTERM), then run --cleanup again");
                    } else {
                        try (PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                            drop.setString(1, slot);
                            drop.execute();
                        }
                        done.add("replication slot " + slot + ": dropped");
                    }
                }
            }
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
                ps.setString(1, publication);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (exists) {
                try (var s = c.createStatement()) {
                    s.execute("DROP PUBLICATION " + "\"" + publication.replace("\"", "\"\"") + "\"");
                }
                done.add("publication " + publication + ": dropped");
            } else {
                done.add("publication " + publication + ": not there");
            }
        } catch (SQLException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cleanup on the source failed: " + e.getMessage(),
                    "the user needs to own the publication and have the REPLICATION attribute (or be superuser)");
        }
        return done;
    }
}
