package dev.dbmove.cli.status;

import com.googlecode.lanterna.TerminalTextUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Number, time and width formatting shared by the text and the full-screen views of {@code dbmove status}. */
public final class StatusFormat {
    static final String ELLIPSIS = "…";

    private StatusFormat() {
    }

    /** {@code 1234567} as {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Exact below 10,000, then {@code 12.3k}, {@code 123k}, {@code 1.2M}, ... */
    public static String compact(long n) {
        if (Math.abs(n) < 10_000) {
            return count(n);
        }
        String[] units = {"k", "M", "G", "T", "P"};
        double v = n;
        int unit = -1;
        while (Math.abs(v) >= 1000 && unit < units.length - 1) {
            v /= 1000;
            unit++;
        }
        return (Math.abs(v) < 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v))
                + units[unit];
    }

    /** A rate with one decimal and grouping: {@code 1,234.5}. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.1f", perSecond);
    }

    /** A rate short enough for a table cell: {@code 250/s}, {@code 12.3k/s}. */
    static String compactRate(double perSecond) {
        if (!Double.isFinite(perSecond)) {
            return "?";
        }
        if (perSecond < 100) {
            return String.format(Locale.ROOT, "%.1f/s", perSecond);
        }
        return compact(Math.round(perSecond)) + "/s";
    }

    /** Seconds with three decimals: {@code 2.500 s}, or {@code unknown}. */
    static String seconds(Double s) {
        return s == null ? "unknown" : String.format(Locale.ROOT, "%.3f s", s);
    }

    /** Seconds short enough for a table cell: {@code 2.5s}, {@code 1m05s}, or {@code -}. */
    static String shortSeconds(Double s) {
        if (s == null || !Double.isFinite(s)) {
            return "-";
        }
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        return duration(s);
    }

    /** Whole seconds as {@code 42s}, {@code 5m07s}, {@code 1h02m}, {@code 3d04h}, rounded up. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        return duration((long) Math.ceil(Math.max(0, seconds)));
    }

    public static String duration(long seconds) {
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }

    /** Time from {@code from} to {@code to} as {@link #duration(long)}, or null when either is unknown. */
    static String between(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return duration(Duration.between(from, to).getSeconds());
    }

    /** The text on one line: line breaks, tabs and other control characters become spaces; trimmed. */
    public static String oneLine(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                if (!space) {
                    b.append(' ');
                }
                space = true;
            } else {
                b.append(c);
                space = false;
            }
        }
        return b.toString().strip();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Terminal columns the text takes (CJK and other wide characters take two). */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            w += columns(s.charAt(i));
        }
        return w;
    }

    private static int columns(char c) {
        return TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
    }

    /** The text cut to at most {@code max} columns, ending in {@code …} when cut. */
    static String fit(String s, int max) {
        if (max <= 0) {
            return "";
        }
        if (width(s) <= max) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int cw = columns(c);
            if (w + cw > max - 1) {
                break;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                if (w + cw + columns(s.charAt(i + 1)) > max - 1) {
                    break;
                }
                b.append(c).append(s.charAt(++i));
                w += cw + columns(s.charAt(i));
                continue;
            }
            b.append(c);
            w += cw;
        }
        return b.append(ELLIPSIS).toString();
    }

    /** Fitted to exactly {@code w} columns, padded on the right (left aligned) or on the left. */
    static String pad(String s, int w, boolean right) {
        String f = fit(s, w);
        String spaces = " ".repeat(Math.max(0, w - width(f)));
        return right ? spaces + f : f + spaces;
    }
}
