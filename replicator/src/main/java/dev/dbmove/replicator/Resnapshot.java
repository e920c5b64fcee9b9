package dev.dbmove.replicator;

import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tables {@code dbmove replicate --resnapshot} copies again: named ones, or {@code all}.
 * Each is emptied on the target and copied while the other tables keep streaming; with
 * {@code all}, a job whose saved position the source no longer holds starts afresh.
 */
public record Resnapshot(boolean all, Set<String> tables) {
    /** No table copied again on request. */
    public static final Resnapshot NONE = new Resnapshot(false, Set.of());
    /** The word that names every table of the job. */
    public static final String ALL = "all";

    public Resnapshot {
        tables = Set.copyOf(tables);
    }

    /** From the option's values: table names, or {@value #ALL}. */
    public static Resnapshot of(Collection<String> names) {
        if (names == null || names.isEmpty()) {
            return NONE;
        }
        Set<String> tables = new LinkedHashSet<>();
        boolean all = false;
        for (String name : names) {
            String n = name.strip();
            if (n.equals(ALL)) {
                all = true;
            } else if (!n.isEmpty()) {
                tables.add(n);
            }
        }
        return new Resnapshot(all, tables);
    }

    public boolean isEmpty() {
        return !all && tables.isEmpty();
    }

    /** Whether the table is to be copied again. */
    public boolean names(String table) {
        return all || tables.contains(table);
    }

    /** Whether every one of the job's tables is to be copied again. */
    boolean coversAll(Collection<String> jobTables) {
        return all || tables.containsAll(jobTables);
    }

    /** Refuses names that are not tables of the job (a typo would otherwise copy nothing). */
    void requireKnown(Collection<String> jobTables) {
        List<String> unknown = new ArrayList<>(tables);
        unknown.removeAll(jobTables);
        if (!unknown.isEmpty()) {
            List<String> known = jobTables.stream().sorted().limit(30).toList();
            throw new DbmoveException(ErrorCode.BAD_USAGE, "--resnapshot names " + String.join(", ", unknown)
                    + ", which " + (unknown.size() == 1 ? "is not a table" : "are not tables") + " of this job",
                    "name tables the job replicates (" + String.join(", ", known)
                            + (jobTables.size() > known.size() ? ", ..." : "") + "), or --resnapshot all");
        }
    }
}
