package dev.dbmove.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A client of one Kafka Connect worker's REST API, for tests. */
public final class ConnectRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RETRY_FOR = Duration.ofSeconds(60);

    private final String url;
    private final HttpClient http;

    /** @param url the worker's REST address, as {@link KafkaCluster#connectUrl(int)} gives it */
    public ConnectRest(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** A reply: the HTTP status and the body. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    /** A connector's state and its tasks', as GET /connectors/NAME/status tells them. */
    public record ConnectorStatus(String name, String state, String workerId, String trace, List<TaskStatus> tasks) {
        public ConnectorStatus {
            tasks = List.copyOf(tasks);
        }

        /** True when the connector and at least one task run, and none has failed. */
        public boolean running() {
            return "RUNNING".equals(state) && !tasks.isEmpty() && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
        }
    }

    /** @param trace the stack trace of a failed task, else null */
    public record TaskStatus(int id, String state, String workerId, String trace) {
    }

    public String url() {
        return url;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /**
     * Creates the connector, or updates its configuration (PUT /connectors/NAME/config). A worker answers
     * 409 while its group rebalances; that is waited out, up to a minute.
     */
    public void putConnector(String name, Map<String, String> config) {
        String body;
        try {
            body = JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the configuration of " + name + " as JSON", e);
        }
        Response r = retryWhileRebalancing(() -> put("/connectors/" + name + "/config", body));
        if (!r.ok()) {
            throw new IllegalStateException("PUT " + url + "/connectors/" + name + "/config answered " + r.status() + ": " + r.body());
        }
    }

    public void deleteConnector(String name) {
        Response r = retryWhileRebalancing(() -> delete("/connectors/" + name));
        if (!r.ok() && r.status() != 404) {
            throw new IllegalStateException("DELETE " + url + "/connectors/" + name + " answered " + r.status() + ": " + r.body());
        }
    }

    /** The connector's status; empty while the worker does not know the connector (404). */
    public Optional<ConnectorStatus> status(String name) {
        Response r = get("/connectors/" + name + "/status");
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new IllegalStateException("GET " + url + "/connectors/" + name + "/status answered " + r.status() + ": " + r.body());
        }
        JsonNode json = r.json();
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode t : json.path("tasks")) {
            tasks.add(new TaskStatus(t.path("id").asInt(), t.path("state").asText(), t.path("worker_id").asText(),
                    t.hasNonNull("trace") ? t.get("trace").asText() : null));
        }
        JsonNode c = json.path("connector");
        return Optional.of(new ConnectorStatus(name, c.path("state").asText(), c.path("worker_id").asText(),
                c.hasNonNull("trace") ? c.get("trace").asText() : null, tasks));
    }

    /**
     * The connector's committed offsets (GET /connectors/NAME/offsets): {"offsets": [{"partition": {...},
     * "offset": {...}}]}, read from the offsets topic, so only what the worker has flushed there.
     */
    public JsonNode offsets(String name) {
        Response r = retryWhileRebalancing(() -> get("/connectors/" + name + "/offsets"));
        if (!r.ok()) {
            throw new IllegalStateException("GET " + url + "/connectors/" + name + "/offsets answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    private Response retryWhileRebalancing(java.util.function.Supplier<Response> call) {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        while (true) {
            Response r = call.get();
            if (r.status() != 409 || System.nanoTime() > deadline) {
                return r;
            }
            EmbeddedMariaDb.sleep(250);
        }
    }

    private URI uri(String path) {
        return URI.create(url + (path.startsWith("/") ? path : "/" + path));
    }

    private Response send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.method() + " " + r.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + r.method() + " " + r.uri(), e);
        }
    }
}
