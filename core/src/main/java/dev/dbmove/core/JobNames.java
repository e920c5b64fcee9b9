package dev.dbmove.core;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The server-side names a job owns, derived from the job name: the PostgreSQL
 * replication slot and publication, and the state schema in the target.
 * Slot names allow only lower-case letters, digits and underscores, so the job name
 * is restricted to what maps onto them one to one.
 */
public record JobNames(String job) {
    public static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

    public JobNames {
        if (job == null || !VALID.matcher(job).matches()) {
            throw new IllegalArgumentException("invalid job name: " + job);
        }
    }

    private String base() {
        return "dbmove_" + job.replace('-', '_').toLowerCase(Locale.ROOT);
    }

    public String replicationSlot() {
        return base();
    }

    public String publication() {
        return base();
    }

    /** Schema (PostgreSQL) or database (MySQL/MariaDB) in the target that holds the job's state. */
    public String stateSchema() {
        return base();
    }
}
