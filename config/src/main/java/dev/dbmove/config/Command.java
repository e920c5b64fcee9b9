package dev.dbmove.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A command of the cutover section ({@code stop:} and {@code start:}), run by the cutover in
 * the order written. Its texts are templates in {@link Placeholders}' syntax, which the
 * cutover fills in; a password placeholder may appear only in {@code env}, so that the
 * password reaches the command without showing on its command line. Prints without the
 * values of {@code env}, which may be secrets.
 *
 * @param run     the command line, e.g. {@code systemctl stop shop-web}; never blank; no password placeholder
 * @param timeout how long the command may run, {@link #MIN_TIMEOUT} to {@link #MAX_TIMEOUT}
 * @param env     environment variables set for the command, in the order written; names are
 *                letters, digits and '_', not starting with a digit; values may use every placeholder
 */
public record Command(String run, Duration timeout, Map<String, String> env) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String MASK = "******";

    public Command {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(timeout, "timeout");
        if (run.isBlank()) {
            throw new IllegalArgumentException("run must not be blank");
        }
        Placeholders.check(run, false, "run");
        checkDuration("timeout", timeout);
        env = environment(env);
    }

    /** A command with the default timeout and no environment of its own. */
    public Command(String run) {
        this(run, DEFAULT_TIMEOUT, Map.of());
    }

    @Override
    public String toString() {
        return "Command[run=" + run + ", timeout=" + timeout + ", env=" + masked(env) + "]";
    }

    /** Checked and copied in order, unmodifiable; null for none gives an empty map. */
    static Map<String, String> environment(Map<String, String> env) {
        if (env == null || env.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            Objects.requireNonNull(name, "env name");
            Objects.requireNonNull(value, "env value");
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("env: '" + name + "' is not an environment variable name");
            }
            Placeholders.check(value, true, "env " + name);
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    /** The names with masked values: a value may hold a secret from ${env:...} or ${file:...}. */
    static String masked(Map<String, String> env) {
        return env.keySet().stream().map(name -> name + "=" + MASK).collect(Collectors.joining(", ", "{", "}"));
    }

    static void checkDuration(String what, Duration duration) {
        if (duration.compareTo(MIN_TIMEOUT) < 0 || duration.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(what + " must be from " + Durations.format(MIN_TIMEOUT) + " to "
                    + Durations.format(MAX_TIMEOUT) + ", not " + duration);
        }
    }
}
