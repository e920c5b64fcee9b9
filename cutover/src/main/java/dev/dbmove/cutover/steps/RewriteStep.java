package dev.dbmove.cutover.steps;

import dev.dbmove.config.Placeholders;
import dev.dbmove.config.Rewrite;
import dev.dbmove.cutover.edit.AtomicFileWriter;
import dev.dbmove.cutover.edit.ConfigFormat;
import dev.dbmove.cutover.edit.FileEdit;
import dev.dbmove.cutover.edit.PlannedEdit;
import dev.dbmove.cutover.edit.RegexReplace;
import dev.dbmove.cutover.runbook.Step;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * One {@code rewrite:} entry: the file edited in place, atomically, after a backup.
 *
 * <p>What a resume or a rollback in another process needs is kept under the run's backup
 * directory: the original bytes (the first backup, which the undo puts back byte for byte) and
 * the text the file should hold once rewritten (which the check compares, and which tells a
 * resumed run that the rename already happened).
 */
final class RewriteStep implements Step {
    private static final String EXPECTED = "expected.txt";
    private static final String ORIGINALS = "originals";

    private final String name;
    private final int index;
    private final FileEdit edit;
    private final Cutover cutover;

    RewriteStep(String name, int index, Rewrite rewrite, Cutover cutover) {
        this.name = name;
        this.index = index;
        this.cutover = cutover;
        this.edit = edit(rewrite, cutover);
    }

    private static FileEdit edit(Rewrite rewrite, Cutover cutover) {
        Path file = Path.of(Placeholders.expand(rewrite.file(), cutover.shownValues()));
        if (rewrite.replace().isPresent()) {
            var replace = rewrite.replace().get();
            // The job file's replacement is literal text; RegexReplace reads $1 and \ as a Matcher does.
            return FileEdit.replace(file, new RegexReplace(replace.compile(cutover.shownValues()).pattern(),
                    Matcher.quoteReplacement(Placeholders.expand(replace.with(), cutover.shownValues()))));
        }
        Map<String, String> set = new LinkedHashMap<>();
        rewrite.set().forEach((key, value) -> set.put(Placeholders.expand(key, cutover.shownValues()),
                Placeholders.expand(value, cutover.shownValues())));
        ConfigFormat format = rewrite.format().flatMap(f -> ConfigFormat.named(f.configName())).orElse(null);
        return FileEdit.set(file, format, set);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StepKind kind() {
        return StepKind.REWRITE;
    }

    @Override
    public String describe() {
        PlannedEdit plan = plan();
        return name + ": " + (plan.ok() ? plan.summary() : "cannot be edited");
    }

    /** The edit worked out against the file as it is now; touches nothing. */
    PlannedEdit plan() {
        return edit.plan();
    }

    Path file() {
        return edit.path();
    }

    @Override
    public List<String> preflight() {
        return plan().problems().stream().map(p -> p.describe()).toList();
    }

    @Override
    public void run(StepContext context) throws Exception {
        Path dir = cutover.backups(context.runId(), index);
        Optional<String> expected = expected(dir);
        if (expected.isPresent() && edit.holds(expected.get())) {
            return;
        }
        PlannedEdit plan = plan();
        if (!plan.ok()) {
            throw new IllegalStateException(plan.problems().get(0).describe());
        }
        Files.createDirectories(dir);
        Path temporary = dir.resolve(EXPECTED + ".tmp");
        Files.writeString(temporary, plan.after(), StandardCharsets.UTF_8);
        Files.move(temporary, dir.resolve(EXPECTED), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path backup = edit.apply(plan, dir.resolve(ORIGINALS));
        context.progress(plan.summary() + "; the original is kept as " + backup);
    }

    @Override
    public void check(StepContext context) throws IOException {
        Optional<String> expected = expected(cutover.backups(context.runId(), index));
        if (expected.isEmpty() || !edit.holds(expected.get())) {
            throw new IllegalStateException(file() + " does not hold the rewritten text");
        }
    }

    @Override
    public void undo(StepContext context) throws IOException {
        Optional<Path> original = original(cutover.backups(context.runId(), index));
        if (original.isPresent()) {
            new AtomicFileWriter().restore(original.get(), file());
            context.progress("restored " + file() + " from " + original.get());
        }
    }

    private static Optional<String> expected(Path dir) throws IOException {
        Path file = dir.resolve(EXPECTED);
        return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** The first backup made in this run: the file as it was before the cutover touched it. */
    static Optional<Path> original(Path dir) throws IOException {
        Path originals = dir.resolve(ORIGINALS);
        if (!Files.isDirectory(originals)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(originals)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().findFirst();
        }
    }
}
