package dev.dbmove.core.schema;

import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.TableId;

import java.util.List;
import java.util.Optional;

/**
 * A source table translated for one target engine: its columns, its key and the statements that create it.
 * Run {@code createStatements} before the full load, {@code postLoadStatements} (secondary indexes and unique
 * constraints) after it, and {@code foreignKeyStatements} only once every table's post-load statements have run,
 * since a foreign key needs the referenced table's key in place.
 *
 * @param targetType the engine the statements are written for
 * @param primaryKey the target's primary key columns in order (the source's primary key, else its row key);
 *                   empty when the source table has neither
 * @param notes      what the translation could not carry over and why, one sentence each; empty when nothing
 */
public record TargetTable(TableId id, DatabaseType targetType, List<TargetColumn> columns, List<String> primaryKey,
                          List<String> createStatements, List<String> postLoadStatements,
                          List<String> foreignKeyStatements, List<String> notes) {
    public TargetTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        createStatements = List.copyOf(createStatements);
        postLoadStatements = List.copyOf(postLoadStatements);
        foreignKeyStatements = List.copyOf(foreignKeyStatements);
        notes = List.copyOf(notes);
    }

    public Optional<TargetColumn> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The columns the writer writes, in table order. */
    public List<TargetColumn> writtenColumns() {
        return columns.stream().filter(TargetColumn::written).toList();
    }
}
