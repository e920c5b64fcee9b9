package dev.dbmove.replicator.apply;

/**
 * A source value the target cannot hold (a NUL byte in PostgreSQL text, a number out of
 * the target column's range). The message names table, key and column; nothing of the
 * row is written and the source position does not move past it.
 */
public final class RowRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RowRejectedException(String message) {
        super(message);
    }
}
