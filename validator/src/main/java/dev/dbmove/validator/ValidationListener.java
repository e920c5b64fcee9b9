package dev.dbmove.validator;

/** Progress of a validation, for a terminal or a log. Called from worker threads. */
public interface ValidationListener {
    ValidationListener NONE = new ValidationListener() {
    };

    /** The tables are known; {@code estimatedRows} is the source catalog's estimate, -1 when unknown. */
    default void tableStarted(String table, long estimatedRows) {
    }

    /** A chunk of a table was compared: rows counted on the source and the target. */
    default void chunkCompared(String table, long sourceRows, long targetRows) {
    }

    /** Rows that differed are being re-checked after replication caught up. */
    default void rechecking(String table, int rows) {
    }

    default void tableFinished(TableResult result) {
    }

    /** Rows are being copied again by {@code --repair}. */
    default void repairing(String table, long rows) {
    }
}
