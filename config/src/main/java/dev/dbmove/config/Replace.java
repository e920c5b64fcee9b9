package dev.dbmove.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A text edit of a rewritten file: every match of {@code pattern} becomes {@code with}.
 * Both are templates in {@link Placeholders}' syntax, without password placeholders.
 *
 * @param pattern a Java regular expression; a placeholder in it matches its value literally,
 *                e.g. {@code ${source.host}} matches the old host name with its dots as dots
 * @param with    the replacement, taken literally once its placeholders are filled in: {@code $1}
 *                and {@code \} mean nothing special; may be empty, which deletes the matches
 */
public record Replace(String pattern, String with) {
    public Replace {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(with, "with");
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("pattern must not be empty");
        }
        Placeholders.check(pattern, false, "pattern");
        Placeholders.check(with, false, "with");
        syntaxError(pattern).ifPresent(e -> {
            throw new IllegalArgumentException("pattern is not a valid regular expression: " + e.getDescription(), e);
        });
    }

    /** The pattern with its placeholders filled in, each quoted so that it matches literally. */
    public Pattern compile(Function<String, String> values) {
        Objects.requireNonNull(values, "values");
        return Pattern.compile(Placeholders.expand(pattern, name -> {
            String value = values.apply(name);
            return value == null ? null : Pattern.quote(value);
        }));
    }

    /** The text with every match replaced. */
    public String applyTo(String text, Function<String, String> values) {
        return compile(values).matcher(text).replaceAll(Matcher.quoteReplacement(Placeholders.expand(with, values)));
    }

    /**
     * Why the pattern is not a valid regular expression, if it is not; its placeholders
     * stand for literal text, so their values cannot make it invalid.
     */
    static Optional<PatternSyntaxException> syntaxError(String pattern) {
        try {
            Pattern.compile(Placeholders.expand(pattern, name -> Pattern.quote(Placeholders.example(name))));
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of(e);
        }
    }
}
