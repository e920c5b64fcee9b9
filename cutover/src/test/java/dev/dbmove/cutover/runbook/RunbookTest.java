package dev.dbmove.cutover.runbook;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunbookTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final List<String> log = new ArrayList<>();
    private final MemoryJournal journal = new MemoryJournal();
    private final List<String> heard = new ArrayList<>();
    private final Listener listener = new Listener() {
        @Override
        public void preflightFailed(List<String> problems) {
            heard.add("problems " + problems);
        }

        @Override
        public void stepStarted(Step step, boolean undo, boolean recheck, Instant at) {
            heard.add((undo ? "undo " : recheck ? "recheck " : "start ") + step.name());
        }

        @Override
        public void stepFinished(StepTiming timing) {
            heard.add("finished " + timing.step() + " " + timing.outcome());
        }

        @Override
        public void stepSkipped(Step step, String reason) {
            heard.add("skipped " + step.name() + ": " + reason);
        }

        @Override
        public void warning(String message) {
            heard.add("warning " + message);
        }
    };

    private final TestStep stop = step("stop web", StepKind.STOP);
    private final TestStep freeze = step("freeze source", StepKind.FREEZE);
    private final TestStep verify = step("verify", StepKind.VERIFY).notUndoable();
    private final TestStep rewrite = step("rewrite app.env", StepKind.REWRITE);
    private final TestStep start = step("start web", StepKind.START);
    private final List<Step> plan = List.of(stop, freeze, verify, rewrite, start);

    @Test
    void everyPreflightThenEveryStepWithItsCheckInOrder() {
        Result result = runbook(plan).run(true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.COMPLETED);
        assertThat(result.completed()).isTrue();
        assertThat(result.problems()).isEmpty();
        assertThat(result.failures()).isEmpty();
        assertThat(log).containsExactly("preflight stop web", "preflight freeze source", "preflight verify",
                "preflight rewrite app.env", "preflight start web",
                "run stop web", "check stop web", "run freeze source", "check freeze source", "run verify", "check verify",
                "run rewrite app.env", "check rewrite app.env", "run start web", "check start web");
        assertThat(journal.lines()).containsExactly("run running",
                "stop web started", "stop web done", "freeze source started", "freeze source done",
                "verify started", "verify done", "rewrite app.env started", "rewrite app.env done",
                "start web started", "start web done", "run completed");
        assertThat(journal.entries).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(journal.entries).extracting(JournalEntry::runId).containsOnly(result.runId());
        assertThat(journal.entries.get(0).detail()).isEqualTo(
                "5 steps: stop web, freeze source, verify, rewrite app.env, start web");
        assertThat(result.steps()).extracting(StepTiming::step).containsExactly("stop web", "freeze source", "verify",
                "rewrite app.env", "start web");
        assertThat(result.steps()).extracting(StepTiming::outcome).containsOnly(StepTiming.Outcome.DONE);
        assertThat(heard).startsWith("start stop web", "finished stop web DONE", "start freeze source");
        assertThat(stop.contexts.get(0).runId()).isEqualTo(result.runId());
        assertThat(stop.contexts.get(0).interrupted()).isFalse();
    }

    @Test
    void aPreflightProblemAnywhereTouchesNothingAndEveryProblemIsReported() {
        freeze.problems("the source user may not SET GLOBAL read_only: grant SUPER or SYSTEM_VARIABLES_ADMIN");
        start.problems("command 'systemctl' not found", "the unit shop-web.service does not exist");
        rewrite.preflightThrows(new IllegalStateException("app.env: permission denied"));

        Result result = runbook(plan).run(true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.PREFLIGHT_FAILED);
        assertThat(result.problems()).containsExactly(
                "freeze source: the source user may not SET GLOBAL read_only: grant SUPER or SYSTEM_VARIABLES_ADMIN",
                "rewrite app.env: the preflight itself failed: app.env: permission denied",
                "start web: command 'systemctl' not found",
                "start web: the unit shop-web.service does not exist");
        assertThat(log).allMatch(line -> line.startsWith("preflight ")).hasSize(5);
        assertThat(journal.lines()).containsExactly("run preflight-failed");
        assertThat(journal.entries.get(0).detail()).isEqualTo(String.join("\n", result.problems()));
        assertThat(result.steps()).isEmpty();
        assertThat(heard).containsExactly("problems " + result.problems());
    }

    @Test
    void aFailedActionUndoesItselfAndEveryDoneStepInReverse() {
        rewrite.failRuns(1);

        Result result = runbook(plan).run(true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(actions()).containsExactly("run stop web", "check stop web", "run freeze source", "check freeze source",
                "run verify", "check verify", "run rewrite app.env",
                "undo rewrite app.env", "undo freeze source", "undo stop web");
        assertThat(journal.lines()).containsExactly("run running",
                "stop web started", "stop web done", "freeze source started", "freeze source done",
                "verify started", "verify done", "rewrite app.env started", "rewrite app.env failed",
                "rewrite app.env undo-started", "rewrite app.env undone", "freeze source undo-started", "freeze source undone",
                "stop web undo-started", "stop web undone", "run rolled-back");
        assertThat(last(journal.entries).detail()).isEqualTo("step 'rewrite app.env' failed: rewrite app.env broke");
        assertThat(result.failures()).containsExactly("rewrite app.env: rewrite app.env broke");
        assertThat(heard).contains("skipped verify: nothing to undo");
        assertThat(List.of(stop, freeze, rewrite, start)).noneMatch(s -> s.inEffect);
        // The failed step's undo knows its action may have run in part; the others' actions were done.
        assertThat(last(rewrite.contexts).interrupted()).isTrue();
        assertThat(last(freeze.contexts).interrupted()).isFalse();
    }

    @Test
    void aFailedCheckIsAFailureOfItsStepAndItsActionIsUndoneToo() {
        freeze.failChecks(1);

        Result result = runbook(plan).run(true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(actions()).containsExactly("run stop web", "check stop web", "run freeze source", "check freeze source",
                "undo freeze source", "undo stop web");
        assertThat(result.failures()).containsExactly("freeze source: freeze source did not take effect");
    }

    @Test
    void withoutAutoRollbackAFailureLeavesEverythingAsItIs() {
        rewrite.failRuns(1);

        Result result = runbook(plan).run(false);

        assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(actions()).containsExactly("run stop web", "check stop web", "run freeze source", "check freeze source",
                "run verify", "check verify", "run rewrite app.env");
        assertThat(journal.lines()).endsWith("rewrite app.env started", "rewrite app.env failed", "run failed");
        assertThat(stop.inEffect).isTrue();
        assertThat(freeze.inEffect).isTrue();
        assertThat(start.inEffect).isFalse();
    }

    @Test
    void anUndoThatFailsIsReportedAndTheOthersAreStillMade() {
        start.failRuns(1);
        freeze.failUndos(1);
        rewrite.failUndos(1);

        Result result = runbook(plan).run(true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED_ROLLBACK);
        assertThat(actions()).endsWith("run start web", "undo start web", "undo rewrite app.env", "undo freeze source",
                "undo stop web");
        assertThat(journal.lines()).endsWith("start web failed", "start web undo-started", "start web undone",
                "rewrite app.env undo-started", "rewrite app.env undo-failed",
                "freeze source undo-started", "freeze source undo-failed",
                "stop web undo-started", "stop web undone", "run failed-rollback");
        assertThat(result.failures()).containsExactly("start web: start web broke",
                "undo rewrite app.env: cannot undo rewrite app.env", "undo freeze source: cannot undo freeze source");
        assertThat(stop.inEffect).isFalse();
        assertThat(freeze.inEffect).isTrue();
    }

    @Test
    void aResumedRunChecksTheInterruptedStepAndGoesOnWhenItHadTakenEffect() {
        Result first = runbook(plan).run(true);
        // The journal of a process that died right after journaling "started" for the rewrite, whose
        // action had taken effect (as the completed run left it).
        List<JournalEntry> cut = cutAfter(journal.entries, "rewrite app.env", StepEvent.STARTED);
        start.inEffect = false;
        log.clear();
        MemoryJournal next = new MemoryJournal();
        next.entries.addAll(cut);

        Result result = new Runbook(plan, next, clock, listener).resume(cut, true);

        assertThat(result.runId()).isEqualTo(first.runId());
        assertThat(result.outcome()).isEqualTo(RunOutcome.COMPLETED);
        assertThat(log).containsExactly("preflight start web", "check rewrite app.env", "run start web", "check start web");
        assertThat(MemoryJournal.lines(next.entries.subList(cut.size(), next.entries.size()))).containsExactly(
                "run running", "rewrite app.env started", "rewrite app.env done", "start web started", "start web done",
                "run completed");
        assertThat(next.entries).extracting(JournalEntry::seq).doesNotHaveDuplicates().isSorted();
        JournalEntry recheckDone = next.entries.get(cut.size() + 2);
        assertThat(recheckDone.detail()).isEqualTo("the interrupted attempt had taken effect");
        assertThat(heard).contains("skipped stop web: done before", "skipped verify: done before", "recheck rewrite app.env");
        // The attempt the crash cut short shows as interrupted; the whole run's steps are in the result.
        assertThat(result.steps()).extracting(t -> t.step() + " " + t.outcome()).containsExactly("stop web DONE",
                "freeze source DONE", "verify DONE", "rewrite app.env INTERRUPTED", "rewrite app.env DONE",
                "start web DONE");
    }

    @Test
    void aResumedRunRunsTheInterruptedActionAgainWhenItsCheckFails() {
        rewrite.crashInRun();
        assertThatThrownBy(() -> runbook(plan).run(true)).isInstanceOf(TestStep.Crash.class);
        assertThat(journal.lines()).endsWith("rewrite app.env started");
        rewrite.inEffect = false; // the crash came before the action took effect
        log.clear();

        Result result = runbook(plan).resume(List.copyOf(journal.entries), true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.COMPLETED);
        assertThat(log).containsExactly("preflight start web", "check rewrite app.env", "run rewrite app.env",
                "check rewrite app.env", "run start web", "check start web");
        assertThat(rewrite.contexts).extracting(StepContext::interrupted).containsExactly(false, true);
        assertThat(heard).contains("recheck rewrite app.env");
    }

    @Test
    void aRunThatFailedWithoutRollbackIsResumedAtTheFailedStep() {
        rewrite.failRuns(1);
        runbook(plan).run(false);
        log.clear();

        Result result = runbook(plan).resume(List.copyOf(journal.entries), true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.COMPLETED);
        // The failed action had set its flag before throwing, so its check passes and it is not run again.
        assertThat(log).containsExactly("preflight start web", "check rewrite app.env", "run start web", "check start web");
    }

    @Test
    void aFailureAfterAResumeRollsBackTheStepsDoneBeforeTheCrashToo() {
        rewrite.crashInRun();
        assertThatThrownBy(() -> runbook(plan).run(true)).isInstanceOf(TestStep.Crash.class);
        start.failRuns(1);
        log.clear();

        Result result = runbook(plan).resume(List.copyOf(journal.entries), true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(actions()).containsExactly("check rewrite app.env", "run start web", "undo start web",
                "undo rewrite app.env", "undo freeze source", "undo stop web");
    }

    @Test
    void aResumeRunsThePreflightsOfTheStepsNotBegunAndRefusesOnAProblem() {
        Result first = runbook(plan).run(true);
        List<JournalEntry> cut = cutAfter(journal.entries, "verify", StepEvent.DONE);
        start.problems("the unit shop-web.service does not exist");
        log.clear();
        MemoryJournal next = new MemoryJournal();

        Result result = new Runbook(plan, next, clock, listener).resume(cut, true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.PREFLIGHT_FAILED);
        assertThat(result.runId()).isEqualTo(first.runId());
        assertThat(result.problems()).containsExactly("start web: the unit shop-web.service does not exist");
        assertThat(log).containsExactly("preflight rewrite app.env", "preflight start web");
        assertThat(next.entries).isEmpty();
    }

    @Test
    void aResumeRefusesAPlanThatDiffersFromTheJournal() {
        runbook(plan).run(false);
        List<JournalEntry> cut = cutAfter(journal.entries, "verify", StepEvent.DONE);
        log.clear();
        List<Step> changed = List.of(stop, verify, freeze, rewrite, start);

        assertThatThrownBy(() -> runbook(changed).resume(cut, true)).isInstanceOf(DbmoveException.class)
                .hasMessageContaining("its journal reached the steps ['stop web', 'freeze source', 'verify']")
                .hasMessageContaining("the plan begins ['stop web', 'verify', 'freeze source', 'rewrite app.env']")
                .satisfies(e -> assertThat(((DbmoveException) e).fix()).contains("--rollback"));
        assertThat(log).isEmpty();
    }

    @Test
    void aResumeRefusesRunsThatHaveNothingToResume() {
        runbook(plan).run(true);
        List<JournalEntry> completed = List.copyOf(journal.entries);
        assertThatThrownBy(() -> runbook(plan).resume(completed, true)).isInstanceOf(DbmoveException.class)
                .hasMessageContaining("completed: there is nothing to resume");

        journal.entries.clear();
        start.failRuns(1);
        runbook(plan).run(true);
        List<JournalEntry> rolledBack = List.copyOf(journal.entries);
        assertThatThrownBy(() -> runbook(plan).resume(rolledBack, true)).isInstanceOf(DbmoveException.class)
                .hasMessageContaining("was rolled back");

        // A rollback that died half way: resuming would redo what it undid.
        List<JournalEntry> halfUndone = cutAfter(rolledBack, "rewrite app.env", StepEvent.UNDONE);
        assertThatThrownBy(() -> runbook(plan).resume(halfUndone, true)).isInstanceOf(DbmoveException.class)
                .hasMessageContaining("a rollback of cutover run").hasMessageContaining("began");

        journal.entries.clear();
        stop.problems("no");
        runbook(plan).run(true);
        List<JournalEntry> refused = List.copyOf(journal.entries);
        assertThatThrownBy(() -> runbook(plan).resume(refused, true)).isInstanceOf(DbmoveException.class)
                .hasMessageContaining("stopped at its preflight");
    }

    @Test
    void aRollbackUndoesEveryStepBegunInReverse() {
        rewrite.crashInRun();
        assertThatThrownBy(() -> runbook(plan).run(true)).isInstanceOf(TestStep.Crash.class);
        log.clear();

        Result result = runbook(plan).rollback(List.copyOf(journal.entries));

        assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(log).containsExactly("undo rewrite app.env", "undo freeze source", "undo stop web");
        assertThat(journal.lines()).endsWith("rewrite app.env started", "run running", "rewrite app.env undo-started",
                "rewrite app.env undone", "freeze source undo-started", "freeze source undone", "stop web undo-started",
                "stop web undone", "run rolled-back");
        assertThat(last(rewrite.contexts).interrupted()).isTrue();
        assertThat(last(stop.contexts).interrupted()).isFalse();
        assertThat(List.of(stop, freeze, rewrite)).noneMatch(s -> s.inEffect);
    }

    @Test
    void aCompletedRunIsRolledBackWholeAndASecondRollbackDoesNothing() {
        runbook(plan).run(true);
        log.clear();

        Result result = runbook(plan).rollback(List.copyOf(journal.entries));

        assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(log).containsExactly("undo start web", "undo rewrite app.env", "undo freeze source", "undo stop web");
        int entries = journal.entries.size();
        log.clear();

        Result again = runbook(plan).rollback(List.copyOf(journal.entries));

        assertThat(again.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(log).isEmpty();
        assertThat(journal.entries).hasSize(entries);
    }

    @Test
    void anInterruptedRollbackIsFinishedWithoutUndoingAgainWhatWasUndone() {
        start.failRuns(1);
        freeze.failUndos(1);
        runbook(plan).run(true);
        assertThat(journal.lines()).endsWith("run failed-rollback");
        log.clear();

        Result result = runbook(plan).rollback(List.copyOf(journal.entries));

        assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(log).containsExactly("undo freeze source");
        assertThat(heard).contains("skipped verify: nothing to undo");
    }

    @Test
    void aRollbackRefusesAJournalWithStepsThePlanLacksAndUndoesNothing() {
        runbook(plan).run(true);
        log.clear();
        List<Step> without = List.of(stop, verify, rewrite, start);

        assertThatThrownBy(() -> runbook(without).rollback(List.copyOf(journal.entries)))
                .isInstanceOf(DbmoveException.class).hasMessageContaining("['freeze source']");
        assertThat(log).isEmpty();
    }

    @Test
    void aJournalThatCannotTakeAStepsEntryFailsTheStepAndTheRollbackStillRuns() {
        journal.failAfter(5); // run running, stop started, stop done, freeze started, freeze done

        Result result = runbook(plan).run(true);

        assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(actions()).containsExactly("run stop web", "check stop web", "run freeze source", "check freeze source",
                "undo freeze source", "undo stop web");
        assertThat(result.failures()).singleElement().asString().startsWith("verify: disk full");
        assertThat(result.warnings()).isNotEmpty().allMatch(w -> w.startsWith("the journal (memory) could not record"));
        assertThat(heard).filteredOn(h -> h.startsWith("warning")).hasSameSizeAs(result.warnings());
        // The result still shows every attempt, journaled or not.
        assertThat(result.steps()).extracting(t -> t.step() + " " + t.outcome()).containsExactly("stop web DONE",
                "freeze source DONE", "verify FAILED", "freeze source UNDONE", "stop web UNDONE");
    }

    @Test
    void aJournalThatCannotTakeTheFirstEntryStopsTheRunBeforeAnything() {
        journal.failAfter(0);

        assertThatThrownBy(() -> runbook(plan).run(true)).isInstanceOf(DbmoveException.class).hasMessage("disk full");
        assertThat(actions()).isEmpty();
    }

    @Test
    void anInterruptFailsTheStepRollsBackAndIsPassedOn() {
        Step interrupted = new Step() {
            @Override
            public String name() {
                return "wait for drain";
            }

            @Override
            public StepKind kind() {
                return StepKind.DRAIN;
            }

            @Override
            public List<String> preflight() {
                return List.of();
            }

            @Override
            public void run(StepContext context) throws InterruptedException {
                throw new InterruptedException("sleep interrupted");
            }

            @Override
            public void check(StepContext context) {
            }

            @Override
            public void undo(StepContext context) {
                log.add("undo wait for drain, interrupted " + Thread.currentThread().isInterrupted());
            }
        };

        Result result = runbook(List.of(stop, interrupted)).run(true);

        try {
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(result.outcome()).isEqualTo(RunOutcome.ROLLED_BACK);
        assertThat(actions()).containsExactly("run stop web", "check stop web", "undo wait for drain, interrupted false",
                "undo stop web");
    }

    @Test
    void stepsMustHaveUniqueNames() {
        assertThatThrownBy(() -> runbook(List.of(stop, step("stop web", StepKind.STOP))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two steps are named 'stop web'");
        assertThatThrownBy(() -> runbook(List.of(step(" ", StepKind.OTHER))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no name");
    }

    // ---- helpers ----

    private TestStep step(String name, StepKind kind) {
        return new TestStep(name, kind, log, clock);
    }

    private Runbook runbook(List<Step> steps) {
        return new Runbook(steps, journal, clock, listener);
    }

    /** The log without preflights. */
    private List<String> actions() {
        return log.stream().filter(line -> !line.startsWith("preflight ")).toList();
    }

    /** The journal up to and including the first entry of {@code step} with {@code event}, as a crash would leave it. */
    static List<JournalEntry> cutAfter(List<JournalEntry> entries, String step, StepEvent event) {
        for (int i = 0; i < entries.size(); i++) {
            if (step.equals(entries.get(i).step()) && entries.get(i).event() == event) {
                return List.copyOf(entries.subList(0, i + 1));
            }
        }
        throw new AssertionError("no " + event + " of " + step + " in " + MemoryJournal.lines(entries));
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
