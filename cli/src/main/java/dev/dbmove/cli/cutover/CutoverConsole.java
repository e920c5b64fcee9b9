package dev.dbmove.cli.cutover;

import dev.dbmove.cutover.runbook.DowntimeReport;
import dev.dbmove.cutover.runbook.Listener;
import dev.dbmove.cutover.runbook.Result;
import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StepTiming;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Shows a cutover as it runs, one line per event, and its result. Times in UTC, as the journal keeps them. */
public final class CutoverConsole implements Listener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final PrintWriter out;

    private boolean restartsReplication;

    /** For a job whose replication the rollback starts again itself (Kafka Connect's connectors): the report says so. */
    public CutoverConsole restartsReplication() {
        this.restartsReplication = true;
        return this;
    }

    public CutoverConsole(PrintWriter out) {
        this.out = out;
    }

    private synchronized void line(Instant at, String text) {
        out.println(TIME.format(at) + "  " + text);
        out.flush();
    }

    @Override
    public void stepStarted(Step step, boolean undo, boolean recheck, Instant at) {
        line(at, (undo ? "undo  " : recheck ? "check " : "step  ") + step.name());
    }

    @Override
    public void stepFinished(StepTiming timing) {
        String duration = timing.duration().map(DowntimeReport::format).orElse("-");
        String outcome = switch (timing.outcome()) {
            case DONE -> "done";
            case UNDONE -> "undone";
            case FAILED -> "FAILED";
            case UNDO_FAILED -> "UNDO FAILED";
            case INTERRUPTED -> "interrupted";
        };
        line(timing.end() == null ? timing.start() : timing.end(), "      " + (timing.undo() ? "undo " : "") + timing.step()
                + ": " + outcome + " in " + duration + (timing.detail() == null || timing.succeeded() ? "" : ": " + timing.detail()));
    }

    @Override
    public void stepSkipped(Step step, String reason) {
        line(Instant.now(), "skip  " + step.name() + " (" + reason + ")");
    }

    @Override
    public void progress(Step step, String message) {
        line(Instant.now(), "      " + step.name() + ": " + message);
    }

    @Override
    public void warning(String message) {
        line(Instant.now(), "WARNING " + message);
    }

    /** The result, for people. */
    public List<String> report(Result result) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        switch (result.outcome()) {
            case COMPLETED -> lines.add("Cutover completed (run " + result.runId() + "): the applications run on the target.");
            case ROLLED_BACK -> {
                lines.add("Cutover rolled back (run " + result.runId() + "): the config files are restored, the source is"
                        + " writable and the applications were started on their old config.");
                failures(result, lines);
                lines.add((restartsReplication ? "Replication runs again: the connectors the cutover stopped were resumed"
                        + " from their offsets, so the target follows the source until the next cutover."
                        : "The replicator was stopped if the cutover got that far: start dbmove replicate again, so"
                        + " that the target follows the source until the next cutover.") + " Writes the applications"
                        + " made to the target between their start and the rollback are not on the source.");
            }
            case FAILED -> {
                lines.add("Cutover failed (run " + result.runId() + ") and was left as it is (--no-rollback).");
                failures(result, lines);
                lines.add("Fix the cause, then continue with dbmove cutover --resume, or undo it with dbmove cutover --rollback.");
            }
            case FAILED_ROLLBACK -> {
                lines.add("Cutover failed (run " + result.runId() + ") and its ROLLBACK FAILED too: some steps are not undone.");
                failures(result, lines);
                lines.add("Fix the cause, then run dbmove cutover --rollback again: it undoes only what is left.");
            }
            case PREFLIGHT_FAILED -> {
                lines.add("Cutover refused: nothing was stopped or changed. " + result.problems().size() + " problem(s):");
                result.problems().forEach(p -> lines.add("  - " + p));
            }
            case RUNNING -> lines.add("Cutover run " + result.runId() + " is still running.");
        }
        result.warnings().forEach(w -> lines.add("WARNING " + w));
        if (result.outcome() != dev.dbmove.cutover.runbook.RunOutcome.PREFLIGHT_FAILED && !result.steps().isEmpty()) {
            lines.add("");
            lines.addAll(result.downtime().toText().lines().toList());
        }
        return lines;
    }

    private static void failures(Result result, List<String> lines) {
        result.failures().forEach(f -> lines.add("  failed: " + f));
    }
}
