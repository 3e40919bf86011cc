package dev.tracevault.server.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for an OpenAI-compatible provider: {@code POST /v1/chat/completions} answers
 * "yes" when the rendered prompt contains "hello", else "no"; a prompt containing "hang" is
 * answered only after {@link #HANG}. Every request body is kept for the tests to inspect.
 */
public final class StandInProvider implements AutoCloseable {

    public static final Duration HANG = Duration.ofSeconds(8);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    public StandInProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(request);
            String prompt = request.toString();
            if (prompt.contains("hang")) {
                try {
                    Thread.sleep(HANG);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String answer = prompt.contains("hello") ? "yes" : "no";
            byte[] body = JSON.writeValueAsBytes(JSON.readTree("""
                    {"id":"chatcmpl-1","object":"chat.completion","model":"stand-in",
                     "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"%s"}}],
                     "usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11}}""".formatted(answer)));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** The base URL to configure ({@code tracevault.evaluators.llm.base-url}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<JsonNode> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
