package dev.dbmove.config;

import dev.dbmove.core.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobFileExceptionTest {
    private static final Path FILE = Path.of("dbmove.yaml");

    private static final JobFileProblem TYPO =
            new JobFileProblem(FILE, 7, 3, "source.hots", "unknown key 'hots'", "did you mean 'host'?");
    private static final JobFileProblem EMPTY =
            new JobFileProblem(FILE, 0, 0, "", "the job file is empty", "write the job into it");

    @Test
    void formatsEachProblemCompilerStyleWithItsFixOnTheNextLine() {
        assertThat(TYPO.describe()).isEqualTo("dbmove.yaml:7:3: source.hots: unknown key 'hots'\n  fix: did you mean 'host'?");
        assertThat(EMPTY.describe()).isEqualTo("dbmove.yaml: the job file is empty\n  fix: write the job into it");
    }

    @Test
    void messageListsEveryProblemAndDescribeAddsNothing() {
        JobFileException e = new JobFileException(List.of(TYPO, EMPTY));

        assertThat(e.getMessage()).isEqualTo(TYPO.describe() + "\n" + EMPTY.describe());
        assertThat(e.describe()).isEqualTo(e.getMessage());
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_JOB_FILE);
        assertThat(e.code().exitCode()).isEqualTo(2);
        assertThat(e.problems()).containsExactly(TYPO, EMPTY);
        assertThat(e.fix()).contains("2 problems");
    }

    @Test
    void singleProblemsFixIsTheExceptionsFix() {
        assertThat(new JobFileException(List.of(TYPO)).fix()).isEqualTo("did you mean 'host'?");
    }

    @Test
    void needsAtLeastOneProblem() {
        assertThatThrownBy(() -> new JobFileException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void problemsAreSortedIntoFileOrder() {
        ProblemList problems = new ProblemList(FILE);
        problems.addForFile("whole file", "fix it");
        problems.add(new org.yaml.snakeyaml.error.Mark("x", 0, 9, 0, new int[0], 0), "b", "later", "f");
        problems.add(new org.yaml.snakeyaml.error.Mark("x", 0, 2, 4, new int[0], 0), "a", "earlier", "f");

        assertThat(problems.exception().problems()).extracting(JobFileProblem::line).containsExactly(0, 3, 10);
        assertThat(problems.exception().problems()).extracting(JobFileProblem::column).containsExactly(0, 5, 1);
    }

    @Test
    void quotingShortensAndShowsControlCharacters() {
        assertThat(YamlNodes.quote("a\tb\nc\u0007")).isEqualTo("'a\\tb\\nc\\u0007'");
        assertThat(YamlNodes.quote("x".repeat(100))).hasSize(60 + 5);
    }
}
