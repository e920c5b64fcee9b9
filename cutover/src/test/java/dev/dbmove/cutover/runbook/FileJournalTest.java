package dev.dbmove.cutover.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.core.DbmoveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileJournalTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456Z");
    private static final String A = "5f0c9a52-1c1e-4d4b-9a53-2b1f0d3c7e01";
    private static final String B = "0a7d3e11-8b2c-4f6a-b9d0-6c5e4f3a2b10";

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void entriesAreAppendedOneALineAndReadBackPerRun() throws IOException {
        Path file = dir.resolve("state/shop/cutover-journal.jsonl");
        FileJournal journal = new FileJournal(file, warnings::add);
        assertThat(journal.read(A)).isEmpty();
        assertThat(journal.latestRun()).isEmpty();

        List<JournalEntry> a = List.of(
                new JournalEntry(A, 1, null, RunOutcome.RUNNING, T0, "2 steps: stop shop-web, freeze source"),
                new JournalEntry(A, 2, "stop shop-web", StepEvent.STARTED, T0.plusMillis(1), null),
                new JournalEntry(A, 3, "stop shop-web", StepEvent.FAILED, T0.plusSeconds(2),
                        "exit 1: Unit 'shop-web.service' — ünïcödé 表 🚀\nsecond line\twith \"quotes\" and \\ and \u0000"),
                new JournalEntry(A, 4, null, RunOutcome.FAILED, T0.plusSeconds(3), null));
        List<JournalEntry> b = List.of(
                new JournalEntry(B, 1, null, RunOutcome.RUNNING, T0.plusSeconds(10), null),
                new JournalEntry(B, 2, "o'brien", StepEvent.UNDO_STARTED, T0.plusSeconds(11), null));
        journal.append(a.get(0));
        journal.append(a.get(1));
        journal.append(b.get(0));
        journal.append(a.get(2));
        journal.append(b.get(1));
        journal.append(a.get(3));

        FileJournal reopened = new FileJournal(file, warnings::add);
        assertThat(reopened.read(A)).containsExactlyElementsOf(a);
        assertThat(reopened.read(B)).containsExactlyElementsOf(b);
        assertThat(reopened.latestRun()).contains(B);
        assertThat(reopened.readAll()).hasSize(6);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(6);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("run").asText()).isEqualTo(A);
        assertThat(first.get("seq").asLong()).isEqualTo(1);
        assertThat(first.get("at").asText()).isEqualTo("2025-03-01T10:15:30.123456Z");
        assertThat(first.get("step").isNull()).isTrue();
        assertThat(first.get("event").asText()).isEqualTo("running");
        assertThat(lines.get(3)).contains("ünïcödé 表 🚀").contains("\\n");
        assertThat(warnings).isEmpty();
    }

    @Test
    void anIncompleteLastLineFromACrashIsIgnoredWithAWarningAndCutOffByTheNextAppend() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        FileJournal journal = new FileJournal(file, warnings::add);
        JournalEntry one = new JournalEntry(A, 1, null, RunOutcome.RUNNING, T0, null);
        JournalEntry two = new JournalEntry(A, 2, "stop shop-web", StepEvent.STARTED, T0.plusSeconds(1), null);
        journal.append(one);
        journal.append(two);
        String whole = Files.readString(file);
        Files.writeString(file, "{\"run\":\"" + A + "\",\"seq\":3,\"at\":\"2025-03-", StandardOpenOption.APPEND);

        assertThat(journal.read(A)).containsExactly(one, two);
        assertThat(warnings).singleElement().asString().contains("ignored the incomplete last line")
                .contains(file.toString()).contains("line 3");

        JournalEntry three = new JournalEntry(A, 3, "stop shop-web", StepEvent.DONE, T0.plusSeconds(2), null);
        journal.append(three);
        assertThat(warnings).hasSize(2).last().asString().contains("cut off the incomplete last line");
        assertThat(Files.readString(file)).startsWith(whole).endsWith("}\n");
        assertThat(journal.read(A)).containsExactly(one, two, three);
        assertThat(warnings).hasSize(2);
    }

    @Test
    void aLineCutOffInTheMiddleOfACharacterIsStillOnlyAWarning() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        FileJournal journal = new FileJournal(file, warnings::add);
        JournalEntry one = new JournalEntry(A, 1, null, RunOutcome.RUNNING, T0, "表");
        journal.append(one);
        byte[] partial = "{\"run\":\"x\",\"detail\":\"表".getBytes(StandardCharsets.UTF_8);
        Files.write(file, java.util.Arrays.copyOf(partial, partial.length - 1), StandardOpenOption.APPEND);

        assertThat(journal.read(A)).containsExactly(one);
        assertThat(warnings).hasSize(1);
    }

    @Test
    void aDamagedLineBeforeTheLastIsAnErrorThatNamesIt() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        FileJournal journal = new FileJournal(file, warnings::add);
        journal.append(new JournalEntry(A, 1, null, RunOutcome.RUNNING, T0, null));
        Files.writeString(file, "{\"run\":\"" + A + "\",\"seq\":2,\"at\":\"yesterday\",\"step\":\"s\",\"event\":\"started\"}\n",
                StandardOpenOption.APPEND);
        Files.writeString(file, "{\"run\":\"" + A + "\",\"seq\":3,\"at\":\"" + T0 + "\",\"event\":\"failed\"}\n",
                StandardOpenOption.APPEND);

        assertThatThrownBy(() -> journal.read(A)).isInstanceOf(DbmoveException.class)
                .hasMessageContaining("line 2 of the cutover journal " + file).hasMessageContaining("yesterday");
        // Nothing is appended to a damaged journal either.
        assertThatThrownBy(() -> journal.append(new JournalEntry(A, 4, null, RunOutcome.FAILED, T0, null)))
                .isInstanceOf(DbmoveException.class).hasMessageContaining("line 2");

        Files.writeString(file, "{\"run\":\"" + A + "\",\"seq\":1,\"at\":\"" + T0 + "\",\"event\":\"exploded\"}\n");
        assertThatThrownBy(() -> journal.read(A)).isInstanceOf(DbmoveException.class)
                .hasMessageContaining("line 1").hasMessageContaining("unknown run outcome 'exploded'");

        Files.writeString(file, "not json\n");
        assertThatThrownBy(() -> journal.read(A)).isInstanceOf(DbmoveException.class).hasMessageContaining("line 1");
    }

    @Test
    void anEntryThatWouldNotComeLastInItsRunIsRefused() {
        FileJournal journal = new FileJournal(dir.resolve("journal.jsonl"), warnings::add);
        journal.append(new JournalEntry(A, 1, null, RunOutcome.RUNNING, T0, null));
        journal.append(new JournalEntry(A, 2, "s", StepEvent.STARTED, T0, null));
        journal.append(new JournalEntry(B, 1, null, RunOutcome.RUNNING, T0, null));

        assertThatThrownBy(() -> journal.append(new JournalEntry(A, 2, "s", StepEvent.DONE, T0, null)))
                .isInstanceOf(DbmoveException.class).hasMessageContaining("entry 2 of cutover run " + A)
                .hasMessageContaining("another dbmove");
        assertThat(journal.read(A)).hasSize(2);
        journal.append(new JournalEntry(B, 2, "s", StepEvent.STARTED, T0, null));
        assertThat(journal.read(B)).hasSize(2);
    }

    @Test
    void aJournalThatCannotBeWrittenSaysWhereAndWhy() throws IOException {
        Path blocked = dir.resolve("not-a-directory");
        Files.writeString(blocked, "x");
        FileJournal journal = new FileJournal(blocked.resolve("journal.jsonl"), warnings::add);

        assertThatThrownBy(() -> journal.append(new JournalEntry(A, 1, null, RunOutcome.RUNNING, T0, null)))
                .isInstanceOf(DbmoveException.class).hasMessageContaining("cannot write the cutover journal "
                        + blocked.resolve("journal.jsonl"));
    }
}
