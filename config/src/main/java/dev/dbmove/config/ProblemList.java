package dev.dbmove.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one load, so validation can go on after the first one. */
final class ProblemList {
    private final Path file;
    private final List<JobFileProblem> problems = new ArrayList<>();

    ProblemList(Path file) {
        this.file = file;
    }

    void add(Node at, String keyPath, String problem, String fix) {
        add(at.getStartMark(), keyPath, problem, fix);
    }

    /** SnakeYAML marks count from 0; editors and compilers count from 1. */
    void add(Mark mark, String keyPath, String problem, String fix) {
        if (mark == null) {
            addForFile(problem, fix);
        } else {
            problems.add(new JobFileProblem(file, mark.getLine() + 1, mark.getColumn() + 1, keyPath, problem, fix));
        }
    }

    void addForFile(String problem, String fix) {
        problems.add(new JobFileProblem(file, 0, 0, "", problem, fix));
    }

    int size() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** In file order, whatever order the checks ran in; the sort is stable, so ties keep check order. */
    JobFileException exception() {
        List<JobFileProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(JobFileProblem::line).thenComparingInt(JobFileProblem::column));
        return new JobFileException(sorted);
    }
}
