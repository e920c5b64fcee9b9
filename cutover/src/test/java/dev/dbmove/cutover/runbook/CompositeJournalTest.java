package dev.dbmove.cutover.runbook;

import dev.dbmove.core.DbmoveException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompositeJournalTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final MemoryJournal state = new MemoryJournal();
    private final MemoryJournal file = new MemoryJournal();
    private final List<String> warnings = new ArrayList<>();
    private final CompositeJournal both = new CompositeJournal(List.of(state, file), warnings::add);

    @Test
    void everyEntryGoesToEveryJournal() {
        entries("a", 3).forEach(both::append);
        assertThat(state.entries).isEqualTo(file.entries).hasSize(3);
        assertThat(both.read("a")).isEqualTo(state.entries);
        assertThat(warnings).isEmpty();
        assertThat(both.where()).isEqualTo("memory and memory");
    }

    @Test
    void aJournalThatFailsIsAWarningWhileAnotherTakesTheEntry() {
        state.failAfter(1);
        List<JournalEntry> entries = entries("a", 3);
        entries.forEach(both::append);

        assertThat(file.entries).isEqualTo(entries);
        assertThat(state.entries).hasSize(1);
        assertThat(warnings).hasSize(2).first().asString()
                .isEqualTo("the cutover journal in the memory missed entry 2: disk full");
    }

    @Test
    void whenEveryJournalFailsTheAppendFails() {
        state.failAfter(0);
        file.failAfter(0);
        assertThatThrownBy(() -> both.append(entries("a", 1).get(0))).isInstanceOf(DbmoveException.class)
                .hasMessage("disk full").satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    @Test
    void readingMergesTheJournalsBySeqSoThatAnEntryOneMissedComesFromTheOther() {
        List<JournalEntry> entries = entries("a", 5);
        state.entries.addAll(List.of(entries.get(0), entries.get(2), entries.get(3)));
        file.entries.addAll(List.of(entries.get(0), entries.get(1), entries.get(2)));
        // The file missed the last two, the state the second: together they have the first four.
        assertThat(both.read("a")).containsExactlyElementsOf(entries.subList(0, 4));
        assertThat(warnings).isEmpty();
    }

    @Test
    void theLatestRunIsTheOneBegunLastInAnyJournal() {
        List<JournalEntry> older = entries("older", 2);
        List<JournalEntry> newer = new ArrayList<>();
        for (JournalEntry e : entries("newer", 2)) {
            newer.add(new JournalEntry(e.runId(), e.seq(), e.step(), e.event(), e.at().plusSeconds(3600), e.detail()));
        }
        state.entries.addAll(older);
        file.entries.addAll(older);
        file.entries.addAll(newer); // the state was unreachable when the newer run began
        assertThat(both.latestRun()).contains("newer");
        assertThat(new CompositeJournal(List.of(state), warnings::add).latestRun()).contains("older");
    }

    /** A run's first {@code n} entries: the run's start, then steps started. */
    private static List<JournalEntry> entries(String run, int n) {
        List<JournalEntry> entries = new ArrayList<>();
        entries.add(new JournalEntry(run, 1, null, RunOutcome.RUNNING, T0, null));
        for (int seq = 2; seq <= n; seq++) {
            entries.add(new JournalEntry(run, seq, "step " + seq, StepEvent.STARTED, T0.plusSeconds(seq), null));
        }
        return entries;
    }
}
