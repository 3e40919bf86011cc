package dev.tracevault.server.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the API, as any client in any language would use it. */
public final class Api {

    public static final String KEY = "test-key";
    /** Reads numbers exactly as sent, so tests can check that {@code 1.10} stays {@code 1.10}. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, String body, String contentType) {

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** Encodes a path segment the way the SDK does ({@code encodeURIComponent}). */
    public static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~")
                .replace("%21", "!").replace("%27", "'").replace("%28", "(").replace("%29", ")").replace("%2A", "*");
    }

    public Response post(String path, String body) {
        return send("POST", path, body, KEY);
    }

    public Response patch(String path, String body) {
        return send("PATCH", path, body, KEY);
    }

    public Response get(String path) {
        return send("GET", path, null, KEY);
    }

    public Response send(String method, String path, String body, String key) {
        return send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), key, "application/json");
    }

    public Response send(String method, String path, byte[] body, String key, String contentType) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (key != null) {
            request.header("X-API-KEY", key);
        }
        if (body != null) {
            request.header("Content-Type", contentType);
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("content-type").orElse(""));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
