package dev.dbmove.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbmove.cli.kafka.ConnectReplication;
import dev.dbmove.cli.cutover.CutoverConsole;
import dev.dbmove.cli.cutover.CutoverJson;
import dev.dbmove.cli.kafka.KafkaApplied;
import dev.dbmove.cli.validate.ValidationText;
import dev.dbmove.config.JobConfig;
import dev.dbmove.config.JobFileLoader;
import dev.dbmove.config.ReplicationSettings;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.db.DataSources;
import dev.dbmove.core.state.StateStore;
import dev.dbmove.cutover.edit.PlannedEdit;
import dev.dbmove.cutover.runbook.CompositeJournal;
import dev.dbmove.cutover.runbook.FileJournal;
import dev.dbmove.cutover.runbook.Journal;
import dev.dbmove.cutover.runbook.JournalEntry;
import dev.dbmove.cutover.runbook.Result;
import dev.dbmove.cutover.runbook.RunHistory;
import dev.dbmove.cutover.runbook.RunOutcome;
import dev.dbmove.cutover.runbook.Runbook;
import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StateJournal;
import dev.dbmove.cutover.steps.Cutover;
import dev.dbmove.cutover.steps.CutoverPlan;
import dev.dbmove.cutover.steps.ProcessReplication;
import dev.dbmove.cutover.steps.Replication;
import dev.dbmove.cutover.steps.Verifier;
import dev.dbmove.validator.AppliedCheck;
import dev.dbmove.validator.ValidationListener;
import dev.dbmove.validator.ValidationReport;
import dev.dbmove.validator.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = "Moves the applications to the target: checks everything first, then stops the applications,"
                + " freezes the source, waits until the target has applied every change, verifies, moves the"
                + " target's sequences, rewrites the applications' config files, starts them and checks their"
                + " health. Every step is journaled; a failure rolls back what was done, unless --no-rollback.",
        footerHeading = "%nExamples:%n",
        footer = {"  dbmove cutover --config dbmove.yaml --dry-run   # the plan, the checks and the file diffs",
                "  dbmove cutover --config dbmove.yaml",
                "  dbmove cutover --config dbmove.yaml --resume     # continue a cutover that crashed",
                "  dbmove cutover --config dbmove.yaml --rollback   # undo a cutover, in reverse",
                "%nExit 0 when the cutover (or the rollback) completed, 1 when a step failed (the report says"
                        + " whether it was rolled back), 2 for bad usage or a bad job file, 4 when a check refused"
                        + " to start (nothing was touched)."})
final class CutoverCommand implements Callable<Integer> {
    private final Function<String, String> environment;

    @Mixin
    CommonOptions common;

    @Option(names = "--dry-run", description = "print the plan, the preflight results and a diff of every config file"
            + " change; touch nothing")
    boolean dryRun;

    @Option(names = "--yes", description = "do not ask for confirmation (required when not on a terminal)")
    boolean yes;

    @Option(names = "--resume", description = "continue the last cutover, which crashed or failed with --no-rollback")
    boolean resume;

    @Option(names = "--rollback", description = "undo the last cutover's completed steps, in reverse: restore the"
            + " files, make the source writable, start the applications on their old config")
    boolean rollback;

    @Option(names = "--no-rollback", description = "when a step fails, stop there instead of rolling back"
            + " (then --resume or --rollback)")
    boolean noRollback;

    @Option(names = "--finish", description = "end by dropping a PostgreSQL source's replication slot and"
            + " publication (after this, replication cannot be resumed); on a completed cutover, do only that")
    boolean finish;

