package dev.dbmove.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Durations as people write them in a job file: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, or several units from largest to smallest such as {@code 1h30m}; a bare whole
 * number means seconds. Not ISO-8601 ({@code PT1H30M}), which few people write from memory.
 */
public final class Durations {
    /** The units, largest first: the order in which they may follow one another. */
    private static final List<String> UNITS = List.of("h", "m", "s", "ms");
    private static final List<Duration> UNIT_LENGTHS =
            List.of(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMillis(1));
    /** Longer runs of digits would overflow a long; such a duration is far beyond any sensible setting anyway. */
    private static final int MAX_DIGITS = 18;

    /** What a fix shows, so every section asks for durations in the same words. */
    public static final String EXAMPLES = "500ms, 30s, 5m or 1h";

    private Durations() {
    }

    /**
     * @param text e.g. {@code 500ms}, {@code 30s}, {@code 1h30m} or {@code 45} (seconds);
     *             surrounding blanks are ignored
     * @return never negative
     * @throws IllegalArgumentException when the text is not such a duration; the message
     *                                  quotes the text and says what is wrong with it
     */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        if (s.startsWith("-")) {
            throw invalid(text, "it is negative");
        }
        if (s.chars().allMatch(Durations::isDigit)) {
            return times(number(text, s), Duration.ofSeconds(1), text);
        }
        Duration total = Duration.ZERO;
        int previousUnit = -1;
        int i = 0;
        while (i < s.length()) {
            int digitsStart = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == digitsStart) {
                throw invalid(text, "expected a whole number at " + YamlNodes.quote(s.substring(i)));
            }
            long amount = number(text, s.substring(digitsStart, i));
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String unitName = s.substring(unitStart, i);
            if (unitName.isEmpty()) {
                throw invalid(text, i < s.length()
                        ? "unexpected " + YamlNodes.quote(s.substring(i, i + 1)) + " after a number"
                        : "the last number has no unit");
            }
            int unit = UNITS.indexOf(unitName);
            if (unit < 0) {
                throw invalid(text, "unknown unit " + YamlNodes.quote(unitName) + "; the units are ms, s, m and h");
            }
            if (unit <= previousUnit) {
                throw invalid(text, "write each unit once, largest first, e.g. 1h30m");
            }
            previousUnit = unit;
            try {
                total = total.plus(times(amount, UNIT_LENGTHS.get(unit), text));
            } catch (ArithmeticException e) {
                throw invalid(text, "it is too long");
            }
        }
        return total;
    }

    /**
     * The shortest text {@link #parse} reads back as the same duration, e.g. {@code 500ms},
     * {@code 1h30m} or {@code 0s}; sub-millisecond parts, which the parser cannot write, are dropped.
     *
     * @throws IllegalArgumentException for a negative duration
     */
    public static String format(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        if (duration.toMillis() == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long[] parts = {duration.toHours(), duration.toMinutesPart(), duration.toSecondsPart(), duration.toMillisPart()};
        for (int unit = 0; unit < parts.length; unit++) {
            if (parts[unit] != 0) {
                out.append(parts[unit]).append(UNITS.get(unit));
            }
        }
        return out.toString();
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static long number(String text, String digits) {
        if (digits.length() > MAX_DIGITS) {
            throw invalid(text, "it is too long");
        }
        return Long.parseLong(digits);
    }

    private static Duration times(long amount, Duration unit, String text) {
        try {
            return unit.multipliedBy(amount);
        } catch (ArithmeticException e) {
            throw invalid(text, "it is too long");
        }
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException(YamlNodes.quote(text) + " is not a duration: " + reason);
    }
}
