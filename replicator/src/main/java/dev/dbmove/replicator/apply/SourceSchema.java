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
}
