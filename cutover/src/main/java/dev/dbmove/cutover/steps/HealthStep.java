package dev.dbmove.cutover.steps;

import dev.dbmove.config.Durations;
import dev.dbmove.config.HealthCheck;
import dev.dbmove.config.Placeholders;
import dev.dbmove.cutover.runbook.StepContext;
import dev.dbmove.cutover.runbook.StepKind;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A health check of the applications on the target: asked again every half second until it
 * passes or its {@code within} has passed. A check that does not pass fails the step, and with it
 * the cutover, which then rolls back.
 */
final class HealthStep extends OneWayStep {
    private static final Duration PAUSE = Duration.ofMillis(500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HealthCheck check;
    private final Cutover cutover;
    private volatile boolean passedHere;

    HealthStep(String name, HealthCheck check, Cutover cutover) {
        super(name, StepKind.HEALTH);
        this.check = check;
        this.cutover = cutover;
    }



    @Override
    public String describe() {
        return name() + ": " + check.http().map(url -> "GET " + shown(url) + " answers " + check.expect())
                .orElseGet(() -> "'" + shown(check.run().orElseThrow()) + "' exits 0")
                + " within " + Durations.format(check.within());
    }

    @Override
    public List<String> preflight() {
        if (check.run().isEmpty()) {
            return List.of();
        }
        String line = shown(check.run().get());
        return ShellCommand.whyNotFound(line, cutover.path()).map(why -> List.of("the check '" + line
                + "' cannot run: " + why + "; install it, or give its full path")).orElse(List.of());
    }

    @Override
    public void run(StepContext context) throws Exception {
        Instant deadline = context.now().plus(check.within());
        HttpClient client = client();
        String last = "it was never asked";
        while (true) {
            Duration left = Duration.between(context.now(), deadline);
            String failure = attempt(client, left.isNegative() ? Duration.ofSeconds(1) : left);
            if (failure == null) {
                passedHere = true;
                return;
            }
            if (!failure.equals(last)) {
                context.progress(failure);
            }
            last = failure;
            if (!context.now().plus(PAUSE).isBefore(deadline)) {
                throw new IllegalStateException("did not pass within " + Durations.format(check.within()) + ": " + last);
            }
            Thread.sleep(PAUSE.toMillis());
        }
    }

    /** Null when the check passes, else why not. */
    private String attempt(HttpClient client, Duration left) throws InterruptedException {
        if (check.http().isPresent()) {
            String url = shown(check.http().get());
            Duration timeout = left.compareTo(REQUEST_TIMEOUT) < 0 ? left : REQUEST_TIMEOUT;
            try {
                int status = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                return status == check.expect() ? null : url + " answered " + status + ", not " + check.expect();
            } catch (IOException e) {
                return url + " did not answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        String line = shown(check.run().get());
        try {
            Map<String, String> env = new LinkedHashMap<>();
            check.env().forEach((key, template) -> env.put(key, Placeholders.expand(template, cutover.values())));
            ShellCommand.Outcome outcome = ShellCommand.run(line, env, left.isZero() ? Duration.ofSeconds(1) : left,
                    cutover.secrets());
            return outcome.succeeded() ? null : outcome.failure(line, left);
        } catch (IOException e) {
            return "'" + line + "' could not be run: " + e.getMessage();
        }
    }

    @Override
    public void check(StepContext context) throws InterruptedException {
        // After a crash, asked once more; run() then asks until within has passed.
        String failure = passedHere ? null : attempt(client(), REQUEST_TIMEOUT);
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }



    /** One client for a run's attempts (a request's own timeout keeps each within what is left); none for a command. */
    private HttpClient client() {
        return check.http().isPresent() ? HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build() : null;
    }

    private String shown(String template) {
        return Placeholders.expand(template, cutover.shownValues());
    }
}
