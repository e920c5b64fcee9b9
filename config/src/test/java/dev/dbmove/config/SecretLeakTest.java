package dev.dbmove.config;

import dev.dbmove.core.DbmoveException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The password must not appear in anything the loader produces, whether the file is valid
 * or broken in any of a dozen ways, and whether the password is written in the file, taken
 * from the environment or read from a file.
 */
class SecretLeakTest {
    private static final String PASSWORD = "s3cr3t-Pa55w0rd";
    private static final String PASSWORD_LINE = "  password: s3cr3t-Pa55w0rd";

    @TempDir
    Path dir;

    /** How the password gets into the file: the value written after {@code password:}. */
    enum Source {
        LITERAL(PASSWORD),
        QUOTED("\"" + PASSWORD + "\""),
        ENV("${env:DB_PASSWORD}"),
        ENV_DEFAULT("${env:UNSET_VARIABLE:-" + PASSWORD + "}"),
        FILE("${file:secrets/db-password}");

        final String reference;

        Source(String reference) {
            this.reference = reference;
        }
    }

    /** Ways to break the file; each gets the password's reference and returns the whole file. */
    static Map<String, UnaryOperator<String>> brokenFiles() {
        Map<String, UnaryOperator<String>> files = new java.util.LinkedHashMap<>();
        files.put("valid", ref -> withPassword(ref));
        files.put("unknown key elsewhere", ref -> withPassword(ref).replace("  host: 127.0.0.1\n  port: 3306", "  hots: 127.0.0.1\n  port: 3306"));
        files.put("bad port and type", ref -> withPassword(ref).replace("port: 3306", "port: huge").replace("type: postgresql", "type: pg"));
        files.put("password is a list", ref -> withPassword("[" + ref + "]"));
        files.put("password is a block list", ref -> withPassword("\n    - " + ref + "\n    - other"));
        files.put("password is a mapping", ref -> withPassword("{" + ref + ": 1}"));
        files.put("syntax error elsewhere", ref -> withPassword(ref).replace("  user: dbmove", "  user: dbmove: x"));
        files.put("syntax error in the password", ref -> withPassword("*" + ref.replace("$", "").replace("{", "").replace("}", "")));
        files.put("unterminated quote after the password", ref -> withPassword(ref).replace("  database: shop\n  user: repl", "  database: \"shop\n  user: repl"));
        files.put("password starting with @", ref -> withPassword("@" + ref));
        files.put("password with unterminated ${", ref -> withPassword(unquoted(ref) + "${"));
        files.put("password with unknown interpolation", ref -> withPassword(unquoted(ref) + "${vault:" + PASSWORD + "}"));
        files.put("password with invalid variable name", ref -> withPassword("${env:" + PASSWORD + "}" + unquoted(ref)));
        files.put("duplicate password", ref -> withPassword(ref).replace(PASSWORD_LINE.replace(PASSWORD, ref),
                PASSWORD_LINE.replace(PASSWORD, ref) + "\n" + PASSWORD_LINE.replace(PASSWORD, ref)));
        files.put("misspelt password key", ref -> withPassword(ref).replace("  password: " + ref, "  pasword: " + ref));
        files.put("password at the top level", ref -> withPassword(ref) + "password: " + ref + "\n");
        files.put("schema on mariadb and missing user", ref -> withPassword(ref).replace("  user: repl", "  schema: x"));
        files.put("empty file apart from the password", ref -> "password: " + ref + "\n");
        files.put("document is a list with the password", ref -> "- password: " + ref + "\n");
        files.put("too many aliases", ref -> withPassword(ref) + "a: &a [1]\nb: [" + "*a,".repeat(25) + "*a]\n");
        return files;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        brokenFiles().forEach((name, file) -> {
            for (Source source : Source.values()) {
                cases.add(Arguments.of(name, source, file));
            }
        });
        return cases.stream();
    }

    private static String withPassword(String reference) {
        return JobFiles.VALID.replace(PASSWORD_LINE, "  password: " + reference);
    }

    private static String unquoted(String reference) {
        return reference.replace("\"", "");
    }

    @ParameterizedTest(name = "{0}, password {1}")
    @MethodSource("cases")
    void passwordNeverAppearsInWhatTheLoaderProduces(String name, Source source, UnaryOperator<String> file) {
        JobFiles files = new JobFiles(dir, Map.of("TARGET_PASSWORD", "target-pw", "DB_PASSWORD", PASSWORD));
        files.write("secrets/db-password", PASSWORD + "\n");
        Path jobFile = files.write("dbmove.yaml", file.apply(source.reference));

        Throwable thrown = catchThrowable(() -> {
            JobConfig config = files.loader().load(jobFile);
            assertThat(config.source().password().reveal()).isEqualTo(PASSWORD);
            assertNoPassword(config.toString(), config.source().toString(), config.target().toString(),
                    config.tables().toString(), config.names().toString(), String.valueOf(config.source().password()));
        });

        if ("valid".equals(name)) {
            assertThat(thrown).isNull();
            return;
        }
        assertThat(thrown).isInstanceOf(JobFileException.class);
        JobFileException e = (JobFileException) thrown;
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertNoPassword(e.getMessage(), e.describe(), e.fix(), e.toString(), e.getLocalizedMessage(), trace.toString());
        for (JobFileProblem problem : e.problems()) {
            assertNoPassword(problem.toString(), problem.problem(), problem.fix(), problem.keyPath(), problem.describe());
        }
    }

    @ParameterizedTest(name = "{0}, password {1}")
    @MethodSource("cases")
    void everyBrokenFileIsReportedAsAJobFileProblem(String name, Source source, UnaryOperator<String> file) {
        // Guards the test above: a case that loads by accident would check nothing.
        JobFiles files = new JobFiles(dir, Map.of("TARGET_PASSWORD", "target-pw", "DB_PASSWORD", PASSWORD));
        files.write("secrets/db-password", PASSWORD + "\n");
        Path jobFile = files.write("dbmove.yaml", file.apply(source.reference));
        if ("valid".equals(name)) {
            assertThat(files.loader().load(jobFile).source().password().reveal()).isEqualTo(PASSWORD);
        } else {
            assertThatThrownBy(() -> files.loader().load(jobFile)).isInstanceOf(JobFileException.class)
                    .isInstanceOf(DbmoveException.class);
        }
    }

    private static void assertNoPassword(String... texts) {
        for (String text : texts) {
            assertThat(text).doesNotContain(PASSWORD).doesNotContain("s3cr3t").doesNotContain("Pa55w0rd");
        }
    }
}
