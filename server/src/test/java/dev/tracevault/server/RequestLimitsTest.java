package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.TestDatabases;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Bodies over {@code tracevault.max-request-size} get a JSON 413 and store nothing, however they are sent. */
class RequestLimitsTest extends ApiContractBase {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
        registry.add("tracevault.max-request-size", () -> "64KB");
    }

    private static String logWithOutput(int size) {
        return "{\"path\":\"limits/Flow\",\"inputs\":{\"q\":1},\"output\":\"" + "x".repeat(size) + "\"}";
    }

    @Test
    void aBodyDeclaredTooLargeIsRefusedWith413() {
        long before = allEvents();
        var response = api.post("/v5/flows/log", logWithOutput(70_000));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).contains("max-request-size");
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void aChunkedBodyIsRefusedOnceItPassesTheLimit() throws Exception {
        long before = allEvents();
        byte[] body = logWithOutput(200_000).getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v5/flows/log"))
                .header("X-API-KEY", Api.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("max-request-size");
        assertThat(allEvents()).isEqualTo(before);
    }

    @Test
    void aBodyUnderTheLimitIsServed() {
        assertThat(api.post("/v5/flows/log", logWithOutput(10_000)).status()).isEqualTo(200);
    }
}
