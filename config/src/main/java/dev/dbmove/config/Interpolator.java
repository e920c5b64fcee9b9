package dev.dbmove.config;

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
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                if (end < 0) {
                    throw new Failure("unterminated '${' in " + describe(raw, secret),
                            "close it with '}', or write $${ for a literal ${");
                }
                out.append(evaluate(raw.substring(i, end + 1), raw.substring(i + 2, end), secret));
                i = end + 1;
            } else {
                out.append(raw.charAt(i++));
            }
        }
        return out.toString();
    }

    private String evaluate(String expression, String body, boolean secret) throws Failure {
        if (body.startsWith("env:")) {
            return environmentValue(expression, body.substring("env:".length()), secret);
        }
        if (body.startsWith("file:")) {
            return fileContent(body.substring("file:".length()));
        }
        throw new Failure("unknown interpolation " + (secret ? "'${...}' in the password (value not shown)"
                : YamlNodes.quote(expression)),
                "use " + SUPPORTED_FORMS + "; write $${ for a literal ${");
    }

    private String environmentValue(String expression, String reference, boolean secret) throws Failure {
        int split = reference.indexOf(":-");
        String name = split < 0 ? reference : reference.substring(0, split);
        String fallback = split < 0 ? null : reference.substring(split + 2);
        if (!ENV_NAME.matcher(name).matches()) {
            throw new Failure((secret ? "the password refers to an invalid environment variable name (value not shown)"
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

    private static String describe(String raw, boolean secret) {
        return secret ? "the password (value not shown)" : YamlNodes.quote(raw);
    }
}
