package dev.dbmove.config;

import dev.dbmove.core.DidYouMean;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}}, {@code ${env:NAME:-default}} and {@code ${file:PATH}} in a
 * value, so secrets stay out of the job file; {@code $${} stands for a literal {@code ${}.
 * Substituted text is not scanned again, so a secret containing {@code ${} is taken as is.
 *
 * <p>Failures never quote a secret value: with {@code secret} set they name only the
 * variable or file referred to, never the text around it or a default.
 *
 * <p>In the {@code cutover} section values are templates ({@link #template}): the
 * {@link Placeholders} such as {@code ${target.host}} are kept for the cutover to fill in.
 */
final class Interpolator {
    static final String SUPPORTED_FORMS = "${env:NAME}, ${env:NAME:-default} or ${file:PATH}";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Secret files hold a line or two; the bound keeps a wrong path such as /dev/zero from hanging the load. */
    private static final int MAX_FILE_BYTES = 1 << 20;

    private final Function<String, String> environment;
    private final Path baseDir;

    /**
     * @param environment variable name to value, null when unset
     * @param baseDir     where relative {@code ${file:...}} paths start: the job file's directory
     */
    Interpolator(Function<String, String> environment, Path baseDir) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
    }

    /** A value that cannot be resolved; problem and fix are safe to show. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String fix;

        Failure(String problem, String fix) {
            super(problem, null, false, false);
            this.fix = fix;
        }

        String problem() {
            return getMessage();
        }

        String fix() {
            return fix;
        }
    }

    String resolve(String raw, boolean secret) throws Failure {
        return interpolate(raw, secret ? "the password" : null, false, false);
    }

    /**
     * A value of the cutover section, as a template in {@link Placeholders}' syntax: references
     * are resolved as by {@link #resolve}, placeholders such as {@code ${target.host}} are kept,
     * and a {@code ${} in literal or substituted text comes out as {@code $${}. An unknown
     * placeholder fails, and so does a password placeholder outside a command's environment.
     *
     * @param variable the environment variable whose value this is, in a command's {@code env:}
     *                 map, where password placeholders are allowed and failures never quote the
     *                 value; null for every other value
     */
    String template(String raw, String variable) throws Failure {
        return interpolate(raw, variable == null ? null : "the variable " + variable, true, variable != null);
    }

    /**
     * @param hidden what a failure calls the value instead of quoting it, e.g. "the password";
     *               null to quote it
     */
    private String interpolate(String raw, String hidden, boolean template, boolean passwordsAllowed) throws Failure {
        StringBuilder out = new StringBuilder(raw.length()); // template text before the pending literal text
        StringBuilder literal = new StringBuilder(raw.length()); // text as it reads, escaped only when flushed
        String lastReference = null; // the reference whose value ends the literal text, if one does
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                literal.append("${");
                lastReference = null;
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                if (end < 0) {
                    throw new Failure("unterminated '${' in " + describe(raw, hidden),
                            "close it with '}', or write $${ for a literal ${");
                }
                String expression = raw.substring(i, end + 1);
                String body = raw.substring(i + 2, end);
                if (template && isPlaceholder(body)) {
                    checkPlaceholder(expression, body, hidden, passwordsAllowed);
                    if (literal.length() > 0 && literal.charAt(literal.length() - 1) == '$') {
                        // Only a substituted value can end so: a '$' written before '${' reads as $${.
                        throw new Failure("the value of " + lastReference + " ends with '$', which would join "
                                + expression + " into the escape $${", "put a character between " + lastReference
                                + " and " + expression);
                    }
                    out.append(Placeholders.escape(literal)).append(expression);
                    literal.setLength(0);
                } else {
                    literal.append(evaluate(expression, body, hidden));
                    lastReference = expression;
                }
                i = end + 1;
            } else {
                literal.append(raw.charAt(i++));
                lastReference = null;
            }
        }
        return template ? out.append(Placeholders.escape(literal)).toString() : literal.toString();
    }

    /** In a template, what is not ${env:...}, ${file:...} or another kind is meant as a placeholder. */
    private static boolean isPlaceholder(String body) {
        return body.indexOf(':') < 0;
    }

    private static void checkPlaceholder(String expression, String body, String hidden, boolean passwordsAllowed)
            throws Failure {
        if (!Placeholders.NAMES.contains(body)) {
            // A hidden value is quoted only where it is plainly a placeholder name, never a secret's text.
            boolean quotable = hidden == null || body.startsWith("source.") || body.startsWith("target.");
            throw new Failure("unknown placeholder " + (quotable ? YamlNodes.quote(expression) : "'${...}'")
                    + (hidden == null ? "" : " in " + hidden + (quotable ? "" : " (value not shown)")),
                    DidYouMean.closest(body, Placeholders.NAMES).filter(near -> quotable)
                            .map(near -> "did you mean '${" + near + "}'?")
                            .orElse("use " + Placeholders.FORMS + ", or " + SUPPORTED_FORMS + "; write $${ for a literal ${"));
        }
        if (!passwordsAllowed && Placeholders.PASSWORDS.contains(body)) {
            throw new Failure(YamlNodes.quote(expression) + " is allowed only in a command's 'env:', so that the password"
                    + " does not end up in a file, a URL or a command line",
                    "pass it to a command through the environment, e.g. `env: {DB_PASSWORD: \"" + expression
                            + "\"}`, and let the command read $DB_PASSWORD");
        }
    }

    private String evaluate(String expression, String body, String hidden) throws Failure {
        if (body.startsWith("env:")) {
            return environmentValue(expression, body.substring("env:".length()), hidden);
        }
        if (body.startsWith("file:")) {
            return fileContent(body.substring("file:".length()));
        }
        throw new Failure("unknown interpolation " + (hidden != null ? "'${...}' in " + hidden + " (value not shown)"
                : YamlNodes.quote(expression)),
                (Placeholders.NAMES.contains(body) ? expression + " is filled in only in the cutover section; here " : "")
                        + "use " + SUPPORTED_FORMS + "; write $${ for a literal ${");
    }

    private String environmentValue(String expression, String reference, String hidden) throws Failure {
        int split = reference.indexOf(":-");
        String name = split < 0 ? reference : reference.substring(0, split);
        String fallback = split < 0 ? null : reference.substring(split + 2);
        if (!ENV_NAME.matcher(name).matches()) {
            throw new Failure((hidden != null ? hidden + " refers to an invalid environment variable name (value not shown)"
                    : YamlNodes.quote(expression) + " does not name an environment variable"),
                    "write ${env:NAME} or ${env:NAME:-default}, where NAME has letters, digits and '_' only");
        }
        String value = environment.apply(name);
        // As in the shell, ':-' also replaces a variable that is set but empty.
        if (fallback != null && (value == null || value.isEmpty())) {
            return fallback;
        }
        if (value == null) {
            throw new Failure("environment variable " + name + " is not set",
                    "export " + name + " before running dbmove, or give a default: ${env:" + name + ":-default}");
        }
        return value;
    }

    private String fileContent(String reference) throws Failure {
        if (reference.isBlank()) {
            throw new Failure("'${file:}' names no file", "write ${file:PATH}, e.g. ${file:/run/secrets/db-password}");
        }
        Path given;
        try {
            given = Path.of(reference);
        } catch (InvalidPathException e) {
            throw new Failure(YamlNodes.quote(reference) + " is not a valid file path", "write ${file:PATH} with a valid PATH");
        }
        Path path = baseDir.resolve(given).normalize();
        Optional<String> unreadable = FileAccess.whyUnreadable(path);
        if (unreadable.isPresent()) {
            throw unreadable(path, unreadable.get(), !given.isAbsolute());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw unreadable(path, FileAccess.reason(e), !given.isAbsolute());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new Failure("file " + path + " is larger than 1 MiB, too large for a value",
                    "name a file that holds just the value");
        }
        String text;
        try {
            text = FileAccess.utf8(bytes);
        } catch (CharacterCodingException e) {
            throw new Failure("file " + path + " is not UTF-8 text", "save the value in the file as UTF-8");
        }
        // Editors and `echo` end files with a newline that is not part of the secret.
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private Failure unreadable(Path path, String reason, boolean relative) {
        return new Failure("cannot read file " + path + ": " + reason,
                FileAccess.fixFor(reason, path, relative, baseDir));
    }

    private static String describe(String raw, String hidden) {
        return hidden != null ? hidden + " (value not shown)" : YamlNodes.quote(raw);
    }
}
