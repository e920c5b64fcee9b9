package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;

/**
 * A source value the target cannot hold (a NUL byte in PostgreSQL text, a number out of
 * the target column's range). The message names table, key and column; nothing of the
 * row is written and the source position does not move past it.
 */
public final class RowRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient TableId table;
    private final String fix;

    public RowRejectedException(TableId table, String message) {
        this(table, message, null);
    }

    /** @param fix what to change when it is not the value or the column (a server setting), or null */
    public RowRejectedException(TableId table, String message, String fix) {
        super(message);
        this.table = table;
        this.fix = fix;
    }

    /** What to change so that the row fits, when it is not the value or the column; else null. */
    public String fix() {
        return fix;
    }

    /** The source table the row belongs to. */
    public TableId table() {
        return table;
    }
}
