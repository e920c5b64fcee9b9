package dev.dbmove.cutover.edit;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code replace:} edit: a Java regular expression applied to the whole text, with {@code ^}
 * and {@code $} matching at every line (MULTILINE; {@code .} does not cross lines), and a
 * replacement that may name groups ({@code $1}, {@code ${name}}; {@code \$} for a dollar sign).
 * The pattern must match at least once: a pattern that matches nothing means the file is not
 * what the job file expects.
 *
 * @param pattern the regular expression; never null
 * @param with    the replacement; never null
 */
public record RegexReplace(String pattern, String with) {
    /** The edited text and how many matches were replaced. */
    public record Result(String text, int matches) {
    }

    public RegexReplace {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(with, "with");
    }

    public Result apply(String original) throws EditException {
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw new EditException("the replace pattern " + quoted() + " is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex(), "correct the pattern (Java regular expression syntax)");
        }
        Matcher matcher = compiled.matcher(original);
        StringBuilder out = new StringBuilder();
        int matches = 0;
        try {
            while (matcher.find()) {
                matches++;
                matcher.appendReplacement(out, with);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new EditException("the replacement " + quote(with) + " for pattern " + quoted() + " is invalid: " + e.getMessage(),
                    "refer only to groups the pattern has ($1, ${name}); write a literal $ as \\$ and a literal \\ as \\\\");
        }
        if (matches == 0) {
            throw new EditException("the replace pattern " + quoted() + " matches nothing",
                    "check the pattern against the file: it is a Java regular expression, ^ and $ match at each line, and . does not match a line break");
        }
        matcher.appendTail(out);
        return new Result(out.toString(), matches);
    }

    private String quoted() {
        return quote(pattern);
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }
}
