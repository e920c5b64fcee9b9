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
    public enum Change { ADDED, DROPPED, RETYPED, RENAMED }

    private final TableId table;
    private final Change change;
    private final List<String> columns;
    private final java.util.Map<String, String> renames;

    public SourceSchemaChangedException(TableId table, Change change, List<String> columns) {
        super("the source table " + table + " " + switch (change) {
            case ADDED -> "gained column(s) ";
            case DROPPED -> "lost column(s) ";
            case RETYPED -> "changed the type of column(s) ";
            case RENAMED -> "renamed column(s) ";
        } + String.join(", ", columns) + " while streaming");
        this.table = table;
        this.change = change;
        this.columns = List.copyOf(columns);
        this.renames = java.util.Map.of();
    }

    /** Columns renamed: old name to new name. */
    public SourceSchemaChangedException(TableId table, java.util.Map<String, String> renames) {
        super("the source table " + table + " renamed column(s) " + renames.entrySet().stream()
                .map(e -> e.getKey() + " to " + e.getValue()).collect(java.util.stream.Collectors.joining(", "))
                + " while streaming");
        this.table = table;
        this.change = Change.RENAMED;
        this.columns = List.copyOf(renames.values());
        this.renames = java.util.Map.copyOf(renames);
    }

    public java.util.Map<String, String> renames() {
        return renames;
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
