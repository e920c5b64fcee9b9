package dev.dbmove.cutover.steps;

import dev.dbmove.config.Durations;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.state.TableState;
import dev.dbmove.core.state.ValidationState;
import dev.dbmove.core.status.JobStatus;
import dev.dbmove.core.status.StatusReader;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first step: replication is ready for the cutover. Its preflight holds what the whole
 * cutover needs before anything stops: the replicator runs, every table streams, replication lags
 * no more than {@code maxLagSeconds}, and (with {@code requireValidation}) every table's last
 * validation was clean and recent enough. Its action asks again, just before the first stop:
 * time may have passed since the preflight (the operator's confirmation).
 */
final class ReadinessStep extends OneWayStep {
    static final String NAME = "check replication";
    private static final int NAMES_SHOWN = 5;

    private final Cutover cutover;

    ReadinessStep(Cutover cutover) {
        super(NAME, StepKind.OTHER);
        this.cutover = cutover;
    }



    @Override
    public String describe() {
        var settings = cutover.job().cutover();
        return NAME + ": the replicator runs, lag is at most " + settings.maxLagSeconds() + " s"
                + settings.requireValidation().map(age -> ", every table validated clean within "
                + Durations.format(age)).orElse("");
    }

    @Override
    public List<String> preflight() {
        List<String> problems = new ArrayList<>(replicationProblems());
        problems.addAll(validationProblems(cutover.clock().instant()));
        return problems;
    }

    @Override
    public void run(StepContext context) {
        List<String> problems = replicationProblems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }

    @Override
    public void check(StepContext context) {
        // run() throws when replication is not ready
    }



    private List<String> replicationProblems() {
        JobStatus status;
        try (StatusReader reader = new StatusReader(cutover.job().source(), cutover.job().target(),
                cutover.job().names(), cutover.clock())) {
            status = reader.read();
        } catch (DbmoveException e) {
            return List.of(e.describe());
        }
        List<String> problems = new ArrayList<>();
        String notRunning = cutover.replication().notRunning(status);
        if (notRunning != null) {
            problems.add(notRunning);
            return problems;
        }
        List<String> notStreaming = status.tables().stream().filter(t -> !"streaming".equals(t.phase()))
                .map(t -> t.name() + " (" + t.phase() + ")").toList();
        if (!notStreaming.isEmpty()) {
            problems.add(notStreaming.size() + " table(s) are not streaming: " + first(notStreaming)
                    + "; wait until every table is copied, or fix what dbmove status says about them");
        }
        int max = cutover.job().cutover().maxLagSeconds();
        Double lag = status.sourceProblem() != null ? null : cutover.replication().lagSeconds(status);
        if (status.sourceProblem() != null) {
            problems.add("the source cannot be asked for its position: " + status.sourceProblem());
        } else if (lag == null || lag > max) {
            problems.add("replication lags " + (lag == null ? "an unknown time"
                    : String.format(java.util.Locale.ROOT, "%.1f s", lag))
                    + ", more than cutover.maxLagSeconds (" + max + " s): the applications would be down while it"
                    + " catches up; wait until dbmove status shows less, or raise maxLagSeconds");
        }
        return problems;
    }

    private List<String> validationProblems(Instant now) {
        Optional<Duration> maxAge = cutover.job().cutover().requireValidation();
        if (maxAge.isEmpty()) {
            return List.of();
        }
        List<TableState> tables;
        Map<String, ValidationState> validations;
        try {
            tables = cutover.state().tables();
            validations = cutover.state().validations();
        } catch (DbmoveException e) {
            return List.of(e.describe());
        }
        List<String> never = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        List<String> old = new ArrayList<>();
        for (TableState table : tables) {
            ValidationState v = validations.get(table.table());
            if (v == null || v.finishedAt() == null) {
                never.add(table.table());
            } else if (!v.identical()) {
                differing.add(table.table() + " (" + v.result() + ")");
            } else if (Duration.between(v.finishedAt(), now).compareTo(maxAge.get()) > 0) {
                old.add(table.table() + " (" + Durations.format(Duration.between(v.finishedAt(), now)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + " ago)");
            }
        }
        String fix = "run dbmove validate --config " + cutover.job().file() + " (with --repair for differences) and"
                + " cut over within " + Durations.format(maxAge.get()) + ", or set cutover.requireValidation";
        List<String> problems = new ArrayList<>();
        if (tables.isEmpty()) {
            problems.add("no clean validation: the job has no tables in its state yet; " + fix);
        }
        if (!never.isEmpty()) {
            problems.add("no clean validation: " + never.size() + " table(s) were never validated: " + first(never) + "; " + fix);
        }
        if (!differing.isEmpty()) {
            problems.add("no clean validation: the last validation of " + differing.size() + " table(s) was not clean: "
                    + first(differing) + "; " + fix);
        }
        if (!old.isEmpty()) {
            problems.add("no recent validation: the last validation of " + old.size() + " table(s) is older than"
                    + " cutover.requireValidation (" + Durations.format(maxAge.get()) + "): " + first(old) + "; " + fix);
        }
        return problems;
    }

    private static String first(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
                + (names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : "");
    }
}
