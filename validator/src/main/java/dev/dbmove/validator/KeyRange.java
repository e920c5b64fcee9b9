package dev.dbmove.validator;

import java.util.List;

/**
 * A range of row keys in key order: from {@code lower} (inclusive) to {@code upper} (exclusive), each a key given as
 * the canonical text of its columns; null means unbounded on that side.
 */
record KeyRange(List<String> lower, List<String> upper) {
    static final KeyRange ALL = new KeyRange(null, null);

    KeyRange {
        lower = lower == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lower));
        upper = upper == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(upper));
    }

    KeyRange below(List<String> middle) {
        return new KeyRange(lower, middle);
    }

    KeyRange from(List<String> middle) {
        return new KeyRange(middle, upper);
    }

    @Override
    public String toString() {
        return "[" + (lower == null ? "start" : String.join(",", lower)) + " .. "
                + (upper == null ? "end" : String.join(",", upper)) + ")";
    }
}
