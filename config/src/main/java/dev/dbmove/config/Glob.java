package dev.dbmove.config;

/**
 * Shell-style wildcards for table and column names: {@code *} any run of characters, {@code ?} one
 * character, everything else literal. Not a regular expression, so names with dots or dollars need
 * no escaping.
 */
final class Glob {
    private Glob() {
    }

    static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** Case-sensitive, whole-name match; counts code points so {@code ?} matches any one character. */
    static boolean matches(String pattern, String name) {
        return matches(pattern.codePoints().toArray(), name.codePoints().toArray());
    }

    /** As {@link #matches}, but {@code Password} matches {@code *password*}: for column masks, where a missed column leaks data. */
    static boolean matchesIgnoreCase(String pattern, String name) {
        return matches(fold(pattern), fold(name));
    }

    /** Upper then lower case, per code point, as {@link String#equalsIgnoreCase} compares characters. */
    private static int[] fold(String text) {
        return text.codePoints().map(cp -> Character.toLowerCase(Character.toUpperCase(cp))).toArray();
    }

    private static boolean matches(int[] p, int[] s) {
        int pi = 0;
        int si = 0;
        int starAt = -1;
        int starMatchedUpTo = 0;
        // Greedy scan that backtracks only to the most recent '*': linear for patterns without
        // '*', at worst pattern length times name length otherwise, never exponential.
        while (si < s.length) {
            if (pi < p.length && p[pi] == '*') {
                starAt = pi++;
                starMatchedUpTo = si;
            } else if (pi < p.length && (p[pi] == '?' || p[pi] == s[si])) {
                pi++;
                si++;
            } else if (starAt >= 0) {
                pi = starAt + 1;
                si = ++starMatchedUpTo;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length;
    }
}
