package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.admission.InFlightMemoryAccess;
import dev.tracevault.server.support.Api;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * While the in-flight memory is taken, a large body (declared or chunked) and a large answer wait
 * their bounded time, then get a JSON 503 with {@code Retry-After} and store nothing; small
 * requests pass; once the memory is given back the same requests are served. The sizes of stored
 * answers come from each database's own length functions.
 */
@Import(InFlightMemoryAccess.class)
abstract class MemoryAdmissionContract extends ApiContractBase {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("tracevault.memory.in-flight", () -> "64MB");
        registry.add("tracevault.memory.wait", () -> "PT0.5S");
    }

    @Autowired
    InFlightMemoryAccess memory;

    @AfterEach
    void giveBack() {
        memory.giveBackAll();
    }

    private String logWithOutput(String id, int size) {
        return "{\"path\":\"admission/" + run + "/Flow\",\"log_id\":\"" + id + "\",\"inputs\":{\"q\":1},\"output\":\""
                + "x".repeat(size) + "\"}";
    }

    private HttpResponse<String> chunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v5/flows/log"))
                .header("X-API-KEY", Api.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> declared(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-KEY", Api.KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void busy(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.body()).contains("tracevault.memory.in-flight");
    }

    /** A request gives its share back just after its answer is sent. */
    private void assertAllGivenBack() throws InterruptedException {
        for (int i = 0; i < 50 && memory.used() != 0; i++) {
            Thread.sleep(20);
        }
        assertThat(memory.used()).as("every share given back").isZero();
    }

    @Test
    void largeBodiesWaitThenGetA503AndStoreNothingWhileTheMemoryIsTaken() throws Exception {
        long before = allEvents();
        memory.takeAll();
        busy(declared("POST", "/v5/flows/log", logWithOutput(run + "-declared", 2_000_000)));
        busy(chunked(logWithOutput(run + "-chunked", 2_000_000)));
        assertThat(allEvents()).isEqualTo(before);
        // small bodies ask nothing
        assertThat(declared("POST", "/v5/flows/log", logWithOutput(run + "-small", 1000)).statusCode()).isEqualTo(200);
        memory.giveBackAll();
        assertThat(declared("POST", "/v5/flows/log", logWithOutput(run + "-declared", 2_000_000)).statusCode())
                .isEqualTo(200);
        assertThat(chunked(logWithOutput(run + "-chunked", 2_000_000)).statusCode()).isEqualTo(200);
        assertAllGivenBack();
    }

    @Test
    void largeAnswersWaitThenGetA503WhileTheMemoryIsTaken() throws Exception {
        String id = run + "-answer";
        assertThat(declared("POST", "/v5/flows/log", logWithOutput(id, 1_000_000)).statusCode()).isEqualTo(200);
        memory.takeAll();
        busy(declared("GET", "/v5/logs/" + id + "/history", null));
        busy(declared("GET", "/v5/logs/" + id, null));
        busy(declared("GET", "/v5/logs/" + id + "?version=0", null));
        memory.giveBackAll();
        assertThat(declared("GET", "/v5/logs/" + id + "/history", null).statusCode()).isEqualTo(200);
        assertThat(declared("GET", "/v5/logs/" + id, null).statusCode()).isEqualTo(200);
        assertAllGivenBack();
    }

    @Test
    void aTraceRootsAnswerTakesTheSizeOfItsWholeTrace() throws Exception {
        String root = run + "-root";
        assertThat(declared("POST", "/v5/flows/log", "{\"path\":\"admission/" + run + "/Flow\",\"log_id\":\"" + root
                + "\",\"inputs\":{\"q\":1},\"log_status\":\"incomplete\"}").statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            var child = declared("POST", "/v5/flows/log", "{\"path\":\"admission/" + run + "/Child\",\"log_id\":\""
                    + run + "-child-" + i + "\",\"trace_parent_id\":\"" + root + "\",\"inputs\":{\"q\":1},\"output\":\""
                    + "x".repeat(150_000) + "\"}");
            assertThat(child.statusCode()).as(child.body()).isEqualTo(200);
        }
        memory.takeAll();
        // each child alone is small and asks nothing; the root's answer holds all three
        assertThat(declared("GET", "/v5/logs/" + run + "-child-0", null).statusCode()).isEqualTo(200);
        busy(declared("GET", "/v5/logs/" + root, null));
        memory.giveBackAll();
        assertThat(declared("GET", "/v5/logs/" + root, null).statusCode()).isEqualTo(200);
        assertAllGivenBack();
    }

    /**
     * A page of logs ({@code GET /v5/logs}) takes the size of the documents it renders before it reads
     * them: each log of the page alone asks nothing, the page of all three waits, then a 503; with
     * trace children, a page of the root alone takes its whole trace.
     */
    @Test
    void aPageOfLogsTakesTheSizeOfItsDocuments() throws Exception {
        String root = run + "-page-root";
        var created = declared("POST", "/v5/flows/log", "{\"path\":\"admission/" + run + "/Page\",\"log_id\":\""
                + root + "\",\"inputs\":{\"q\":1},\"log_status\":\"incomplete\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String fileId = tools.jackson.databind.json.JsonMapper.builder().build().readTree(created.body()).get("flow_id").stringValue();
        for (int i = 0; i < 3; i++) {
            var child = declared("POST", "/v5/flows/log", "{\"path\":\"admission/" + run + "/Page\",\"log_id\":\""
                    + run + "-page-" + i + "\",\"trace_parent_id\":\"" + root + "\",\"inputs\":{\"q\":1},\"output\":\""
                    + "x".repeat(150_000) + "\"}");
            assertThat(child.statusCode()).as(child.body()).isEqualTo(200);
        }
        String page = "/v5/logs?file_id=" + fileId;
        memory.takeAll();
        assertThat(declared("GET", page + "&size=2", null).statusCode()).as("the root and one child: small").isEqualTo(200);
        busy(declared("GET", page + "&size=10", null));
        busy(declared("GET", page + "&size=1&include_trace_children=true", null));
        memory.giveBackAll();
        var all = declared("GET", page + "&size=10", null);
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readTree(all.body()).get("records").size()).isEqualTo(4);
        assertAllGivenBack();
    }
}
