package dev.dbmove.cutover.runbook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How long the cutover kept the applications and their writes waiting, from the journal's
 * times (the whole run, across a crash and resume).
 *
 * @param downtime    the applications' write unavailability as they see it: from the start of
 *                    the first {@link StepKind#STOP} step to the end of the first passing
 *                    {@link StepKind#HEALTH} step; without one, to the end of the last undone stop
 *                    (a rollback), or, when the plan has no health check, to the end of the last
 *                    {@link StepKind#START} step; empty when nothing was stopped or nothing ended it yet
 * @param writeFreeze the source's write freeze: from the start of the first {@link StepKind#FREEZE}
 *                    step to the end of the last undone freeze (a rollback), else to the end of the
 *                    last {@link StepKind#START} step; empty likewise
 * @param drain       the time {@link StepKind#DRAIN} actions took, all attempts; empty when none ran
 * @param verify      the time {@link StepKind#VERIFY} actions took, all attempts; empty when none ran
 * @param steps       every attempt at an action or undo, in the order they began
 */
public record DowntimeReport(Optional<Window> downtime, Optional<Window> writeFreeze, Optional<Duration> drain,
                             Optional<Duration> verify, List<StepTiming> steps) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    /**
     * A stretch of time and what ended it.
     *
     * @param endedBy e.g. "first passing health check" or "rollback"
     */
    public record Window(Instant start, Instant end, String endedBy) {
        public Window {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(endedBy, "endedBy");
        }

        public Duration duration() {
            return Duration.between(start, end);
        }
    }

    public DowntimeReport {
        Objects.requireNonNull(downtime, "downtime");
        Objects.requireNonNull(writeFreeze, "writeFreeze");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(verify, "verify");
        steps = List.copyOf(steps);
    }

    public static DowntimeReport of(List<StepTiming> steps) {
        return new DowntimeReport(downtime(steps), writeFreeze(steps), total(steps, StepKind.DRAIN),
                total(steps, StepKind.VERIFY), steps);
    }

    /** The report for people, times in UTC. */
    public String toText() {
        return toText(ZoneOffset.UTC);
    }

    /** The report for people, times in {@code zone}. */
    public String toText(ZoneId zone) {
        DateTimeFormatter time = TIME.withZone(zone);
        StringBuilder out = new StringBuilder("Downtime report\n");
        out.append(line("applications down", downtime.map(w -> window(w, time, "first stop"))
                .orElse("not measured (nothing was stopped, or nothing has brought the applications back)")));
        out.append(line("source write freeze", writeFreeze.map(w -> window(w, time, "freeze"))
                .orElse("not measured (the source was not frozen, or is frozen still)")));
        out.append(line("drain", drain.map(DowntimeReport::format).orElse("-")));
        out.append(line("verify", verify.map(DowntimeReport::format).orElse("-")));
        out.append("  steps\n");
        int width = steps.stream().mapToInt(s -> s.step().length() + (s.undo() ? 5 : 0)).max().orElse(0);
        for (StepTiming s : steps) {
            String name = s.undo() ? "undo " + s.step() : s.step();
            out.append(String.format(Locale.ROOT, "    %s  %-" + width + "s  %-9s  %-11s  %s%n", time.format(s.start()),
                    name, s.kind().name().toLowerCase(Locale.ROOT), s.outcome().name().toLowerCase(Locale.ROOT)
                            .replace('_', '-'), s.duration().map(DowntimeReport::format).orElse("-")));
        }
        return out.toString();
    }

    /** A duration as people read it: {@code 0.8s}, {@code 12.3s}, {@code 2m05.0s}, {@code 1h02m05.0s}. */
    public static String format(Duration d) {
        long tenths = (d.toMillis() + 50) / 100;
        long hours = tenths / 36_000;
        long minutes = tenths / 600 % 60;
        long seconds = tenths / 10 % 60;
        if (hours > 0) {
            return String.format(Locale.ROOT, "%dh%02dm%02d.%ds", hours, minutes, seconds, tenths % 10);
        }
        if (minutes > 0) {
            return String.format(Locale.ROOT, "%dm%02d.%ds", minutes, seconds, tenths % 10);
        }
        return String.format(Locale.ROOT, "%d.%ds", seconds, tenths % 10);
    }

    private static String line(String label, String value) {
        return String.format(Locale.ROOT, "  %-20s %s%n", label, value);
    }

    private static String window(Window w, DateTimeFormatter time, String from) {
        return format(w.duration()) + "  (" + from + " at " + time.format(w.start()) + " to " + w.endedBy() + " at "
                + time.format(w.end()) + ")";
    }

    private static Optional<Window> downtime(List<StepTiming> steps) {
        Optional<Instant> start = firstStart(steps, StepKind.STOP);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> healthy = steps.stream().filter(action(StepKind.HEALTH, StepTiming.Outcome.DONE))
                .map(StepTiming::end).filter(end -> !end.isBefore(start.get())).min(Comparator.naturalOrder());
        if (healthy.isPresent()) {
            return Optional.of(new Window(start.get(), healthy.get(), "first passing health check"));
        }
        boolean checked = steps.stream().anyMatch(s -> !s.undo() && s.kind() == StepKind.HEALTH);
        return rolledBack(steps, start.get(), StepKind.STOP)
                .or(() -> checked ? Optional.empty() : lastStart(steps, start.get()));
    }

    private static Optional<Window> writeFreeze(List<StepTiming> steps) {
        return firstStart(steps, StepKind.FREEZE)
                .flatMap(start -> rolledBack(steps, start, StepKind.FREEZE).or(() -> lastStart(steps, start)));
    }

    /** From {@code start} to the end of the last undo of a {@code kind} step; empty when none was undone. */
    private static Optional<Window> rolledBack(List<StepTiming> steps, Instant start, StepKind kind) {
        return lastEnd(steps, s -> s.undo() && s.kind() == kind && s.outcome() == StepTiming.Outcome.UNDONE)
                .filter(end -> !end.isBefore(start)).map(end -> new Window(start, end, "rollback"));
    }

    /** From {@code start} to the end of the last done START step; empty when none is done. */
    private static Optional<Window> lastStart(List<StepTiming> steps, Instant start) {
        return lastEnd(steps, action(StepKind.START, StepTiming.Outcome.DONE)).filter(end -> !end.isBefore(start))
                .map(end -> new Window(start, end, "last start"));
    }

    private static Optional<Instant> firstStart(List<StepTiming> steps, StepKind kind) {
        return steps.stream().filter(s -> !s.undo() && s.kind() == kind).map(StepTiming::start)
                .min(Comparator.naturalOrder());
    }

    private static Optional<Instant> lastEnd(List<StepTiming> steps, Predicate<StepTiming> which) {
        return steps.stream().filter(which).map(StepTiming::end).max(Comparator.naturalOrder());
    }

    private static Predicate<StepTiming> action(StepKind kind, StepTiming.Outcome outcome) {
        return s -> !s.undo() && s.kind() == kind && s.outcome() == outcome;
    }

    private static Optional<Duration> total(List<StepTiming> steps, StepKind kind) {
        List<Duration> times = steps.stream().filter(s -> !s.undo() && s.kind() == kind && s.end() != null)
                .map(s -> s.duration().orElseThrow()).toList();
        return times.isEmpty() ? Optional.empty() : Optional.of(times.stream().reduce(Duration.ZERO, Duration::plus));
    }
}
