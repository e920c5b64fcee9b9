package dev.dbmove.config;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A job file that cannot be used, with every problem found in it, so the user fixes them
 * all in one edit instead of one per run. The message lists each problem with its fix.
 */
public final class JobFileException extends DbmoveException {
    private static final long serialVersionUID = 1L;

    private final List<JobFileProblem> problems;

    /** @param problems at least one, all in the same file, in the order they should be shown */
    public JobFileException(List<JobFileProblem> problems) {
        super(ErrorCode.BAD_JOB_FILE, render(problems), summaryFix(problems));
        this.problems = List.copyOf(problems);
    }

    /** Never empty. */
    public List<JobFileProblem> problems() {
        return problems;
    }

    public Path file() {
        return problems.get(0).file();
    }

    /** The message already carries one fix per problem; repeating a summary fix would only add noise. */
    @Override
    public String describe() {
        return getMessage();
    }

    private static String render(List<JobFileProblem> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("a JobFileException needs at least one problem");
        }
        return problems.stream().map(JobFileProblem::describe).collect(Collectors.joining("\n"));
    }

    private static String summaryFix(List<JobFileProblem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).fix();
        }
        return "correct the " + problems.size() + " problems listed above in " + problems.get(0).file()
                + ", then run the command again";
    }
}
