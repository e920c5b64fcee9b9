package dev.dbmove.config;

/**
 * Shell-style wildcards for table names: {@code *} any run of characters, {@code ?} one character,
 * everything else literal. Not a regular expression, so names with dots or dollars need no escaping.
 */
final class Glob {
    private Glob() {
    }

    static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** Case-sensitive, whole-name match; counts code points so {@code ?} matches any one character. */
    static boolean matches(String pattern, String name) {
        int[] p = pattern.codePoints().toArray();
        int[] s = name.codePoints().toArray();
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
