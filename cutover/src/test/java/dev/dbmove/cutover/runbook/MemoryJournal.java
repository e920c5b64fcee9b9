package dev.dbmove.cutover.runbook;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A journal in a list, which can be told to fail from some append on. */
final class MemoryJournal implements Journal {
    final List<JournalEntry> entries = new ArrayList<>();
    private int appendsLeft = Integer.MAX_VALUE;

    /** Every append after the next {@code n} fails. */
    MemoryJournal failAfter(int n) {
        appendsLeft = n;
        return this;
    }

    @Override
    public void append(JournalEntry entry) {
        if (appendsLeft-- <= 0) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "disk full", "free some space");
        }
        entries.add(entry);
    }

    @Override
    public List<JournalEntry> read(String runId) {
        return entries.stream().filter(e -> e.runId().equals(runId)).toList();
    }

    @Override
    public Optional<String> latestRun() {
        return entries.stream().filter(e -> e.seq() == 1).reduce((a, b) -> b).map(JournalEntry::runId);
    }

    @Override
    public String where() {
        return "memory";
    }

    /** The entries as "step event" or "run outcome" lines, for assertions. */
    List<String> lines() {
        return lines(entries);
    }

    static List<String> lines(List<JournalEntry> entries) {
        return entries.stream().map(e -> (e.aboutRun() ? "run" : e.step()) + " " + e.event().stored()).toList();
    }
}
