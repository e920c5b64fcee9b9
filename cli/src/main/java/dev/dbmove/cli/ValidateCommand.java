package dev.dbmove.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.cli.kafka.KafkaApplied;
import dev.dbmove.cli.validate.ValidationJson;
import dev.dbmove.cli.validate.ValidationProgress;
import dev.dbmove.cli.validate.ValidationText;
import dev.dbmove.config.JobConfig;
import dev.dbmove.config.JobFileLoader;
import dev.dbmove.config.ReplicationSettings;
import dev.dbmove.config.ValidationSettings;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.validator.ValidationReport;
import dev.dbmove.validator.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Proves per table that the target holds the source's rows: counts and checksums compared chunk by"
                + " chunk on both servers, differing chunks narrowed down to rows and columns. While dbmove replicate"
                + " runs, a difference counts only once the target has applied the source past the moment it was read."
                + " Results are recorded in the job's state, where dbmove status shows them.",
        footerHeading = "%nExamples:%n",
        footer = {"  dbmove validate --config dbmove.yaml",
                "  dbmove validate --config dbmove.yaml --tables orders,customers --json",
                "  dbmove validate --config dbmove.yaml --repair   # copy the differing rows again",
                "%nExit 0 when every table is identical, 3 when data differs (or rows kept changing until"
                        + " validation.settleTimeout), 1 when a table could not be compared, 2 for bad usage or a bad"
                        + " job file, 4 when a server cannot be reached."})
final class ValidateCommand implements Callable<Integer> {
    private final Function<String, String> environment;

    @Mixin
    CommonOptions common;

    @Option(names = "--tables", paramLabel = "TABLE", split = ",",
            description = "compare only these tables (names as in the source, comma-separated); default: every table"
                    + " the job selects")
    List<String> tables;

    @Option(names = "--json", description = "print the report as one JSON object (progress lines go to stderr)")
    boolean json;

    @Option(names = "--repair", description = "copy the differing rows again from the source (delete those the source"
            + " no longer has), then compare them again")
    boolean repair;

    @Option(names = "--parallel", paramLabel = "N", description = "chunks compared at once, each with one source and"
            + " one target connection (default: validation.parallelism in the job file, else 2)")
    Integer parallel;

    @Option(names = "--max-rows-per-second", paramLabel = "N", description = "at most N source rows checksummed per"
            + " second, 0 for no limit (default: validation.maxRowsPerSecond in the job file, else 0)")
    Long maxRowsPerSecond;

    @Spec
    CommandSpec spec;

    ValidateCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        List<String> only = selectedTables();
        checkOverrides();
        JobConfig job = withOverrides(new JobFileLoader(environment).load(common.config));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ValidationReport report;
        // Bars only where a person watches and stdout is not a document; the progress is erased before the report.
        try (ValidationProgress progress = new ValidationProgress(err, !json && System.console() != null)) {
            if (job.replication().engine() == ReplicationSettings.Engine.KAFKA_CONNECT) {
                // Changes in flight are told from differences by what Kafka and the sink say, not a replicator's state.
                try (HikariDataSource pool = DataSources.pool(job.target(), job.names().job() + "-validate-kafka", 1);
                     KafkaApplied applied = new KafkaApplied(job, new StateStore(job.target(), job.names(), pool))) {
                    report = new Validator(job, new Validator.Options(only, repair), progress, Clock.systemUTC(),
                            applied).run();
                }
            } else {
                report = new Validator(job, new Validator.Options(only, repair), progress, Clock.systemUTC()).run();
            }
        }
        if (json) {
            out.println(ValidationJson.render(report));
        } else {
            ValidationText.render(report, new ValidationText.Run(repair, repairCommand())).forEach(out::println);
        }
        out.flush();
        return report.exitCode();
    }

    /** The names given with --tables, blanks dropped; null for every table the job selects. */
    private List<String> selectedTables() {
        if (tables == null) {
            return null;
        }
        List<String> names = tables.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (names.isEmpty()) {
            throw new DbmoveException(ErrorCode.BAD_USAGE, "--tables names no table",
                    "name the tables as in the source, comma-separated, e.g. --tables orders,customers");
        }
        return names;
    }

    /** Bad override values are usage errors (exit 2), checked before the job file is read. */
    private void checkOverrides() {
        if (parallel != null && (parallel < ValidationSettings.MIN_PARALLELISM
                || parallel > ValidationSettings.MAX_PARALLELISM)) {
            throw new DbmoveException(ErrorCode.BAD_USAGE, "--parallel must be from "
                    + ValidationSettings.MIN_PARALLELISM + " to " + ValidationSettings.MAX_PARALLELISM
                    + ", not " + parallel,
                    "each chunk compared at once holds one source and one target connection; e.g. --parallel 4");
        }
        if (maxRowsPerSecond != null && maxRowsPerSecond < 0) {
            throw new DbmoveException(ErrorCode.BAD_USAGE, "--max-rows-per-second must be 0 (no limit) or more, not "
                    + maxRowsPerSecond, "e.g. --max-rows-per-second 50000");
        }
    }

    /** The job with --parallel and --max-rows-per-second in place of the job file's validation settings. */
    private JobConfig withOverrides(JobConfig job) {
        if (parallel == null && maxRowsPerSecond == null) {
            return job;
        }
        ValidationSettings v = job.validation();
        ValidationSettings settings = new ValidationSettings(parallel == null ? v.parallelism() : parallel,
                v.chunkTime(), maxRowsPerSecond == null ? v.maxRowsPerSecond() : maxRowsPerSecond, v.settleTimeout(),
                v.samples(), v.mask());
        return job.withValidation(settings);
    }

    /** This command line again with --repair: what the report advises when rows differ. */
    private String repairCommand() {
        StringBuilder b = new StringBuilder("dbmove validate --config ").append(shellWord(common.config.toString()));
        if (tables != null) {
            b.append(" --tables ").append(shellWord(String.join(",", selectedTables())));
        }
        return b.append(" --repair").toString();
    }

    /** The word as a POSIX shell reads it back: quoted when it holds anything but safe characters. */
    private static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./,:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
