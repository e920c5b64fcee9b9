package dev.dbmove.cutover.runbook;

import dev.dbmove.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DowntimeReportTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final List<String> log = new ArrayList<>();
    private final MemoryJournal journal = new MemoryJournal();

    // The clock moves only inside actions and undos, by the seconds given.
    private final TestStep stop = step("stop web", StepKind.STOP, 2);
    private final TestStep stopWorker = step("stop worker", StepKind.STOP, 1);
    private final TestStep freeze = step("freeze source", StepKind.FREEZE, 1);
    private final TestStep drain = step("drain", StepKind.DRAIN, 5).notUndoable();
    private final TestStep verify = step("verify", StepKind.VERIFY, 3).notUndoable();
    private final TestStep sequences = step("sync sequences", StepKind.SEQUENCES, 1);
    private final TestStep rewrite = step("rewrite app.env", StepKind.REWRITE, 1);
    private final TestStep startWorker = step("start worker", StepKind.START, 4);
    private final TestStep start = step("start web", StepKind.START, 2);
    private final TestStep health = step("health web", StepKind.HEALTH, 2).notUndoable();
    private final TestStep health2 = step("health worker", StepKind.HEALTH, 6).notUndoable();
    private final List<Step> plan = List.of(stop, stopWorker, freeze, drain, verify, sequences, rewrite, startWorker,
            start, health, health2);

    @Test
    void aCompletedRunIsDownFromTheFirstStopToTheFirstPassingHealthCheck() {
        DowntimeReport report = new Runbook(plan, journal, clock, Listener.NONE).run(true).downtime();

        // stop 0-2, stop worker 2-3, freeze 3-4, drain 4-9, verify 9-12, sequences 12-13, rewrite 13-14,
        // start worker 14-18, start web 18-20, health web 20-22, health worker 22-28
        assertThat(report.downtime()).hasValue(new DowntimeReport.Window(T0, at(22), "first passing health check"));
        assertThat(report.downtime().orElseThrow().duration()).isEqualTo(Duration.ofSeconds(22));
        assertThat(report.writeFreeze()).hasValue(new DowntimeReport.Window(at(3), at(20), "last start"));
        assertThat(report.drain()).hasValue(Duration.ofSeconds(5));
        assertThat(report.verify()).hasValue(Duration.ofSeconds(3));
        assertThat(report.steps()).extracting(t -> t.duration().orElseThrow().toSeconds())
                .containsExactly(2L, 1L, 1L, 5L, 3L, 1L, 1L, 4L, 2L, 2L, 6L);
        assertThat(report.steps().get(3)).isEqualTo(new StepTiming("drain", StepKind.DRAIN, false, at(4), at(9),
                StepTiming.Outcome.DONE, null));

        assertThat(report.toText(ZoneId.of("Europe/Berlin"))).isEqualTo("""
                Downtime report
                  applications down    22.0s  (first stop at 11:00:00.000 to first passing health check at 11:00:22.000)
                  source write freeze  17.0s  (freeze at 11:00:03.000 to last start at 11:00:20.000)
                  drain                5.0s
                  verify               3.0s
                  steps
                    11:00:00.000  stop web         stop       done         2.0s
                    11:00:02.000  stop worker      stop       done         1.0s
                    11:00:03.000  freeze source    freeze     done         1.0s
                    11:00:04.000  drain            drain      done         5.0s
                    11:00:09.000  verify           verify     done         3.0s
                    11:00:12.000  sync sequences   sequences  done         1.0s
                    11:00:13.000  rewrite app.env  rewrite    done         1.0s
                    11:00:14.000  start worker     start      done         4.0s
                    11:00:18.000  start web        start      done         2.0s
                    11:00:20.000  health web       health     done         2.0s
                    11:00:22.000  health worker    health     done         6.0s
                """);
    }

    @Test
    void aRolledBackRunIsDownUntilTheLastStopIsUndone() {
        health.failRuns(1);
        List.of(stop, stopWorker, freeze, sequences, rewrite, startWorker, start).forEach(s -> s.undoTakes(1));

        Result result = new Runbook(plan, journal, clock, Listener.NONE).run(true);
        DowntimeReport report = result.downtime();

        // ... health web fails 20-22; undo start web 22-23, start worker 23-24, rewrite 24-25, sequences 25-26,
        // freeze 26-27, stop worker 27-28, stop web 28-29
        assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(report.downtime()).hasValue(new DowntimeReport.Window(T0, at(29), "rollback"));
        assertThat(report.writeFreeze()).hasValue(new DowntimeReport.Window(at(3), at(27), "rollback"));
        assertThat(report.toText()).contains("  undo freeze source    freeze     undone       1.0s")
                .contains("  health web            health     failed       2.0s");
    }

    @Test
    void theTimesOfARunCountAcrossACrashAndItsResume() {
        drain.crashInRun();
        assertThatThrownBy(() -> new Runbook(plan, journal, clock, Listener.NONE).run(true))
                .isInstanceOf(TestStep.Crash.class);
        clock.advance(Duration.ofSeconds(60)); // the operator notices and resumes
        drain.failChecks(1);

        Result result = new Runbook(plan, journal, clock, Listener.NONE).resume(List.copyOf(journal.entries), true);

        // drain started at 4 and died at 9; resumed at 69: checked (failed), ran again 69-74, ...
        assertThat(result.outcome()).isEqualTo(RunOutcome.COMPLETED);
        DowntimeReport report = result.downtime();
        assertThat(report.steps()).filteredOn(t -> t.step().equals("drain")).extracting(StepTiming::outcome)
                .containsExactly(StepTiming.Outcome.INTERRUPTED, StepTiming.Outcome.DONE);
        assertThat(report.drain()).hasValue(Duration.ofSeconds(5));
        assertThat(report.downtime().orElseThrow().start()).isEqualTo(T0);
        assertThat(report.downtime().orElseThrow().end()).isEqualTo(at(87));
        assertThat(report.toText()).contains("drain            drain      interrupted  -");
    }

    @Test
    void withoutHealthChecksTheDowntimeEndsWithTheLastStartAndWithoutStopsThereIsNone() {
        DowntimeReport noHealth = new Runbook(List.of(stop, freeze, start), journal, clock, Listener.NONE).run(true)
                .downtime();
        assertThat(noHealth.downtime()).hasValue(new DowntimeReport.Window(T0, at(5), "last start"));

        DowntimeReport noStop = DowntimeReport.of(List.of(new StepTiming("verify", StepKind.VERIFY, false, T0, at(3),
                StepTiming.Outcome.DONE, null)));
        assertThat(noStop.downtime()).isEmpty();
        assertThat(noStop.writeFreeze()).isEmpty();
        assertThat(noStop.drain()).isEmpty();
        assertThat(noStop.verify()).hasValue(Duration.ofSeconds(3));
        assertThat(noStop.toText()).contains("applications down    not measured").contains("drain                -");
    }

    @Test
    void aFailedRunLeftAsItIsHasNoEndToItsDowntime() {
        health.failRuns(1);
        DowntimeReport report = new Runbook(plan, journal, clock, Listener.NONE).run(false).downtime();
        assertThat(report.downtime()).isEmpty();
        assertThat(report.writeFreeze()).hasValue(new DowntimeReport.Window(at(3), at(20), "last start"));
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(DowntimeReport.format(Duration.ZERO)).isEqualTo("0.0s");
        assertThat(DowntimeReport.format(Duration.ofMillis(849))).isEqualTo("0.8s");
        assertThat(DowntimeReport.format(Duration.ofMillis(12_350))).isEqualTo("12.4s");
        assertThat(DowntimeReport.format(Duration.ofMillis(59_960))).isEqualTo("1m00.0s");
        assertThat(DowntimeReport.format(Duration.ofSeconds(125))).isEqualTo("2m05.0s");
        assertThat(DowntimeReport.format(Duration.ofSeconds(3725))).isEqualTo("1h02m05.0s");
    }

    private TestStep step(String name, StepKind kind, long seconds) {
        return new TestStep(name, kind, log, clock).takes(seconds);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
