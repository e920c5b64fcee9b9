package dev.dbmove.cutover.steps;

import dev.dbmove.config.Command;
import dev.dbmove.config.Placeholders;
import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@code stop:} (or {@code start:}) commands, in order; its undo runs the other list.
 * The two lists are one step each because they undo each other only as wholes: undoing the
 * stop of the applications is starting them, on whatever configuration the files hold by then
 * (the undo of the rewrites, which comes first in reverse, has restored the old one).
 *
 * <p>Whether a command took effect cannot be checked from outside, so a resumed run runs an
 * interrupted step's commands again; {@code systemctl stop} and {@code start} may be repeated.
 */
final class CommandsStep implements Step {
    private final String name;
    private final StepKind kind;
    private final List<Command> commands;
    private final List<Command> undoCommands;
    private final Cutover cutover;
    private volatile boolean ranHere;

    CommandsStep(String name, StepKind kind, List<Command> commands, List<Command> undoCommands, Cutover cutover) {
        this.name = name;
        this.kind = kind;
        this.commands = List.copyOf(commands);
        this.undoCommands = List.copyOf(undoCommands);
        this.cutover = cutover;
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
    public String describe() {
        return name + ": " + String.join("; ", commands.stream().map(this::shown).toList())
                + (undoCommands.isEmpty() ? "" : " (undone by: " + String.join("; ", undoCommands.stream().map(this::shown).toList()) + ")");
    }

    @Override
    public List<String> preflight() {
        List<String> problems = new ArrayList<>();
        List<Command> all = new ArrayList<>(commands);
        all.addAll(undoCommands);
        for (Command command : all) {
            String line = shown(command);
            ShellCommand.whyNotFound(line, cutover.path()).ifPresent(why -> problems.add("the command '" + line
                    + "' cannot run: " + why + "; install it, or give its full path in the job file's cutover section"));
        }
        return problems;
    }

    @Override
    public void run(StepContext context) throws Exception {
        ranHere = false;
        runAll(commands, context);
        ranHere = true;
    }

    @Override
    public void check(StepContext context) {
        if (!ranHere) {
            throw new IllegalStateException("whether the commands took effect cannot be checked, so they run again");
        }
    }

    @Override
    public void undo(StepContext context) throws Exception {
        ranHere = false;
        runAll(undoCommands, context);
    }

    private void runAll(List<Command> which, StepContext context) throws Exception {
        for (Command command : which) {
            String line = shown(command);
            context.progress("running " + line);
            ShellCommand.Outcome outcome = ShellCommand.run(line, environment(command), command.timeout(), cutover.secrets());
            if (!outcome.succeeded()) {
                throw new IllegalStateException(outcome.failure(line, command.timeout()));
            }
        }
    }

    /** The command line with its placeholders filled in; it holds no password (the job file's loader refuses one). */
    private String shown(Command command) {
        return Placeholders.expand(command.run(), cutover.shownValues());
    }

    private Map<String, String> environment(Command command) {
        Map<String, String> env = new LinkedHashMap<>();
        command.env().forEach((key, template) -> env.put(key, Placeholders.expand(template, cutover.values())));
        return env;
    }
}
