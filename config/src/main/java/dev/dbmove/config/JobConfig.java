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
 * @param replication never null; defaults to creating the target schema
 * @param validation never null; defaults to {@link ValidationSettings#DEFAULT}
 * @param cutover never null; defaults to {@link CutoverSettings#DEFAULT}
 */
public record JobConfig(Path file, String job, Endpoint source, Endpoint target, TableSelection tables,
                        ReplicationSettings replication, ValidationSettings validation, CutoverSettings cutover) {
    public JobConfig {
        replication = replication == null ? ReplicationSettings.DEFAULT : replication;
        validation = validation == null ? ValidationSettings.DEFAULT : validation;
        cutover = cutover == null ? CutoverSettings.DEFAULT : cutover;
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        tables = tables == null ? TableSelection.ALL : tables;
        new JobNames(job); // rejects a name that could not become a replication slot
    }

    public JobConfig(Path file, String job, Endpoint source, Endpoint target, TableSelection tables,
                     ReplicationSettings replication, ValidationSettings validation) {
        this(file, job, source, target, tables, replication, validation, CutoverSettings.DEFAULT);
    }

    public JobConfig(Path file, String job, Endpoint source, Endpoint target, TableSelection tables,
                     ReplicationSettings replication) {
        this(file, job, source, target, tables, replication, ValidationSettings.DEFAULT, CutoverSettings.DEFAULT);
    }

    public JobConfig(Path file, String job, Endpoint source, Endpoint target, TableSelection tables) {
        this(file, job, source, target, tables, ReplicationSettings.DEFAULT, ValidationSettings.DEFAULT,
                CutoverSettings.DEFAULT);
    }

    /** This job with other validation settings, e.g. from command-line options; every other setting kept. */
    public JobConfig withValidation(ValidationSettings otherValidation) {
        return new JobConfig(file, job, source, target, tables, replication, otherValidation, cutover);
    }

    /** The replication slot, publication and state schema this job owns. */
    public JobNames names() {
        return new JobNames(job);
    }
}
