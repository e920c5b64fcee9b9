package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;

/**
 * A change to one table cannot be applied (a value the target cannot hold, a schema change
 * dbmove cannot repeat on the target): that table pauses, with the reason and the fix, and
 * the others keep streaming. Nothing of the batch holding the change was committed; a
 * paused table is copied again when replication next starts.
 */
public final class TablePausedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final TableId table;
    private final String fix;

    public TablePausedException(TableId table, String reason, String fix) {
        super(reason);
        this.table = table;
        this.fix = fix;
    }

    public TableId table() {
        return table;
    }

    public String fix() {
        return fix;
    }
}
