package dev.dbmove.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Files that are not a usable YAML mapping: each ends in a JobFileException, never a parser stack trace. */
class YamlParsingTest {
    @TempDir
    Path dir;

    private JobFileException failure(String yaml) {
        return new JobFiles(dir).failure(yaml);
    }

    @Test
    void syntaxErrorIsLocated() {
        JobFileException e = failure(JobFiles.VALID.replace("  user: repl", "  user: repl: other"));

        JobFileProblem problem = e.problems().get(0);
        assertThat(e.problems()).hasSize(1);
        assertThat(problem.line()).isEqualTo(7);
        assertThat(problem.column()).isEqualTo(13);
        assertThat(problem.keyPath()).isEmpty();
        assertThat(problem.problem()).isEqualTo("YAML syntax error: mapping values are not allowed here");
        assertThat(problem.fix()).contains("quote");
        assertThat(e.getMessage()).startsWith(dir.resolve("dbmove.yaml") + ":7:13: YAML syntax error");
    }

    @Test
    void unterminatedQuoteIsLocatedWithItsContext() {
        JobFileException e = failure("job: m\nsource:\n  host: \"db\n");

        assertThat(e.problems().get(0).problem()).isEqualTo(
                "YAML syntax error: found unexpected end of stream (while scanning a quoted scalar)");
        assertThat(e.problems().get(0).line()).isEqualTo(4);
    }

    @Test
    void tabIndentationGetsASpecificFix() {
        JobFileException e = failure("job: m\nsource:\n\thost: db\n");

        assertThat(e.problems().get(0).fix()).contains("spaces").contains("tabs");
        assertThat(e.problems().get(0).line()).isEqualTo(3);
    }

    @Test
    void duplicateKeyIsAnErrorEvenAtTheTopLevel() {
        JobFileException e = failure(JobFiles.VALID + "job: other\n");

        JobFileProblem problem = JobFiles.problemAt(e, "job");
        assertThat(problem.problem()).isEqualTo("duplicate key 'job'");
        assertThat(problem.fix()).contains("line 1");
        assertThat(problem.line()).isEqualTo(22);
    }

    @Test
    void aliasBombEndsQuicklyInAJobFileException() {
        String bomb = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """;

        JobFileException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> failure(bomb));

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).problem()).contains("more than 20 aliases");
    }

    @Test
    void aliasesWithinTheLimitAreNeverExpanded() {
        // 17 aliases: under the limit, so the file composes; the loader reports the list
        // where text belongs and the unknown keys without looking inside them.
        String yaml = JobFiles.VALID.replace("  user: repl", "  user: &u [a, b]")
                + "x: &x [*u, *u, *u, *u, *u, *u, *u, *u]\ny: [*x, *x, *x, *x, *x, *x, *x, *x, *x]\n";

        JobFileException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> failure(yaml));

        assertThat(e.problems()).extracting(JobFileProblem::keyPath).containsExactly("source.user", "x", "y");
    }

    @Test
    void deepNestingIsRejected() {
        JobFileException e = failure("job: " + "[".repeat(50) + "]".repeat(50) + "\n");

        assertThat(e.problems().get(0).problem()).contains("more than 20 levels");
    }

    @Test
    void emptyFileIsAnError() {
        JobFileException e = failure("");

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.problem()).isEqualTo("the job file is empty");
            assertThat(p.fix()).contains("dbmove init");
            assertThat(p.line()).isZero();
        });
        assertThat(e.getMessage()).isEqualTo(dir.resolve("dbmove.yaml") + ": the job file is empty\n  fix: "
                + "write the job into it; `dbmove init` writes a commented example");
    }

    @Test
    void fileWithOnlyCommentsIsEmpty() {
        assertThat(failure("# nothing yet\n\n   \n").problems().get(0).problem()).isEqualTo("the job file is empty");
    }

    @Test
    void documentThatIsAListIsNotAJob() {
        JobFileException e = failure("- job: m\n- source: x\n");

        JobFileProblem problem = e.problems().get(0);
        assertThat(problem.problem()).contains("must be a mapping").endsWith("but it is a list");
        assertThat(problem.line()).isEqualTo(1);
    }

    @Test
    void documentThatIsTextIsNotAJob() {
        assertThat(failure("just some words\n").problems().get(0).problem()).endsWith("but it is text");
        assertThat(failure("---\n").problems().get(0).problem()).endsWith("but it is no value");
    }

    @Test
    void secondDocumentIsASyntaxError() {
        JobFileException e = failure(JobFiles.VALID + "---\njob: other\n");

        assertThat(e.problems().get(0).problem()).contains("another document");
        assertThat(e.problems().get(0).line()).isEqualTo(22);
    }

    @Test
    void missingFileIsAnError() {
        JobFileException e = new JobFiles(dir).failure(dir.resolve("nope.yaml"));

        assertThat(e.getMessage()).isEqualTo(dir.resolve("nope.yaml") + ": cannot read the job file: no such file\n"
                + "  fix: check the path, or write a new job file with `dbmove init`");
        assertThat(e.file()).isEqualTo(dir.resolve("nope.yaml"));
    }

    @Test
    void directoryIsNotAJobFile() {
        JobFileException e = new JobFiles(dir).failure(dir);

        assertThat(e.problems().get(0).problem()).isEqualTo("cannot read the job file: is a directory");
    }

    @Test
    void fileThatIsNotUtf8IsAnError() throws Exception {
        Path file = dir.resolve("dbmove.yaml");
        Files.write(file, new byte[] {'j', 'o', 'b', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});

        assertThat(new JobFiles(dir).failure(file).problems().get(0).problem()).isEqualTo("the job file is not UTF-8 text");
    }

    @Test
    void hugeFileIsRejectedWithoutParsing() {
        JobFileException e = failure("# " + "x".repeat(YamlParser.MAX_CHARS) + "\n");

        assertThat(e.problems().get(0).problem()).contains("larger than");
    }

    @Test
    void yamlTagsCannotInstantiateClasses() {
        // SnakeYAML refuses global tags while composing; the loader never constructs objects anyway.
        JobFileException e = failure(JobFiles.VALID.replace("  tls:\n    mode: prefer",
                "  tls: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]"));

        JobFileProblem problem = e.problems().get(0);
        assertThat(problem.problem()).startsWith("YAML syntax error: Global tag is not allowed");
        assertThat(problem.fix()).contains("remove the tag");
        assertThat(problem.line()).isEqualTo(9);
        assertThat(problem.column()).isEqualTo(8);
    }
}
