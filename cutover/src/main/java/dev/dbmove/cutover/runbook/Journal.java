package dev.dbmove.cutover.runbook;

import java.util.List;
import java.util.Optional;

/**
 * Where a cutover's steps are recorded as they happen, so that another process can resume the
 * run or roll it back. Failures are unchecked: a {@link dev.dbmove.core.DbmoveException} whose
 * message names the journal and the reason.
 */
public interface Journal {
    /** Appends an entry; it is durable when this returns. */
    void append(JournalEntry entry);

    /** Every entry of a run, by seq; empty when the run is unknown. Never null. */
    List<JournalEntry> read(String runId);

    /** The id of the run begun last; empty when there was none. */
    Optional<String> latestRun();

    /** Where the journal is, for messages, e.g. "file /srv/shop/cutover.jsonl". */
    String where();
}
