package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.ServerProcess;
import dev.tracevault.server.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole store moves to another server: {@code GET /v5/export} from a server on H2, then
 * {@code java -jar tracevault.jar import FILE} into an empty PostgreSQL database; the server
 * started on it returns the same API output for every log and file, and accepts writes as the
 * first one did.
 */
class ExportImportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anExportLoadedIntoAnEmptyStoreAnswersTheSameForEveryLog() throws Exception {
        Path dataDir = Files.createTempDirectory("tracevault-export-");
        Map<String, String> source = Map.of("TRACEVAULT_DATA_DIR", dataDir.toString(), "TRACEVAULT_API_KEY", Api.KEY);
        String url = TestPostgres.url("imported");
        Map<String, String> target = Map.of("SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_USERNAME",
                TestPostgres.USER, "SPRING_DATASOURCE_PASSWORD", TestPostgres.PASSWORD, "TRACEVAULT_API_KEY", Api.KEY);

        List<String> reads = new ArrayList<>();
        Map<String, String> before = new LinkedHashMap<>();
        Path export = Files.createTempFile("tracevault-export-", ".ndjson");
        try (var server = new ServerProcess(source).start()) {
            Api api = new Api(server.port());
            reads.addAll(workload(api));
            for (String path : reads) {
                var response = api.get(path);
                before.put(path, response.status() + " " + response.body());
            }
            var exported = api.get("/v5/export");
            assertThat(exported.status()).isEqualTo(200);
            assertThat(exported.contentType()).contains("application/x-ndjson");
            Files.writeString(export, exported.body(), StandardCharsets.UTF_8);
            assertThat(exported.body()).as("exports are readable").contains("\"output\":\"the answer is 4\"");
            var oneFile = api.get("/v5/export?file_id=" + api.get("/v5/logs/moved-root").json().get("flow")
                    .get("id").stringValue());
            assertThat(oneFile.body().lines().count()).isPositive().isLessThan(exported.body().lines().count());
            assertThat(api.get("/v5/export?from=yesterday").status()).isEqualTo(422);
        }

        Process load = importProcess(target, export);
        assertThat(load.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String output = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(load.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("imported \\d+ events");

        try (var server = new ServerProcess(target).start()) {
            Api api = new Api(server.port());
            awaitProjected(api, reads.getLast());
            for (String path : reads) {
                var response = api.get(path);
                assertThat(response.status() + " " + response.body()).as(path).isEqualTo(before.get(path));
            }
            var joined = api.post("/v5/tools/log", "{\"path\":\"moved/Tool\",\"output\":\"after the move\","
                    + "\"trace_parent_id\":\"moved-open\"}");
            assertThat(joined.status()).as("the imported store accepts writes: " + joined.body()).isEqualTo(200);
            assertThat(api.post("/v5/flows/log", "{\"path\":\"moved/Flow\",\"log_id\":\"moved-root\","
                    + "\"inputs\":{\"q\":1},\"output\":\"x\"}").status()).as("imported ids stay taken").isEqualTo(409);
        }

        Process again = importProcess(target, export);
        assertThat(again.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String refused = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(again.exitValue()).as(refused).isNotZero();
        assertThat(refused).contains("not empty");
    }

    /** Traces of every kind, files, monitors, judgments and an erasure; answers the paths to compare. */
    private static List<String> workload(Api api) {
        List<String> reads = new ArrayList<>();
        ok(api.post("/v5/flows/log", "{\"path\":\"moved/Flow\",\"log_id\":\"moved-root\",\"inputs\":{\"q\":\"2+2\"},"
                + "\"log_status\":\"incomplete\",\"metadata\":{\"n\":1.10},\"start_time\":\"2025-01-01T10:00:00Z\"}"));
        ok(api.post("/v5/prompts/log", "{\"path\":\"moved/Prompt\",\"prompt\":{\"model\":\"m\",\"template\":"
                + "\"{{q}}?\"},\"log_id\":\"moved-prompt\",\"trace_parent_id\":\"moved-root\",\"output\":\"4\","
                + "\"prompt_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"2+2\"}]}"));
        ok(api.post("/v5/flows/log", "{\"path\":\"moved/Sub\",\"log_id\":\"moved-sub\",\"trace_parent_id\":"
                + "\"moved-root\",\"inputs\":{\"a\":1},\"log_status\":\"incomplete\"}"));
        ok(api.post("/v5/tools/log", "{\"path\":\"moved/Tool\",\"tool\":{\"function\":{\"name\":\"calc\",\"description\":\"adds\"}},"
                + "\"log_id\":\"moved-tool\",\"trace_parent_id\":\"moved-sub\",\"output\":\"4\"}"));
        ok(api.patch("/v5/flows/logs/moved-sub", "{\"output\":\"sub done\",\"log_status\":\"complete\"}"));
        String evaluator = ok(api.post("/v5/evaluators", "{\"path\":\"moved/Rating\",\"spec\":{\"arguments_type\":"
                + "\"target_free\",\"return_type\":\"select\",\"evaluator_type\":\"human\",\"options\":"
                + "[{\"name\":\"good\"},{\"name\":\"bad\"}]}}")).get("id").stringValue();
        String flowId = ok(api.get("/v5/logs/moved-root")).get("flow").get("id").stringValue();
        ok(api.post("/v5/flows/" + flowId + "/evaluators", "{\"activate\":[{\"evaluator_id\":\"" + evaluator
                + "\",\"environment_id\":\"production\"}]}"));
        ok(api.post("/v5/evaluators/log", "{\"parent_id\":\"moved-prompt\",\"path\":\"moved/Rating\","
                + "\"judgment\":\"good\",\"log_id\":\"moved-judgment\"}"));
        ok(api.patch("/v5/flows/logs/moved-root", "{\"output\":\"the answer is 4\",\"log_status\":\"complete\"}"));
        ok(api.post("/v5/flows/log", "{\"path\":\"moved/Flow\",\"log_id\":\"moved-open\",\"inputs\":{\"q\":2},"
                + "\"log_status\":\"incomplete\"}"));
        ok(api.post("/v5/flows/log", "{\"path\":\"moved/Flow\",\"log_id\":\"moved-erased\",\"inputs\":{\"q\":3},"
                + "\"output\":\"gone\"}"));
        assertThat(api.send("DELETE", "/v5/logs?id=moved-erased", null, Api.KEY).status()).isEqualTo(204);
        ok(api.post("/v5/tools/log", "{\"path\":\"moved/Tool\",\"log_id\":\"moved-last\",\"output\":\"last\"}"));
        reads.add("/v5/flows/" + flowId);
        reads.add("/v5/evaluators/" + evaluator);
        for (String files : List.of("flows", "prompts", "tools", "evaluators")) {
            reads.add("/v5/" + files + "?size=100");
        }
        for (String id : List.of("moved-root", "moved-prompt", "moved-sub", "moved-tool", "moved-judgment",
                "moved-open", "moved-erased", "moved-last")) {
            reads.add("/v5/logs/" + id);
        }
        return reads;
    }

    private static JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void awaitProjected(Api api, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && api.get(path).status() != 200) {
            Thread.sleep(200);
        }
    }

    private static Process importProcess(Map<String, String> environment, Path file) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.tracevault.server.TracevaultApplication", "import", file.toString());
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", "0");
        return builder.redirectErrorStream(true).start();
    }
}
