package dev.dbmove.core;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the allowed word a typo was meant to be, so an error can name it instead of listing every choice. */
public final class DidYouMean {
    private DidYouMean() {
    }

    /**
     * The closest candidate, if close enough: the same word in other case, or within one edit
     * (two for words of five letters or more, where two slips are common and still unambiguous).
     * A swap of neighbours counts as one edit ({@code hots} is one edit from {@code host}).
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String typed = word.toLowerCase(Locale.ROOT);
        int allowed = typed.length() >= 5 ? 2 : 1;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
