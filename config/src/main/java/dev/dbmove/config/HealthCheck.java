package dev.dbmove.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A check that the applications work on the target after the cutover started them: an HTTP
 * request that must answer {@code expect}, or a command that must exit with status 0, either
 * within {@code within}. Exactly one of {@code http} and {@code run}. Texts are templates in
 * {@link Placeholders}' syntax; a password placeholder may appear only in {@code env}.
 * Prints without the values of {@code env}.
 *
 * @param http   the URL to request, http or https; empty for a command
 * @param run    the command line; empty for an HTTP check
 * @param expect the HTTP status that passes, 100 to 599; 0 for a command, which passes with exit status 0
 * @param within how long the check may take to pass, {@link Command#MIN_TIMEOUT} to {@link Command#MAX_TIMEOUT}
 * @param env    environment variables for the command, as in {@link Command#env()}; empty for an HTTP check
 */
public record HealthCheck(Optional<String> http, Optional<String> run, int expect, Duration within,
                          Map<String, String> env) {
    public static final int DEFAULT_EXPECT = 200;
    public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(60);
    public static final int MIN_STATUS = 100;
    public static final int MAX_STATUS = 599;

    public HealthCheck {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(within, "within");
        if (http.isPresent() == run.isPresent()) {
            throw new IllegalArgumentException("a health check needs either http or run" + (http.isPresent() ? ", not both" : ""));
        }
        Command.checkDuration("within", within);
        env = Command.environment(env);
        if (http.isPresent()) {
            Placeholders.check(http.get(), false, "http");
            whyNotUrl(http.get()).ifPresent(reason -> {
                throw new IllegalArgumentException("http: not an http or https URL: " + reason);
            });
            if (expect < MIN_STATUS || expect > MAX_STATUS) {
                throw new IllegalArgumentException("expect must be an HTTP status from " + MIN_STATUS + " to " + MAX_STATUS
                        + ", not " + expect);
            }
            if (!env.isEmpty()) {
                throw new IllegalArgumentException("env applies to run checks only");
            }
        } else {
            if (run.get().isBlank()) {
                throw new IllegalArgumentException("run must not be blank");
            }
            Placeholders.check(run.get(), false, "run");
            if (expect != 0) {
                throw new IllegalArgumentException("a run check passes with exit status 0; expect must be 0, not " + expect);
            }
        }
    }

    /** An HTTP check. */
    public static HealthCheck http(String url, int expect, Duration within) {
        return new HealthCheck(Optional.of(url), Optional.empty(), expect, within, Map.of());
    }

    /** A command that must exit with status 0. */
    public static HealthCheck run(String command, Duration within, Map<String, String> env) {
        return new HealthCheck(Optional.empty(), Optional.of(command), 0, within, env);
    }

    @Override
    public String toString() {
        return "HealthCheck[" + http.map(url -> "http=" + url + ", expect=" + expect).orElse("")
                + run.map(command -> "run=" + command).orElse("") + ", within=" + within
                + (env.isEmpty() ? "" : ", env=" + Command.masked(env)) + "]";
    }

    /** Why a URL template is not a usable http or https URL, if it is not; placeholders stand for typical values. */
    static Optional<String> whyNotUrl(String template) {
        URI uri;
        try {
            uri = new URI(Placeholders.expand(template, Placeholders::example));
        } catch (URISyntaxException e) {
            // No position: for a bad authority the index points at its start, not at the bad character.
            return Optional.of(Character.toLowerCase(e.getReason().charAt(0)) + e.getReason().substring(1));
        }
        if (uri.getScheme() == null) {
            return Optional.of("it has no scheme; start it with http:// or https://");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("the scheme is '" + uri.getScheme() + "', not http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("it names no host");
        }
        return Optional.empty();
    }
}
