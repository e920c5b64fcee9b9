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

    /** The table of a row the target cannot hold pauses, with the row's message. */
    static TablePausedException rejected(RowRejectedException r) {
        String again = "then restart dbmove replicate: " + r.table().name() + " is copied again while the other tables"
                + " stream";
        return new TablePausedException(r.table(), "a source value does not fit the target: " + r.getMessage(),
                r.fix() != null ? r.fix() + "; " + again
                        : "change the target column so that it holds the value, or the source value; " + again);
    }

    public TableId table() {
        return table;
    }

    public String fix() {
        return fix;
    }
}
