package dev.dbmove.cutover.runbook;

import dev.dbmove.testkit.ManualClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A step that writes what it does into a shared log ("run stop web", "check stop web", "undo stop web")
 * and fails where it is told to. Its "world" is one flag: whether its action is in effect.
 */
final class TestStep implements Step {
    /** Thrown instead of an exception to stand for the process dying mid-step. */
    static final class Crash extends Error {
        Crash() {
            super("the process died");
        }
    }

    private final String name;
    private final StepKind kind;
    private final List<String> log;
    private final ManualClock clock;
    private List<String> problems = List.of();
    private boolean undoable = true;
    private Duration takes = Duration.ZERO;
    private Duration undoTakes = Duration.ZERO;
    private int runFailures;
    private int checkFailures;
    private int undoFailures;
    private boolean crashInRun;
    private RuntimeException preflightThrows;
    boolean inEffect;
    final List<StepContext> contexts = new ArrayList<>();

    TestStep(String name, StepKind kind, List<String> log, ManualClock clock) {
        this.name = name;
        this.kind = kind;
        this.log = log;
        this.clock = clock;
    }

    TestStep problems(String... problems) {
        this.problems = List.of(problems);
        return this;
    }

    TestStep preflightThrows(RuntimeException e) {
        this.preflightThrows = e;
        return this;
    }

    TestStep notUndoable() {
        this.undoable = false;
        return this;
    }

    TestStep takes(long seconds) {
        this.takes = Duration.ofSeconds(seconds);
        return this;
    }

    TestStep undoTakes(long seconds) {
        this.undoTakes = Duration.ofSeconds(seconds);
        return this;
    }

    /** The next {@code n} actions throw, after having taken effect in part (the flag is set). */
    TestStep failRuns(int n) {
        this.runFailures = n;
        return this;
    }

    /** The next {@code n} checks throw. */
    TestStep failChecks(int n) {
        this.checkFailures = n;
        return this;
    }

    TestStep failUndos(int n) {
        this.undoFailures = n;
        return this;
    }

    /** The next action dies with the process, its effect in place. */
    TestStep crashInRun() {
        this.crashInRun = true;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StepKind kind() {
        return kind;
    }

    @Override
    public List<String> preflight() {
        log.add("preflight " + name);
        if (preflightThrows != null) {
            throw preflightThrows;
        }
        return problems;
    }

    @Override
    public void run(StepContext context) {
        contexts.add(context);
        log.add("run " + name);
        clock.advance(takes);
        inEffect = true;
        if (crashInRun) {
            crashInRun = false;
            throw new Crash();
        }
        if (runFailures > 0) {
            runFailures--;
            throw new IllegalStateException(name + " broke");
        }
    }

    @Override
    public void check(StepContext context) {
        log.add("check " + name);
        if (checkFailures > 0) {
            checkFailures--;
            throw new IllegalStateException(name + " did not take effect");
        }
        if (!inEffect) {
            throw new IllegalStateException(name + " is not in effect");
        }
    }

    @Override
    public void undo(StepContext context) {
        contexts.add(context);
        log.add("undo " + name);
        clock.advance(undoTakes);
        if (undoFailures > 0) {
            undoFailures--;
            throw new IllegalStateException("cannot undo " + name);
        }
        inEffect = false;
    }

    @Override
    public boolean undoable() {
        return undoable;
    }
}
