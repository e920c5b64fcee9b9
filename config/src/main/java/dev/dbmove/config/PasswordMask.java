package dev.dbmove.config;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks password text in SnakeYAML's own syntax-error messages. When the YAML does not
 * parse there is no tree to tell a password from other text, and a message can quote a
 * fragment of it: {@code password: *abc} fails with "found undefined alias abc". So every
 * text written after a {@code password:} key, and its pieces, is masked in those messages;
 * in any case and at the end of a longer key too, such as a cutover command's
 * {@code env: {PGPASSWORD: ...}}.
 */
final class PasswordMask {
    private static final Pattern PASSWORD_VALUE = Pattern.compile("password['\"]?[ \\t]*:[ \\t]*([^\\r\\n]*)",
            Pattern.CASE_INSENSITIVE);
    private static final String MASK = "******";
    /** Shorter fragments would mask ordinary words in the message, and reveal little anyway. */
    private static final int MIN_LENGTH = 3;

    private final Set<String> fragments = new LinkedHashSet<>();

    PasswordMask(String yamlText) {
        Matcher matcher = PASSWORD_VALUE.matcher(yamlText);
        while (matcher.find()) {
            String value = matcher.group(1).strip();
            addWithPieces(value);
            // Flow style ({password: x, user: y}) and trailing comments end the value early.
            addWithPieces(value.split("[,}\\]]|\\s#", 2)[0].strip());
        }
    }

    private void addWithPieces(String value) {
        add(value);
        add(stripQuotesAndSigils(value));
        for (String piece : value.split("\\s+")) {
            add(piece);
            add(stripQuotesAndSigils(piece));
        }
    }

    private static String stripQuotesAndSigils(String text) {
        String s = text;
        while (!s.isEmpty() && "\"'*&!@`%|>{[".indexOf(s.charAt(0)) >= 0) {
            s = s.substring(1);
        }
        while (!s.isEmpty() && "\"'}]".indexOf(s.charAt(s.length() - 1)) >= 0) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private void add(String fragment) {
        if (fragment.length() >= MIN_LENGTH) {
            fragments.add(fragment);
        }
    }

    String apply(String message) {
        String masked = message;
        // Longest first, so a piece does not break up a longer fragment before it is masked.
        for (String fragment : fragments.stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            masked = masked.replace(fragment, MASK);
        }
        return masked;
    }
}
