package dev.tracevault.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP client talking to the server on 127.0.0.1 (HTTP/1.1 with keep-alive). Separate
 * instances have separate connection pools: the time-to-visible reader uses its own.
 */
final class Api {

    /** A finished request: status -1 means no HTTP answer (I/O error or timeout). */
    record Response(int status, String body, long startNanos, long endNanos) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        long nanos() {
            return endNanos - startNanos;
        }
    }

    private final HttpClient client;
    private final String base;
    private final String apiKey;

    Api(int port, String apiKey) {
        this(port, apiKey, null);
    }

    private Api(int port, String apiKey, java.net.CookieHandler cookies) {
        var builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (cookies != null) {
            builder.cookieHandler(cookies);
        }
        this.client = builder.build();
        this.base = "http://127.0.0.1:" + port;
        this.apiKey = apiKey;
    }

    private static final java.util.regex.Pattern CSRF = java.util.regex.Pattern.compile(
            "name=\"([^\"]+)\" value=\"([^\"]+)\"");

    /**
     * A client signed in to the viewer as a person is (the sign-in form with the key and its CSRF
     * token; the session cookie kept): for the viewer's own data, {@code /ui/api/...}.
     */
    static Api signedIn(int port, String apiKey) {
        var api = new Api(port, apiKey, new java.net.CookieManager());
        Response page = api.send("GET", "/ui/sign-in", null, false);
        var token = CSRF.matcher(page.body());
        String form = "key=" + java.net.URLEncoder.encode(apiKey, java.nio.charset.StandardCharsets.UTF_8)
                + (token.find() ? "&" + token.group(1) + "=" + java.net.URLEncoder.encode(token.group(2),
                java.nio.charset.StandardCharsets.UTF_8) : "");
        try {
            var response = api.client.send(HttpRequest.newBuilder(URI.create(api.base + "/ui/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
            String location = response.headers().firstValue("Location").orElse("");
            if (response.statusCode() != 302 || location.contains("error")) {
                throw new IllegalStateException("viewer sign-in failed: " + response.statusCode() + " " + location);
            }
        } catch (IOException e) {
            throw new IllegalStateException("viewer sign-in failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return api;
    }

    Response get(String path) {
        return send("GET", path, null, true);
    }

    Response post(String path, String json) {
        return send("POST", path, json, true);
    }

    Response patch(String path, String json) {
        return send("PATCH", path, json, true);
    }

    /** Without the API key: any answer (401) means the HTTP side is up. */
    Response getAnonymous(String path) {
        return send("GET", path, null, false);
    }

    private Response send(String method, String path, String json, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (authenticated) {
            request.header("X-API-KEY", apiKey);
        }
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), start, System.nanoTime());
        } catch (IOException e) {
            return new Response(-1, e.toString(), start, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "interrupted", start, System.nanoTime());
        }
    }

    void close() {
        client.close();
    }
}
