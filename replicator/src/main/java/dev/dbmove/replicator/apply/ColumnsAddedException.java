package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;

import java.util.List;

/**
 * A change arrived with columns its table did not have when replication started (an
 * ALTER TABLE ... ADD COLUMN on the source). Nothing of the batch holding it was committed;
 * the replicator adds the columns to the target and resumes at that change.
 */
public final class ColumnsAddedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final TableId table;
    private final List<String> columns;

    public ColumnsAddedException(TableId table, List<String> columns) {
        super("the source table " + table + " gained column(s) " + String.join(", ", columns) + " while streaming");
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
