package dev.dbmove.config;

import dev.dbmove.core.Endpoint;
import dev.dbmove.core.JobNames;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A loaded and validated job file. Immutable; prints without passwords.
 *
 * @param file   the job file as the user named it
 * @param job    the job name; matches {@link JobNames#VALID}
 * @param tables never null
 */
public record JobConfig(Path file, String job, Endpoint source, Endpoint target, TableSelection tables) {
    public JobConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        tables = tables == null ? TableSelection.ALL : tables;
        new JobNames(job); // rejects a name that could not become a replication slot
    }

    /** The replication slot, publication and state schema this job owns. */
    public JobNames names() {
        return new JobNames(job);
    }
}
