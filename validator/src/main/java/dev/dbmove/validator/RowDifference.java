package dev.dbmove.validator;

import java.util.List;
import java.util.Map;

/**
 * One row that differs, as a report shows it.
 *
 * @param key     the row key, column name to canonical text, in key order
 * @param columns the columns whose values differ (empty for a row on one side only)
 */
public record RowDifference(Kind kind, Map<String, String> key, List<ColumnDifference> columns) {
    /** What a column the job masks shows instead of its value. */
    public static final String MASKED = "(masked)";
    /** Characters of a value a report shows; a longer one ends in {@code … (N characters)}. */
    public static final int SHOWN = 120;
    public RowDifference {
        key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
        columns = List.copyOf(columns);
    }

    public enum Kind {
        /** on both sides with different values */
        MISMATCHED,
        /** on the source only: missing on the target */
        EXTRA_ON_SOURCE,
        /** on the target only: deleted at the source, or never there */
        EXTRA_ON_TARGET,
        /** still changing at the source when the run ended: neither proven equal nor different */
        PENDING;

        /** The name scripts read: {@code mismatched}, {@code extraOnSource}, {@code extraOnTarget}, {@code pending}. */
        public String jsonName() {
            return switch (this) {
                case MISMATCHED -> "mismatched";
                case EXTRA_ON_SOURCE -> "extraOnSource";
                case EXTRA_ON_TARGET -> "extraOnTarget";
                case PENDING -> "pending";
            };
        }
    }

    /**
     * One differing column: each side's canonical text, at most {@value #SHOWN} characters of it (longer
     * values end in {@code …} and their length), or {@code (masked)} for columns the job file masks; null is SQL NULL.
     */
    public record ColumnDifference(String column, String sourceValue, String targetValue) {
    }
}
