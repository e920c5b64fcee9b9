package dev.dbmove.replicator.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The few calls of Kafka Connect's REST API that dbmove makes, with failures a person can act on. */
public final class ConnectRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REBALANCING = Duration.ofSeconds(60);

    private final List<URI> bases;
    private final HttpClient http;
    /** The worker that answered last: asked first next time. */
    private volatile int current;

    public ConnectRest(URI base) {
        this(List.of(base));
    }

    /** @param bases the REST addresses of one or more workers of the cluster: the first that answers is used */
    public ConnectRest(List<URI> bases) {
        this.bases = bases.stream().map(b -> b.toString().endsWith("/") ? b : URI.create(b + "/")).toList();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Creates the connector, or changes its configuration (PUT /connectors/NAME/config). */
    public void put(String name, Map<String, String> config) {
        String body;
        try {
            body = JSON.writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        send("PUT", "connectors/" + encode(name) + "/config", body, name);
    }

    /** Removes the connector; false when there was none. */
    public boolean delete(String name) {
        return send("DELETE", "connectors/" + encode(name), null, name) != null;
    }

    /** The connector's status (state of it and of its tasks), or empty when there is no such connector. */
    public Optional<JsonNode> status(String name) {
        Answer answer = send("GET", "connectors/" + encode(name) + "/status", null, name);
        return answer == null ? Optional.empty() : Optional.ofNullable(answer.body());
    }

    /**
     * Stops the connector and its tasks (PUT /connectors/NAME/stop, Kafka 3.5 and later): the tasks
     * commit their offsets as they stop; the configuration and offsets stay. False when there is no such connector.
     */
    public boolean stop(String name) {
        return send("PUT", "connectors/" + encode(name) + "/stop", null, name) != null;
    }

    /** Starts a stopped or paused connector again (PUT /connectors/NAME/resume). False when there is no such connector. */
    public boolean resume(String name) {
        return send("PUT", "connectors/" + encode(name) + "/resume", null, name) != null;
    }

    /**
     * The offsets Connect has committed for the connector (GET /connectors/NAME/offsets, Kafka 3.6
     * and later): for a source connector, each source partition's offset as its task last committed it.
     * Empty when there is no such connector.
     */
    public Optional<JsonNode> offsets(String name) {
        Answer answer = send("GET", "connectors/" + encode(name) + "/offsets", null, name);
        return answer == null ? Optional.empty() : Optional.ofNullable(answer.body());
    }

    /** A 2xx answer and its parsed body (null when it had none, as DELETE's 204). */
    private record Answer(int status, JsonNode body) {
    }

    /** The answer, null on 404; anything else not 2xx fails with Connect's own message. */
    private Answer send(String method, String path, String body, String connector) {
        HttpResponse<String> response = null;
        URI base = null;
        List<String> unreachable = new java.util.ArrayList<>();
        int first = current;
        for (int i = 0; i < bases.size() && response == null; i++) {
            int which = (first + i) % bases.size();
            base = bases.get(which);
            try {
                response = exchange(base, method, path, body);
                current = which;
            } catch (IOException e) {
                // A worker down (or unreachable): another worker of the cluster answers the same API.
                unreachable.add(base + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        if (response == null) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot reach Kafka Connect at "
                    + String.join("; ", unreachable), "check replication.kafkaConnect.connectUrl and that a Connect"
                    + " worker listens there (several workers may be given, comma-separated)");
        }
        if (response.statusCode() == 404) {
            return null;
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String message = answer != null && answer.hasNonNull("message") ? answer.get("message").asText()
                    : response.body();
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "Kafka Connect at " + base + " refused " + method
                    + " of connector " + connector + " (HTTP " + response.statusCode() + "): " + message,
                    response.statusCode() == 400 || response.statusCode() == 500 && message.contains("Failed to find")
                            ? "install dbmove's plugin on every worker (docs/kafka-connect.md) and restart them"
                            : "see the worker's log; dbmove replicate can be run again once it is fixed");
        }
        return new Answer(response.statusCode(), answer);
    }

    /** One request to one worker, waiting out a rebalance (409) for up to a minute. */
    private HttpResponse<String> exchange(URI base, String method, String path, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            long deadline = System.nanoTime() + REBALANCING.toNanos();
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // 409: the workers are rebalancing (a worker joined or left) and answer again once they agree.
            while (response.statusCode() == 409 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbmoveException(ErrorCode.INTERNAL, "interrupted while calling Kafka Connect", "run it again");
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String encode(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
