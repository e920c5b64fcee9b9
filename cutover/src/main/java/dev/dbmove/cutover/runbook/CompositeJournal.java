package dev.dbmove.cutover.runbook;

import dev.dbmove.core.DbmoveException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Several journals as one, usually the state schema's and a local file's, so that a cutover
 * can be resumed or rolled back with either at hand.
 *
 * <p>An append succeeds when at least one journal takes the entry: a journal that fails is
 * reported as a warning and the cutover goes on, because stopping it half way would keep the
 * applications down longer than a missing copy of the journal costs. Reading merges the
 * journals by seq, so an entry one journal missed comes from another.
 */
public final class CompositeJournal implements Journal {
    private final List<Journal> journals;
    private final Consumer<String> warnings;

    /**
     * @param journals in order of preference: where two hold different entries under one seq, the first wins
     * @param warnings where a warning about a journal that failed goes
     */
    public CompositeJournal(List<Journal> journals, Consumer<String> warnings) {
        this.journals = List.copyOf(journals);
        if (this.journals.isEmpty()) {
            throw new IllegalArgumentException("no journals");
        }
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    @Override
    public String where() {
        return String.join(" and ", journals.stream().map(Journal::where).toList());
    }

    /** @throws DbmoveException the first journal's failure, with the others' suppressed, when every journal failed */
    @Override
    public void append(JournalEntry entry) {
        List<RuntimeException> failures = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Journal journal : journals) {
            try {
                journal.append(entry);
            } catch (RuntimeException e) {
                failures.add(e);
                failed.add("the cutover journal in the " + journal.where() + " missed entry " + entry.seq() + ": "
                        + describe(e));
            }
        }
        if (failures.size() == journals.size()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        failed.forEach(warnings);
    }

    /** @throws DbmoveException the first journal's failure, with the others' suppressed, when no journal could be read */
    @Override
    public List<JournalEntry> read(String runId) {
        Map<Long, JournalEntry> bySeq = new TreeMap<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (Journal journal : journals) {
            List<JournalEntry> entries;
            try {
                entries = journal.read(runId);
            } catch (RuntimeException e) {
                failures.add(e);
                warnings.accept("cannot read the cutover journal in the " + journal.where() + ": " + describe(e));
                continue;
            }
            for (JournalEntry entry : entries) {
                JournalEntry kept = bySeq.putIfAbsent(entry.seq(), entry);
                if (kept != null && !kept.equals(entry)) {
                    warnings.accept("the cutover journal in the " + journal.where() + " holds another entry " + entry.seq()
                            + " of run " + runId + " than the one before it; that one is used");
                }
            }
        }
        if (failures.size() == journals.size()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        return List.copyOf(bySeq.values());
    }

    /** The latest run any journal knows, by the time of its first entry. */
    @Override
    public Optional<String> latestRun() {
        List<String> candidates = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (Journal journal : journals) {
            try {
                journal.latestRun().filter(id -> !candidates.contains(id)).ifPresent(candidates::add);
            } catch (RuntimeException e) {
                failures.add(e);
                warnings.accept("cannot read the cutover journal in the " + journal.where() + ": " + describe(e));
            }
        }
        if (failures.size() == journals.size()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        if (candidates.size() <= 1) {
            return candidates.stream().findFirst();
        }
        return candidates.stream().max(Comparator.comparing(id -> read(id).get(0).at()));
    }

    private static String describe(RuntimeException e) {
        return e instanceof DbmoveException d ? d.getMessage() : String.valueOf(e.getMessage());
    }
}
