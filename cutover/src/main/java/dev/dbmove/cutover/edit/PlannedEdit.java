package dev.dbmove.cutover.edit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link FileEdit} would do to its file, worked out without touching it.
 *
 * @param path     the file as the job names it; never null
 * @param before   the file's text as read; empty when it could not be read
 * @param after    the text it would get; equal to {@code before} when nothing would change
 * @param diff     a unified diff from before to after, for the dry run; empty when equal
 * @param summary  one line for the operator, e.g. "sets production.host, production.port";
 *                 empty when there are problems
 * @param problems why the edit cannot be made; empty when it can
 */
public record PlannedEdit(Path path, String before, String after, String diff, String summary, List<EditProblem> problems) {
    public PlannedEdit {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(diff, "diff");
        Objects.requireNonNull(summary, "summary");
        problems = List.copyOf(problems);
    }

    /** True when the edit can be applied. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
