package dev.tracevault.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Steady writes for a fault test, as an SDK client sends them: {@code workers} threads each create
 * Flow Logs with client log ids, one after the other, never retrying; every answer is recorded
 * (status, time, {@code Retry-After}, the error's {@code type}). Afterwards {@link #verify} reads
 * every log back: an acknowledged one must be there, one refused with "nothing was stored" must
 * not, and one whose outcome was unknown is sent again and must then be there exactly once.
 */
public final class FaultLoad implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answer: {@code status} -1 when no answer came (refused connection, timeout). */
    public record Outcome(String logId, long startedMillis, long millis, int status, String type, String retryAfter) {
    }

    /** What {@link #verify} found. */
    public record Verified(int acknowledged, int lost, int refusedButStored, int unknownStored, int unknownNotStored,
                           int unknownRetryFailed) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final IntSupplier port;
    private final String prefix;
    private final int workers;
    private final Duration requestTimeout;
    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final long startMillis = System.currentTimeMillis();

    /** {@code port} is asked before each request, so the load follows a restarted server. */
    public FaultLoad(IntSupplier port, String prefix, int workers, Duration requestTimeout) {
        this.port = port;
        this.prefix = prefix;
        this.workers = workers;
        this.requestTimeout = requestTimeout;
    }

    public FaultLoad start() {
        running.set(true);
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().daemon().name("fault-load-" + w).start(this::work));
        }
        return this;
    }

    /** Stops sending and waits for the requests under way. */
    public void stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(requestTimeout.toMillis() + 5000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Milliseconds since this load was made, on the clock of {@link Outcome#startedMillis}. */
    public long now() {
        return System.currentTimeMillis() - startMillis;
    }

    public List<Outcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    private void work() {
        while (running.get()) {
            String id = prefix + "-" + sequence.incrementAndGet();
            String body = "{\"path\":\"faults/" + prefix + "\",\"log_id\":\"" + id + "\",\"inputs\":{\"n\":\"" + id
                    + "\"},\"output\":\"stored\",\"log_status\":\"incomplete\"}";
            bodies.put(id, body);
            long started = now();
            long t0 = System.nanoTime();
            Outcome outcome;
            try {
                HttpResponse<String> response = http.send(request("POST", "/v5/flows/log", body),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                outcome = new Outcome(id, started, (System.nanoTime() - t0) / 1_000_000, response.statusCode(),
                        type(response.body()), response.headers().firstValue("retry-after").orElse(""));
            } catch (Exception e) {
                outcome = new Outcome(id, started, (System.nanoTime() - t0) / 1_000_000, -1, e.getClass().getSimpleName(), "");
                sleep(50); // a server that is down refuses at once: no busy loop
            }
            outcomes.add(outcome);
        }
    }

    /**
     * Reads every log back through {@code api}. An outcome_unknown write is sent again first (the
     * SDK's retry), which must answer 200, and its log must have been created once.
     */
    public Verified verify(Api api) {
        int acknowledged = 0;
        int lost = 0;
        int refusedButStored = 0;
        int unknownStored = 0;
        int unknownNotStored = 0;
        int unknownRetryFailed = 0;
        for (Outcome outcome : outcomes()) {
            String path = "/v5/logs/" + outcome.logId();
            if (outcome.status() == 200) {
                acknowledged++;
                if (api.get(path).status() != 200) {
                    lost++;
                }
            } else if ("outcome_unknown".equals(outcome.type())) {
                boolean stored = api.get(path).status() == 200;
                if (stored) {
                    unknownStored++;
                } else {
                    unknownNotStored++;
                }
                var retried = api.post("/v5/flows/log", bodies.get(outcome.logId()));
                JsonNode events = retried.status() == 200 ? api.get(path + "/history").json().get("events") : null;
                long creations = 0;
                if (events != null) {
                    for (JsonNode event : events) {
                        if (event.path("type").asString("").endsWith("Created")) {
                            creations++;
                        }
                    }
                }
                if (retried.status() != 200 || creations != 1) {
                    unknownRetryFailed++;
                }
            } else if (outcome.status() == 503 || outcome.status() == 507) {
                if (api.get(path).status() != 404) {
                    refusedButStored++;
                }
            }
        }
        return new Verified(acknowledged, lost, refusedButStored, unknownStored, unknownNotStored, unknownRetryFailed);
    }

    private HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt() + path))
                .timeout(requestTimeout).header("X-API-KEY", Api.KEY).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String type(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json.path("type").isString() ? json.get("type").stringValue() : "";
        } catch (RuntimeException notJson) {
            return "not json";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
