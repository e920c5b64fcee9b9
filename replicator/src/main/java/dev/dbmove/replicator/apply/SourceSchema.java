package dev.dbmove.replicator.apply;

import dev.dbmove.core.TableId;

import java.util.List;
import java.util.Set;

/** The source catalog as the applier needs it when a table's row shape changes; each call reads the catalog. */
public interface SourceSchema {
    /** The table's column names now. */
    Set<String> currentColumns(TableId table);

    /** Columns whose mapped target type differs now from the one the target table was set up with. */
    List<String> retypedColumns(TableId table);

    /** A DDL statement the stream carried for the table (MySQL and MariaDB sources only). */
    default void ddl(TableId table, String statement) {
    }

    /**
     * Which of the columns gone from the table were renamed to which of the new ones, as far
     * as the source proves it (PostgreSQL keeps a renamed column's number; MySQL's binlog
     * carries the RENAME or CHANGE statement). Anything not proven is not a rename.
     */
    /**
     * True when {@link #renamedColumns} knows the truth for the table, so that columns it does
     * not call renamed were really dropped and added.
     */
    default boolean knowsRenames(TableId table) {
        return false;
    }

    default java.util.Map<String, String> renamedColumns(TableId table, List<String> gone, List<String> added) {
        return java.util.Map.of();
    }
}
