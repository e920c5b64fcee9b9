package dev.dbmove.cutover.runbook;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import dev.dbmove.core.state.CutoverJournalEntry;
import dev.dbmove.core.state.StateStore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The journal in the job's state schema in the target (table {@code cutover_journal}), through the {@link StateStore}. */
public final class StateJournal implements Journal {
    private final StateStore store;

    public StateJournal(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public String where() {
        return "state schema " + store.schema() + " in the target";
    }

    @Override
    public void append(JournalEntry entry) {
        store.appendJournal(new CutoverJournalEntry(entry.runId(), entry.seq(), entry.step(), entry.event().stored(),
                entry.at(), entry.detail()));
    }

    @Override
    public List<JournalEntry> read(String runId) {
        return store.journal(runId).stream().map(this::entry).toList();
    }

    @Override
    public Optional<String> latestRun() {
        return store.latestCutoverRun();
    }

    private JournalEntry entry(CutoverJournalEntry stored) {
        try {
            return JournalEntry.of(stored.runId(), stored.seq(), stored.step(), stored.event(), stored.at(), stored.detail());
        } catch (IllegalArgumentException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "entry " + stored.seq() + " of cutover run "
                    + stored.runId() + " in the " + where() + " is not one this dbmove knows: " + e.getMessage(),
                    "use the dbmove that began the run", e);
        }
    }
}