    @Option(names = "--json", description = "print the result as one JSON object (progress goes to stderr)")
    boolean json;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "where the journal file and the backups of"
            + " rewritten files are kept (default: .dbmove-cutover/JOB beside the job file)")
    Path workDir;

    @Spec
    CommandSpec spec;

    CutoverCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        JobConfig job = new JobFileLoader(environment).load(common.config);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter progressOut = json ? err : out;
        Path dir = workDir(job);
        try (HikariDataSource pool = DataSources.pool(job.target(), "dbmove-cutover", 2);
             FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock();
             ReplicationHandle replication = replication(job, pool)) {
            if (lock == null) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "another dbmove cutover of job " + job.job()
                        + " runs on this machine (it holds " + dir.resolve("lock") + ")",
                        "let it finish; then look at the journal with --dry-run before you resume or roll back");
            }
            StateStore state = new StateStore(job.target(), job.names(), pool);
            if (!state.exists()) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the target holds no state for job " + job.job()
                        + ": nothing was replicated", "run dbmove replicate --config " + common.config + " first");
            }
            state.create(); // brings the state schema to this version (the cutover journal)
            CutoverConsole console = new CutoverConsole(progressOut);
            if (replication.replication().reversible()) {
                console.restartsReplication();
            }
            Journal journal = new CompositeJournal(List.of(new StateJournal(state),
                    new FileJournal(dir.resolve("journal.jsonl"), console::warning)), console::warning);
            Cutover cutover = new Cutover(job, state, dir, Clock.systemUTC(), environment.apply("PATH"), replication.replication());
            Optional<String> latest = journal.latestRun();
            List<JournalEntry> previous = latest.map(journal::read).orElse(List.of());
            Optional<RunHistory> history = previous.isEmpty() ? Optional.empty() : Optional.of(RunHistory.of(previous));

            if (rollback) {
                RunHistory last = history.orElseThrow(() -> new DbmoveException(ErrorCode.PRECONDITION_FAILED,
                        "job " + job.job() + " has no cutover to roll back", "nothing to do"));
                Runbook runbook = new Runbook(plan(cutover, last, replication.applied()).steps(), journal, cutover.clock(), console);
                return finish(out, console, runbook.rollback(previous));
            }
            if (resume) {
                RunHistory last = history.orElseThrow(() -> new DbmoveException(ErrorCode.PRECONDITION_FAILED,
                        "job " + job.job() + " has no cutover to resume", "start one without --resume"));
                Runbook runbook = new Runbook(plan(cutover, last, replication.applied()).steps(), journal, cutover.clock(), console);
                return finish(out, console, runbook.resume(previous, !noRollback));
            }
            if (history.isPresent() && history.get().outcome().unfinished()) {
                throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the last cutover of job " + job.job() + " (run "
                        + history.get().runId() + ") is unfinished: " + history.get().outcome().stored(),
                        "continue it with dbmove cutover --resume, or undo it with dbmove cutover --rollback");
            }
            if (finish && history.isPresent() && history.get().outcome() == RunOutcome.COMPLETED) {
                CutoverPlan plan = CutoverPlan.finishing(cutover);
                if (plan.steps().isEmpty()) {
                    out.println("the source is not PostgreSQL: there is no replication slot to drop");
                    return 0;
                }
                return finish(out, console, new Runbook(plan.steps(), journal, cutover.clock(), console).run(false));
            }
            CutoverPlan plan = CutoverPlan.of(cutover, verifier(job, replication.applied()), finish);
            if (dryRun) {
                return dryRun(out, job, plan, history);
            }
            if (!yes && !confirmed(out, job, plan)) {
                out.println("not confirmed; nothing was done");
                return ErrorCode.PRECONDITION_FAILED.exitCode();
            }
            return finish(out, console, new Runbook(plan.steps(), journal, cutover.clock(), console).run(!noRollback));
        }
    }

    /** What replicates the job: a dbmove replicator process, or the connectors of a Kafka Connect cluster. */
    private static ReplicationHandle replication(JobConfig job, HikariDataSource pool) {
        StateStore state = new StateStore(job.target(), job.names(), pool);
        if (job.replication().engine() == ReplicationSettings.Engine.KAFKA_CONNECT) {
            KafkaApplied applied = new KafkaApplied(job, state);
            ConnectReplication connect = new ConnectReplication(job, state, Clock.systemUTC(), applied);
            return new ReplicationHandle(connect, applied, connect::close);
        }
        return new ReplicationHandle(new ProcessReplication(job, state, Clock.systemUTC()), null, () -> { });
    }

    /**
     * What replicates the job, what the validator asks it (null for a replicator process: the
     * validator reads its state), and what closes it (Kafka clients).
     */
    private record ReplicationHandle(Replication replication, AppliedCheck applied, Runnable closer)
            implements AutoCloseable {
        @Override
        public void close() {
            closer.run();
        }
    }

    private void checkOptions() {
        int modes = (resume ? 1 : 0) + (rollback ? 1 : 0) + (dryRun ? 1 : 0);
        if (modes > 1) {
            throw new DbmoveException(ErrorCode.BAD_USAGE, "--dry-run, --resume and --rollback exclude each other",
                    "give one of them");
        }
        if (rollback && noRollback) {
            throw new DbmoveException(ErrorCode.BAD_USAGE, "--rollback and --no-rollback exclude each other", "give one");
        }
    }

    /** The plan of a run begun earlier: with the slot step exactly when that run's journal has it. */
    private CutoverPlan plan(Cutover cutover, RunHistory history, AppliedCheck applied) {
        boolean finished = finish || history.steps().contains(CutoverPlan.DROP_SLOT);
        return CutoverPlan.of(cutover, verifier(cutover.job(), applied), finished);
    }

    private Path workDir(JobConfig job) {
        Path dir = workDir != null ? workDir
                : job.file().toAbsolutePath().getParent().resolve(".dbmove-cutover").resolve(job.job());
        try {
            if (!Files.exists(dir)) {
                // The backups of rewritten files may hold passwords: only dbmove's user may read them.
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            }
            if (!Files.isWritable(dir)) {
                throw new IOException("not writable");
            }
        } catch (IOException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "the cutover cannot keep its journal and backups in "
                    + dir + ": " + e.getMessage(), "give a writable directory with --work-dir", e);
        }
        return dir.toAbsolutePath();
    }

    /** The final verify: the validator over the given tables, without repairs. */
    private static Verifier verifier(JobConfig job, AppliedCheck applied) {
        return tables -> {
            ValidationReport report = new Validator(job, new Validator.Options(tables, false), ValidationListener.NONE,
                    Clock.systemUTC(), applied).run();
            return new Verifier.Verdict(report.identical(), ValidationText.summary(report));
        };
    }

    private int dryRun(PrintWriter out, JobConfig job, CutoverPlan plan, Optional<RunHistory> history) {
        List<String> problems = new ArrayList<>();
        out.println("Cutover plan for job " + job.job() + ": " + job.source().address() + " -> " + job.target().address());
        int n = 1;
        for (Step step : plan.steps()) {
            out.println(String.format("  %2d. %s", n++, step.describe()));
        }
        out.println();
        out.println("Preflight:");
        for (Step step : plan.steps()) {
            List<String> found;
            try {
                found = step.preflight();
            } catch (RuntimeException e) {
                found = List.of("the preflight itself failed: " + e.getMessage());
            }
            for (String problem : found) {
                problems.add(step.name() + ": " + problem);
            }
            out.println("  " + (found.isEmpty() ? "ok      " : "PROBLEM ") + step.name()
                    + (found.isEmpty() ? "" : "\n" + String.join("\n", found.stream().map(p -> "          " + p).toList())));
        }
        history.filter(h -> h.outcome().unfinished()).ifPresent(h -> problems.add("the last cutover (run " + h.runId()
                + ") is unfinished: " + h.outcome().stored() + "; --resume or --rollback it first"));
        List<PlannedEdit> edits = plan.edits();
        if (!edits.isEmpty()) {
            out.println();
            out.println("Config file changes:");
            for (PlannedEdit edit : edits) {
                out.print(edit.ok() ? masked(edit.diff()) : "  " + edit.path() + ": cannot be edited (see the preflight)\n");
            }
        }
        out.println();
        if (problems.isEmpty()) {
            out.println("Dry run: every check passed; nothing was touched. Run without --dry-run to cut over.");
            return 0;
        }
        out.println("Dry run: " + problems.size() + " problem(s) would refuse the cutover; nothing was touched.");
        return ErrorCode.PRECONDITION_FAILED.exitCode();
    }

    private static final java.util.regex.Pattern SECRET_LINE = java.util.regex.Pattern.compile(
            "^([-+ ][^=:]*(?i:password|passwd|secret|token)[^=:]*[=:]\\s*)(\\S.*)$");

    /** The diff with the values of lines that name a password, secret or token masked: a terminal is no place for them. */
    static String masked(String diff) {
        StringBuilder out = new StringBuilder();
        for (String line : diff.split("\n", -1)) {
            java.util.regex.Matcher m = SECRET_LINE.matcher(line);
            out.append(m.matches() && !line.startsWith("+++") && !line.startsWith("---") ? m.group(1) + "******" : line)
                    .append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private boolean confirmed(PrintWriter out, JobConfig job, CutoverPlan plan) throws IOException {
        if (System.console() == null) {
            throw new DbmoveException(ErrorCode.BAD_USAGE, "the cutover asks for confirmation, and there is no terminal"
                    + " to ask on", "give --yes to confirm (see the plan first with --dry-run)");
        }
        out.println("Cutover of job " + job.job() + " from " + job.source().address() + " to " + job.target().address() + ":");
        int n = 1;
        for (Step step : plan.steps()) {
            out.println(String.format("  %2d. %s", n++, step.describe()));
        }
        out.print("The applications will be stopped. Type yes to go on: ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.strip().equalsIgnoreCase("yes");
    }

    private int finish(PrintWriter out, CutoverConsole console, Result result) {
        if (json) {
            out.println(CutoverJson.render(result));
        } else {
            console.report(result).forEach(out::println);
        }
        out.flush();
        return switch (result.outcome()) {
            case COMPLETED -> 0;
            case ROLLED_BACK -> rollback ? 0 : 1;
            case PREFLIGHT_FAILED -> ErrorCode.PRECONDITION_FAILED.exitCode();
            default -> 1;
        };
    }
}
