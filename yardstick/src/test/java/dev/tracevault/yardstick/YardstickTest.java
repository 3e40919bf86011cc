package dev.tracevault.yardstick;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The yardstick over real HTTP on a file H2 database with Tracevault's settings. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"yardstick.api-key=test-key", "yardstick.data-dir=./target/yardstick-test-${random.uuid}"})
class YardstickTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void patchAnswersTheUpdatedDocumentAndStoresIt() throws Exception {
        HttpResponse<String> created = send("POST", "/v5/flows/log", """
                {"path":"bench/Flow","flow":{"attributes":{"v":1}},"inputs":{"question":"why?"},"log_status":"incomplete"}""",
                "test-key");
        assertThat(created.statusCode()).isEqualTo(200);
        String id = JSON.readTree(created.body()).get("id").asString();

        HttpResponse<String> patched = send("PATCH", "/v5/flows/logs/" + id, "{\"output\":\"abcdefghijkl\"}", "test-key");

        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode document = JSON.readTree(patched.body());
        assertThat(document.get("id").asString()).isEqualTo(id);
        assertThat(document.get("output").asString()).isEqualTo("abcdefghijkl");
        assertThat(document.get("inputs").get("question").asString()).isEqualTo("why?");
        assertThat(document.get("log_status").asString()).isEqualTo("incomplete");
        assertThat(document.get("flow").get("path").asString()).isEqualTo("bench/Flow");
        HttpResponse<String> read = send("GET", "/v5/logs/" + id, null, "test-key");
        assertThat(JSON.readTree(read.body())).isEqualTo(document);
    }

    @Test
    void refusesARequestWithoutTheKeyAndAnswers404ForAnUnknownLog() throws Exception {
        assertThat(send("PATCH", "/v5/flows/logs/log_x", "{\"output\":\"x\"}", "wrong").statusCode()).isEqualTo(401);
        assertThat(send("PATCH", "/v5/flows/logs/log_x", "{\"output\":\"x\"}", "test-key").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-KEY", key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
