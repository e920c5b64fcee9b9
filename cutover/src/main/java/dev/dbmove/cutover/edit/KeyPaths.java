package dev.dbmove.cutover.edit;

import dev.dbmove.core.DidYouMean;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Dotted key paths ({@code production.host}) and the error for one that leads nowhere. */
final class KeyPaths {
    private KeyPaths() {
    }

    /**
     * The segments of a path, split on every dot: a key that itself contains a dot cannot be
     * named. An empty segment ({@code a..b}, a leading or trailing dot) is an error.
     */
    static List<String> split(String path) throws EditException {
        List<String> segments = new ArrayList<>(List.of(path.split("\\.", -1)));
        if (segments.stream().anyMatch(String::isEmpty)) {
            throw new EditException("key path '" + path + "' has an empty segment",
                    "write the path as dot-separated keys, e.g. production.host");
        }
        return segments;
    }

    static String join(List<String> segments) {
        return String.join(".", segments);
    }

    /**
     * The error for a path that leads nowhere: {@code parent} exists (empty for the top level),
     * but has no key {@code typed}. Lists the keys it does have and, when a typo is likely, the
     * path with the closest one in its place.
     *
     * @param where how to name the place the keys were looked for, e.g. "under production"
     * @param note  extra context for the reader, or empty
     */
    static EditException missing(String path, String parent, String typed, String where, Collection<String> keysThere, String note) {
        String prefix = parent == null || parent.isEmpty() ? "" : parent + ".";
        String hint = DidYouMean.closest(typed, keysThere)
                .map(k -> " — did you mean " + prefix + k + path.substring(Math.min(path.length(), prefix.length() + typed.length())) + "?")
                .orElse("");
        String listing = keysThere.isEmpty()
                ? "there are no keys " + where
                : "the keys " + where + " are " + String.join(", ", keysThere);
        return new EditException("key " + path + " does not exist; " + listing + hint + (note.isEmpty() ? "" : " (" + note + ")"),
                "correct the key path; dbmove changes only keys that are already in the file");
    }
}
