package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;

import java.util.List;

/**
 * A change arrived without columns that the source table no longer has (an ALTER TABLE
 * ... DROP COLUMN on the source). Nothing of the batch holding it was committed; the
 * replicator drops the columns on the target and resumes at that change.
 */
public final class ColumnsDroppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final TableId table;
    private final List<String> columns;

    public ColumnsDroppedException(TableId table, List<String> columns) {
        super("the source table " + table + " lost column(s) " + String.join(", ", columns) + " while streaming");
        this.table = table;
        this.columns = List.copyOf(columns);
    }

    public TableId table() {
        return table;
    }

    public List<String> columns() {
        return columns;
    }
}
