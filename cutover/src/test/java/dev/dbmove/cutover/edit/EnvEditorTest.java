package dev.dbmove.cutover.edit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;

import static dev.dbmove.cutover.edit.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EnvEditorTest {
    private static final LinkedHashMap<String, String> SHOP = map(
            "DATABASE_URL", "postgres://shop@db2.internal:5432/shop",
            "DATABASE_HOST", "db2.internal",
            "DATABASE_PASSWORD", "n3w$ecret #1",
            "EMPTY", "with space",
            "DATABASE_PORT", "5432");

    private final ConfigEditor editor = ConfigFormat.ENV.editor();

    @TempDir
    Path dir;

    @Test
    void exportQuotingSpacingAndCommentsAreKeptAndAMissingKeyIsAppended() throws EditException {
        assertThat(editor.apply(Golden.read("env/app.in.env"), SHOP)).isEqualTo(Golden.read("env/app.out.env"));
    }

    @Test
    void crlfLineEndingsAreKept() throws EditException {
        assertThat(editor.apply(Golden.crlf(Golden.read("env/app.in.env")), SHOP)).isEqualTo(Golden.crlf(Golden.read("env/app.out.env")));
    }

    @Test
    void valuesThatAreAlreadySetLeaveTheTextAsItWas() throws EditException {
        String original = Golden.read("env/app.in.env");

        assertThat(editor.apply(original, map("DATABASE_URL", "postgres://shop@db1.internal:5432/shop",
                "DATABASE_PASSWORD", "old$ecret", "EMPTY", "", "REDIS_URL", "redis://cache:6379/0"))).isEqualTo(original);
    }

    @Test
    void quotesAreChosenSoThatTheValueStaysLiteral() throws EditException {
        assertThat(editor.apply("A=x\n", map("A", "two words"))).isEqualTo("A=\"two words\"\n");
        assertThat(editor.apply("A=x\n", map("A", "pa$$"))).isEqualTo("A='pa$$'\n");
        assertThat(editor.apply("A=\"x\"\n", map("A", "pa$$"))).isEqualTo("A='pa$$'\n");
        assertThat(editor.apply("A='x'\n", map("A", "it's"))).isEqualTo("A=\"it's\"\n");
        assertThat(editor.apply("A='x'\n", map("A", "plain"))).isEqualTo("A='plain'\n");
        assertThat(editor.apply("A=x\n", map("A", "it's \"quoted\""))).isEqualTo("A=\"it's \\\"quoted\\\"\"\n");
        assertThatThrownBy(() -> editor.apply("A=x\n", map("A", "it's $x")))
                .isInstanceOf(EditException.class).hasMessageContaining("both a single quote and $");
        assertThatThrownBy(() -> editor.apply("A=x\n", map("A", "two\nlines"))).hasMessageContaining("line break");
    }

    @Test
    void multiLineValueIsRefusedAndItsLinesAreNotTakenForKeys() throws EditException {
        assertThatThrownBy(() -> editor.apply(Golden.read("env/app.in.env"), map("MULTI", "x")))
                .hasMessageContaining("spans several lines");
        assertThat(editor.apply("A=\"x\nB=1\"\n", map("B", "2"))).isEqualTo("A=\"x\nB=1\"\nB=2\n");
    }

    @Test
    void appendedVariableFollowsTheFilesStyleAndMustBeAValidName() throws EditException {
        assertThat(editor.apply("export A = 1", map("B", "2"))).isEqualTo("export A = 1\nexport B = 2\n");
        assertThatThrownBy(() -> editor.apply("A=1\n", map("BAD-NAME", "2"))).hasMessageContaining("not a valid variable name");
    }

    @Test
    void theShellReadsBackEveryValue() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        for (String old : new String[] {"DB=old", "DB='old'", "export DB=\"old\""}) {
            for (String value : Golden.TRICKY) {
                String edited;
                try {
                    edited = editor.apply(old + "\n", map("DB", value));
                } catch (EditException refused) {
                    assertThat(value).contains("\n");
                    continue;
                }
                Path file = Files.writeString(dir.resolve("test.env"), edited);
                assertThat(shellValue(file)).as(edited).isEqualTo(value);
            }
        }
    }

    private static String shellValue(Path file) throws IOException, InterruptedException {
        Process shell = new ProcessBuilder("/bin/sh", "-c", "set -a; . \"$1\"; printf %s \"$DB\"", "sh", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
