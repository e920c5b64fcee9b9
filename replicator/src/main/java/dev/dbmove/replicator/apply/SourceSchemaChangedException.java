package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;

import java.util.List;

/**
 * A change showed that a source table's columns changed while streaming (ALTER TABLE ...
 * ADD, DROP, or a new type). Nothing of the batch holding it was committed; the replicator
 * changes the target table the same way and resumes at that change.
 */
public final class SourceSchemaChangedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What happened to the columns. */
    public enum Change { ADDED, DROPPED, RETYPED }

    private final TableId table;
    private final Change change;
    private final List<String> columns;

    public SourceSchemaChangedException(TableId table, Change change, List<String> columns) {
        super("the source table " + table + " " + switch (change) {
            case ADDED -> "gained column(s) ";
            case DROPPED -> "lost column(s) ";
            case RETYPED -> "changed the type of column(s) ";
        } + String.join(", ", columns) + " while streaming");
        this.table = table;
        this.change = change;
        this.columns = List.copyOf(columns);
    }

    public TableId table() {
        return table;
    }

    public Change change() {
        return change;
    }

    public List<String> columns() {
        return columns;
    }
}
