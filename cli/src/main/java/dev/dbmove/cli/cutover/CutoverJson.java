package dev.dbmove.cli.cutover;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbmove.cli.Json;
import dev.dbmove.cutover.runbook.DowntimeReport;
import dev.dbmove.cutover.runbook.Result;
import dev.dbmove.cutover.runbook.StepTiming;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A cutover's result as one JSON object: {@code runId}, {@code outcome}, {@code problems},
 * {@code failures}, {@code warnings}, {@code downtime} (windows with start, end, seconds and what
 * ended them; drain and verify seconds) and {@code steps} (every attempt with kind, undo, start,
 * end, seconds, outcome, detail). Durations are seconds with millisecond precision.
 */
public final class CutoverJson {
    private CutoverJson() {
    }

    public static String render(Result result) {
        ObjectNode root = Json.object();
        root.put("runId", result.runId());
        root.put("outcome", result.outcome().stored());
        result.problems().forEach(root.putArray("problems")::add);
        result.failures().forEach(root.putArray("failures")::add);
        result.warnings().forEach(root.putArray("warnings")::add);
        DowntimeReport report = result.downtime();
        ObjectNode downtime = root.putObject("downtime");
        window(downtime, "applicationsDown", report.downtime());
        window(downtime, "writeFreeze", report.writeFreeze());
        seconds(downtime, "drainSeconds", report.drain());
        seconds(downtime, "verifySeconds", report.verify());
        ArrayNode steps = root.putArray("steps");
        for (StepTiming s : report.steps()) {
            ObjectNode step = steps.addObject();
            step.put("step", s.step());
            step.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
            step.put("undo", s.undo());
            step.put("start", s.start().toString());
            step.put("end", s.end() == null ? null : s.end().toString());
            seconds(step, "seconds", s.duration());
            step.put("outcome", s.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            step.put("detail", s.detail());
        }
        return Json.write(root);
    }

    private static void window(ObjectNode parent, String name, Optional<DowntimeReport.Window> window) {
        if (window.isEmpty()) {
            parent.putNull(name);
            return;
        }
        ObjectNode node = parent.putObject(name);
        node.put("start", window.get().start().toString());
        node.put("end", window.get().end().toString());
        seconds(node, "seconds", Optional.of(window.get().duration()));
        node.put("endedBy", window.get().endedBy());
    }

    private static void seconds(ObjectNode parent, String name, Optional<Duration> duration) {
        if (duration.isEmpty()) {
            parent.putNull(name);
        } else {
            parent.put(name, duration.get().toMillis() / 1000.0);
        }
    }
}
