package dev.dbmove.cli.validate;

import dev.dbmove.cli.status.StatusFormat;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Numbers, times and values as the validation report and its progress lines print them. */
final class ReportFormat {
    /** What the validator writes for a masked column instead of its value. */
    static final String MASKED = dev.dbmove.validator.RowDifference.MASKED;
    /**
     * How the validator ends a value it cut short: its first {@value #SHOWN} characters, then {@code … (N characters)}; a value that merely ends like that has another length.
     */
    private static final Pattern CUT = Pattern.compile("(?s)(.*)… \\((\\d+) characters\\)");
    private static final int SHOWN = dev.dbmove.validator.RowDifference.SHOWN;
    /** Canonical numbers (integers, decimals, floats as {@code 150000e-5}): shown bare, like SQL literals. */
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(e-?[0-9]+)?");

    private ReportFormat() {
    }

    /** {@code 1234567} as {@code 1,234,567}. */
    static String count(long n) {
        return StatusFormat.count(n);
    }

    /** {@code 1 row}, {@code 1,234 rows}. */
    static String rows(long n) {
        return count(n) + (n == 1 ? " row" : " rows");
    }

    /** Exact below 10,000, then {@code 12.3k}, {@code 123k}, {@code 1.2M}, ...: short enough for a progress bar. */
    static String compact(long n) {
        return StatusFormat.compact(n);
    }

    /** A rate as whole rows with grouping ({@code 12,345}), {@code -} when unknown. */
    static String rate(double perSecond) {
        return Double.isFinite(perSecond) ? count(Math.round(perSecond)) : "-";
    }

    /** {@code 0.4 s}, {@code 12.3 s}, then as status shows times: {@code 5m07s}, {@code 1h02m}. */
    static String duration(Duration d) {
        double seconds = Math.max(0, d.toNanos() / 1e9);
        return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds) : StatusFormat.duration(Math.round(seconds));
    }

    /** A row key as {@code name=value} pairs, in key order: {@code id=42}, {@code region='eu' id=7}. */
    static String key(Map<String, String> key) {
        return key.entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    /**
     * One side's value so that what differs can be seen: {@code NULL} for SQL NULL, a number bare, {@code (masked)}
     * for a masked column, any other text in single quotes with quotes, backslashes and invisible characters escaped,
     * so that {@code ''}, {@code 'a '} and {@code 'a\u00a0'} are told apart; a value the validator cut short keeps
     * its length after the quotes: {@code 'abc…'… (5000 characters)}.
     */
    static String value(String v) {
        if (v == null) {
            return "NULL";
        }
        if (v.equals(MASKED)) {
            return v;
        }
        Matcher cut = CUT.matcher(v);
        if (cut.matches() && cut.group(1).codePointCount(0, cut.group(1).length()) == SHOWN) {
            return quoted(cut.group(1) + "…") + " (" + count(Long.parseLong(cut.group(2))) + " characters)";
        }
        return NUMBER.matcher(v).matches() ? v : quoted(v);
    }

    /** The text in single quotes; {@code '}, {@code \} and characters that print as nothing or as a space escaped. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> b.append("\\'");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (invisible(s, i)) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('\'').toString();
    }

    /** Control and format characters, spaces other than the plain one, and unpaired surrogates. */
    private static boolean invisible(String s, int i) {
        char c = s.charAt(i);
        if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
            return true;
        }
        if (c != ' ' && Character.isSpaceChar(c)) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    /** The text on one line (an error message); never null. */
    static String oneLine(String s) {
        return s == null ? "" : StatusFormat.oneLine(s);
    }

    /** Left-aligned ({@code right} false) or right-aligned in {@code width} characters. */
    static String pad(String s, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - s.length()));
        return right ? spaces + s : s + spaces;
    }
}
