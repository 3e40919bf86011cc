package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.ServerProcess;
import dev.tracevault.server.support.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A whole store moves to another server: {@code GET /v5/export} from a server on H2, then
 * {@code java -jar tracevault.jar import FILE} into an empty PostgreSQL database and an empty H2
 * one; the servers started on them answer the same for every log and file, export the very same
 * bytes (trailer included), show imported attribution as imported, and accept writes as the first
 * one did. An import that fails midway leaves nothing and can be retried; files that are not whole
 * exports of this server are refused; a store an import left unfinished blocks the server until the
 * next import clears it; an export that breaks midway is visibly broken.
 */
class ExportImportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anExportLoadsIntoAnEmptyStoreAllOrNothingAndExportsTheSameBytesAgain() throws Exception {
        Path dataDir = Files.createTempDirectory("tracevault-export-");
        Map<String, String> source = Map.of("TRACEVAULT_DATA_DIR", dataDir.toString(), "TRACEVAULT_API_KEY", Api.KEY);
        String url = TestPostgres.url("imported");
        Map<String, String> target = Map.of("SPRING_DATASOURCE_URL", url, "SPRING_DATASOURCE_USERNAME",
                TestPostgres.USER, "SPRING_DATASOURCE_PASSWORD", TestPostgres.PASSWORD, "TRACEVAULT_API_KEY", Api.KEY);

        List<String> reads = new ArrayList<>();
        Map<String, String> before = new LinkedHashMap<>();
        Path export = Files.createTempFile("tracevault-export-", ".ndjson");
        String exported;
        try (var server = new ServerProcess(source).start()) {
            Api api = new Api(server.port());
            refusesJsonNestedTooDeep(api);
            reads.addAll(workload(api));
            for (String path : reads) {
                var response = api.get(path);
                before.put(path, response.status() + " " + response.body());
            }
            var response = api.get("/v5/export");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).contains("application/x-ndjson");
            exported = response.body();
            Files.writeString(export, exported, StandardCharsets.UTF_8);
            assertThat(exported.contains("\"output\":\"the answer is 4\"")).as("exports are readable").isTrue();
            JsonNode trailer = trailer(exported);
            assertThat(trailer.get("events").asLong()).isEqualTo(exported.lines().count() - 1).isGreaterThan(60);
            assertThat(trailer.get("sha256").stringValue()).isEqualTo(sha256(exported.substring(0,
                    exported.lastIndexOf("{\"trailer\""))));
            assertThat(trailer.has("filter")).isFalse();
            for (String kind : List.of("FlowLogCreated", "PromptLogCreated", "ToolLogCreated", "EvaluatorLogCreated",
                    "SpanRecorded", "OutputSet", "LogCompleted", "LogErased", "FileVersionCreated",
                    "MonitoringEvaluatorActivated", "MonitoringEvaluatorDeactivated", "TraceMemberAdmitted",
                    "FileMoved", "FileVersionUpdated", "FileVersionDeleted", "FileDeleted", "DirectoryCreated")) {
                assertThat(exported.contains("." + kind + "\"")).as("the workload has a " + kind).isTrue();
            }
            var oneFile = api.get("/v5/export?file_id=" + api.get("/v5/logs/moved-root").json().get("flow")
                    .get("id").stringValue());
            assertThat(oneFile.body().lines().count()).isGreaterThan(1).isLessThan(exported.lines().count());
            assertThat(trailer(oneFile.body()).get("filter").has("file_id")).isTrue();
            assertThat(api.get("/v5/export?from=yesterday").status()).isEqualTo(422);
        }

        // a file that fails after its first batches: nothing of it stays, and the right one loads after it
        Path failing = Files.createTempFile("tracevault-failing-", ".ndjson");
        Files.writeString(failing, withTrailer(failsAfterItsFirstBatches(exported)));
        Map<String, String> smallBatches = new LinkedHashMap<>(target);
        smallBatches.put("TRACEVAULT_IMPORT_BATCH_SIZE", "5");
        String failed = runImport(smallBatches, failing, false);
        assertThat(failed).contains("the import failed after", "removing what it stored");
        assertThat(count(url, "domain_event_entry")).isZero();
        assertThat(count(url, "log_key") + count(url, "log_registry") + count(url, "file_path")
                + count(url, "directory_path") + count(url, "event_import")).isZero();
        // refused before anything is stored: an event past the API's request limit, a class that is not an event
        Path tooLarge = Files.createTempFile("tracevault-large-", ".ndjson");
        Files.writeString(tooLarge, withTrailer(withLargeOutput(exported, 40 * 1024 * 1024)));
        assertThat(runImport(target, tooLarge, false)).containsPattern("refused .*: line \\d+: longer than");
        Files.delete(tooLarge);
        Path foreign = Files.createTempFile("tracevault-foreign-", ".ndjson");
        List<String> foreignLines = new ArrayList<>(exported.replaceFirst("dev\\.tracevault\\.events\\.log\\.OutputSet",
                "java.util.HashMap").lines().toList());
        foreignLines.removeLast();
        Files.writeString(foreign, withTrailer(foreignLines));
        assertThat(runImport(target, foreign, false)).containsPattern("line \\d+: 'java.util.HashMap' is not an event");
        Files.writeString(foreign, exported.substring(0, exported.lastIndexOf("{\"trailer\"")));
        assertThat(runImport(target, foreign, false)).contains("the file has no trailer");
        assertThat(count(url, "domain_event_entry")).isZero();

        assertThat(runImport(target, export, true)).containsPattern("imported \\d+ events");
        // as a killed import process leaves it: the server does not start on it, the next import clears it
        try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
            c.createStatement().execute("update event_import set status = 'running'");
        }
        assertThatThrownBy(() -> new ServerProcess(target).start()).hasMessageContaining("did not finish");
        assertThat(runImport(target, export, true)).contains("an earlier import did not finish: removing what it stored")
                .containsPattern("imported \\d+ events");
        assertSameAfterImport(target, reads, before, exported, true);

        String again = runImport(target, export, false);
        assertThat(again).contains("not empty");

        Path h2 = Files.createTempDirectory("tracevault-imported-");
        Map<String, String> h2Target = Map.of("TRACEVAULT_DATA_DIR", h2.toString(), "TRACEVAULT_API_KEY", Api.KEY);
        runImport(h2Target, export, true);
        assertSameAfterImport(h2Target, reads, before, exported, false);
    }

    /** Starts a server on an imported store: same answers, same export, imported attribution. */
    private static void assertSameAfterImport(Map<String, String> environment, List<String> reads,
                                              Map<String, String> before, String exported, boolean breakItAfter)
            throws Exception {
        try (var server = new ServerProcess(environment).start()) {
            Api api = new Api(server.port());
            awaitProjected(api, reads.getLast());
            for (String path : reads) {
                var response = api.get(path);
                assertThat(response.status() + " " + response.body()).as(path).isEqualTo(before.get(path));
            }
            String again = api.get("/v5/export").body();
            assertThat(again.equals(exported)).as("export → import → export is byte-identical; first difference at "
                    + firstDifference(exported, again)).isTrue();

            JsonNode history = ok(api.get("/v5/logs/moved-root/history"));
            for (JsonNode event : history.get("events")) {
                assertThat(event.get("api_key").isNull()).as("an imported event is no live key's").isTrue();
                assertThat(event.get("actor").stringValue()).isEqualTo("system:import");
                assertThat(event.get("imported").get("api_key").get("id").stringValue()).isEqualTo("configured");
                assertThat(event.get("imported").get("actor").stringValue()).isEqualTo("api_key:configured");
            }

            var joined = api.post("/v5/tools/log", "{\"path\":\"moved/Tool\",\"output\":\"after the move\","
                    + "\"trace_parent_id\":\"moved-open\",\"log_id\":\"moved-after\"}");
            assertThat(joined.status()).as("the imported store accepts writes: " + joined.body()).isEqualTo(200);
            JsonNode live = ok(api.get("/v5/logs/moved-after/history")).get("events").get(0);
            assertThat(live.get("api_key").get("id").stringValue()).isEqualTo("configured");
            assertThat(live.has("imported")).isFalse();
            assertThat(api.post("/v5/flows/log", "{\"path\":\"moved/Flow\",\"log_id\":\"moved-root\","
                    + "\"inputs\":{\"q\":1},\"output\":\"x\"}").status()).as("imported ids stay taken").isEqualTo(409);
            String later = api.get("/v5/export").body();
            assertThat(later.startsWith(exported.substring(0, exported.lastIndexOf("{\"trailer\""))))
                    .as("the imported events export as they were").isTrue();
            long firstNew = JSON.readTree(later.lines().skip(exported.lines().count() - 1).findFirst().orElseThrow())
                    .get("global_index").asLong();
            assertThat(firstNew).as("new events are numbered after the imported ones")
                    .isGreaterThan(trailer(exported).get("last_global_index").asLong());

            if (breakItAfter) {
                anExportThatFailsMidwayIsCutOff(server.port(), environment.get("SPRING_DATASOURCE_URL"), exported);
            }
        }
    }

    /** One unreadable event late in the store: the export ends without a trailer, the transfer broken. */
    private static void anExportThatFailsMidwayIsCutOff(int port, String url, String exported) throws Exception {
        long late = JSON.readTree(exported.lines().skip(exported.lines().count() - 4).findFirst().orElseThrow())
                .get("global_index").asLong();
        try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
            c.createStatement().execute("update domain_event_entry set payload = convert_to('not json', 'UTF8')"
                    + " where global_index = " + late);
        }
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v5/export")).header("X-API-KEY", Api.KEY).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        assertThatThrownBy(() -> response.body().transferTo(got)).as("the transfer breaks")
                .isInstanceOf(IOException.class);
        String body = got.toString(StandardCharsets.UTF_8);
        assertThat(body.contains("\"global_index\":")).as("lines came before the break").isTrue();
        assertThat(body.contains("\"trailer\"") || body.contains("\"detail\"")).as("no trailer, no error appended")
                .isFalse();
    }

    /** Finding 3 of issue 22: JSON nested deeper than a field may be is refused where it enters. */
    private static void refusesJsonNestedTooDeep(Api api) throws Exception {
        String deep = "{\"a\":".repeat(496) + "1" + "}".repeat(496);
        var rest = api.post("/v5/flows/log", "{\"path\":\"deep/Flow\",\"log_id\":\"deep\",\"inputs\":" + deep + "}");
        assertThat(rest.status()).isEqualTo(422);
        assertThat(rest.body()).contains("[\"body\",\"inputs\"]", "nested deeper than 200 levels");
        assertThat(api.get("/v5/logs/deep").status()).isEqualTo(404);
        String inputs = "{\"a\":".repeat(250) + "1" + "}".repeat(250);
        String span = OtelApiContract.text("agent-trace.json").replace("\"{\\\"city\\\":\\\"Paris\\\"}\"",
                JSON.writeValueAsString(inputs)).replace(OtelApiContract.AGENT_TRACE, "0123456789abcdef0123456789abcdef");
        assertThat(span).contains("\\\"a\\\":{");
        var otlp = api.send("POST", OtelApiContract.OTLP, span.getBytes(StandardCharsets.UTF_8), Api.KEY,
                "application/json");
        assertThat(otlp.status() + " " + otlp.body()).contains("nested deeper than 200 levels");
    }

    /** Traces of every kind, files and versions, monitors, judgments, OTel spans and an erasure. */
    private static List<String> workload(Api api) {
        List<String> reads = new ArrayList<>();
        ok(api.post("/v5/flows/log", "{\"path\":\"moved/Flow\",\"log_id\":\"moved-root\",\"inputs\":{\"q\":\"2+2\"},"
                + "\"log_status\":\"incomplete\",\"metadata\":{\"n\":1.10},\"start_time\":\"2025-01-01T10:00:00Z\"}"));
        ok(api.post("/v5/prompts/log", "{\"path\":\"moved/Prompt\",\"prompt\":{\"model\":\"m\",\"template\":"
                + "\"{{q}}?\"},\"log_id\":\"moved-prompt\",\"trace_parent_id\":\"moved-root\",\"output\":\"4\","
                + "\"prompt_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"2+2\"}]}"));
        ok(api.post("/v5/prompts/log", "{\"path\":\"moved/Prompt\",\"prompt\":{\"model\":\"m2\",\"template\":"
                + "\"{{q}}!\",\"temperature\":0.5},\"log_id\":\"moved-prompt-v2\",\"output\":\"four\","
                + "\"output_message\":{\"role\":\"assistant\",\"content\":\"four\"},\"provider_latency\":1.25}"));
        ok(api.post("/v5/flows/log", "{\"path\":\"moved/Sub\",\"log_id\":\"moved-sub\",\"trace_parent_id\":"
                + "\"moved-root\",\"inputs\":{\"a\":1},\"log_status\":\"incomplete\"}"));
        ok(api.post("/v5/tools/log", "{\"path\":\"moved/Tool\",\"tool\":{\"function\":{\"name\":\"calc\",\"description\":\"adds\"}},"
                + "\"log_id\":\"moved-tool\",\"trace_parent_id\":\"moved-sub\",\"output\":\"4\"}"));
        ok(api.patch("/v5/flows/logs/moved-sub", "{\"output\":\"sub done\",\"log_status\":\"complete\"}"));
        String promptId = ok(api.get("/v5/logs/moved-prompt-v2")).get("prompt").get("id").stringValue();
        ok(api.patch("/v5/prompts/" + promptId + "/log/moved-prompt-v2", "{\"output\":\"4!\",\"error\":null}"));
        String toolId = ok(api.get("/v5/logs/moved-tool")).get("tool").get("id").stringValue();
        ok(api.patch("/v5/tools/" + toolId + "/log/moved-tool", "{\"output\":\"4.0\"}"));
        String evaluator = ok(api.post("/v5/evaluators", "{\"path\":\"moved/Rating\",\"spec\":{\"arguments_type\":"
                + "\"target_free\",\"return_type\":\"select\",\"evaluator_type\":\"human\",\"options\":"
                + "[{\"name\":\"good\"},{\"name\":\"bad\"}]}}")).get("id").stringValue();
        String other = ok(api.post("/v5/evaluators", "{\"path\":\"moved/Other\",\"spec\":{\"arguments_type\":"
                + "\"target_free\",\"return_type\":\"boolean\",\"evaluator_type\":\"external\"}}")).get("id").stringValue();
        String flowId = ok(api.get("/v5/logs/moved-root")).get("flow").get("id").stringValue();
        ok(api.post("/v5/flows/" + flowId + "/evaluators", "{\"activate\":[{\"evaluator_id\":\"" + evaluator
                + "\",\"environment_id\":\"production\"},{\"evaluator_id\":\"" + other + "\",\"environment_id\":\"production\"}]}"));
        ok(api.post("/v5/flows/" + flowId + "/evaluators", "{\"deactivate\":[{\"evaluator_id\":\"" + other
                + "\",\"environment_id\":\"production\"}]}"));
        ok(api.post("/v5/evaluators/log", "{\"parent_id\":\"moved-prompt\",\"path\":\"moved/Rating\","
                + "\"judgment\":\"good\",\"log_id\":\"moved-judgment\"}"));
        ok(api.patch("/v5/flows/logs/moved-root", "{\"output\":\"the answer is 4\",\"log_status\":\"complete\"}"));
        ok(api.post("/v5/evaluators/log", "{\"parent_id\":\"moved-root\",\"path\":\"moved/Rating\","
                + "\"judgment\":\"bad\",\"log_id\":\"moved-root-judgment\"}"));
        ok(api.post("/v5/flows/log", "{\"path\":\"moved/Flow\",\"log_id\":\"moved-open\",\"inputs\":{\"q\":2},"
                + "\"log_status\":\"incomplete\"}"));
        ok(api.post("/v5/flows/log", "{\"path\":\"moved/Flow\",\"log_id\":\"moved-erased\",\"inputs\":{\"q\":3},"
                + "\"output\":\"gone\"}"));
        assertThat(api.send("DELETE", "/v5/logs?id=moved-erased", (String) null, Api.KEY).status()).isEqualTo(204);
        var otel = api.send("POST", OtelApiContract.OTLP,
                OtelApiContract.text("agent-trace.json").getBytes(StandardCharsets.UTF_8), Api.KEY, "application/json");
        assertThat(otel.status()).as(otel.body()).isEqualTo(200);
        // a file's life: a move, a version renamed, a version deleted, a file deleted with its log, directories
        ok(api.patch("/v5/prompts/" + promptId, "{\"path\":\"moved/there/Prompt\"}"));
        String promptVersion = ok(api.get("/v5/logs/moved-prompt")).get("prompt").get("version_id").stringValue();
        ok(api.patch("/v5/prompts/" + promptId + "/versions/" + promptVersion, "{\"name\":\"first\"}"));
        String unused = ok(api.post("/v5/flows", "{\"path\":\"moved/Flow\",\"attributes\":{\"unused\":true}}"))
                .get("version_id").stringValue();
        assertThat(api.send("DELETE", "/v5/flows/" + flowId + "/versions/" + unused, (String) null, Api.KEY).status())
                .isEqualTo(204);
        ok(api.post("/v5/flows/log", "{\"path\":\"moved/life/Gone\",\"log_id\":\"moved-gone\",\"inputs\":{},"
                + "\"output\":\"o\"}"));
        String goneFlow = ok(api.get("/v5/logs/moved-gone")).get("flow").get("id").stringValue();
        assertThat(api.send("DELETE", "/v5/flows/" + goneFlow, (String) null, Api.KEY).status()).isEqualTo(204);
        ok(api.post("/v5/directories", "{\"path\":\"moved/empty\"}"));
        reads.add("/v5/prompts/" + promptId);
        reads.add("/v5/prompts/" + promptId + "/versions");
        reads.add("/v5/flows/" + flowId + "/versions");
        reads.add("/v5/flows/" + goneFlow);
        reads.add("/v5/logs/moved-gone");
        reads.add("/v5/directories");
        reads.add("/v5/files?size=100");
        ok(api.post("/v5/tools/log", "{\"path\":\"moved/Tool\",\"log_id\":\"moved-last\",\"output\":\"last\"}"));
        // environments and deployments: the workspace's events and the files' own
        String staging = ok(api.post("/v5/environments", "{\"name\":\"staging\"}")).get("id").stringValue();
        String flowVersion = ok(api.get("/v5/flows/" + flowId)).get("version_id").stringValue();
        ok(api.post("/v5/flows/" + flowId + "/environments/" + staging + "?version_id=" + flowVersion, null));
        ok(api.post("/v5/flows/" + flowId + "/environments/production?version_id=" + flowVersion, null));
        ok(api.post("/v5/evaluators/" + evaluator + "/environments/production?version_id="
                + ok(api.get("/v5/evaluators/" + evaluator)).get("version_id").stringValue(), null));
        ok(api.patch("/v5/environments/" + staging, "{\"name\":\"staging-renamed\"}"));
        String gone = ok(api.post("/v5/environments", "{\"name\":\"gone\"}")).get("id").stringValue();
        assertThat(api.send("DELETE", "/v5/environments/" + gone, (String) null, Api.KEY).status()).isEqualTo(204);
        assertThat(api.send("DELETE", "/v5/flows/" + flowId + "/environments/production", (String) null, Api.KEY)
                .status()).isEqualTo(204);
        reads.add("/v5/environments");
        reads.add("/v5/flows/" + flowId + "/environments");
        reads.add("/v5/flows/" + flowId + "?environment=staging-renamed");
        reads.add("/v5/flows/" + flowId);
        reads.add("/v5/evaluators/" + evaluator);
        for (String files : List.of("flows", "prompts", "tools", "evaluators")) {
            reads.add("/v5/" + files + "?size=100");
        }
        reads.add("/v5/logs/" + OtelApiContract.logId(OtelApiContract.AGENT_TRACE, OtelApiContract.ROOT_SPAN));
        for (String id : List.of("moved-root", "moved-prompt", "moved-prompt-v2", "moved-sub", "moved-tool",
                "moved-judgment", "moved-root-judgment", "moved-open", "moved-erased", "moved-last")) {
            reads.add("/v5/logs/" + id);
        }
        return reads;
    }

    /**
     * The export with one more event at its end: a file claiming a path another file holds, which
     * only storing it finds out (the command side's path registry refuses it).
     */
    private static List<String> failsAfterItsFirstBatches(String exported) {
        List<String> lines = new ArrayList<>(exported.lines().toList());
        lines.removeLast();
        JsonNode fileCreated = lines.stream().map(JSON::readTree)
                .filter(line -> line.get("payload_type").stringValue().endsWith(".FileCreated")).findFirst().orElseThrow();
        ObjectNode copy = (ObjectNode) fileCreated.deepCopy();
        long last = JSON.readTree(lines.getLast()).get("global_index").asLong();
        copy.put("global_index", last + 1);
        copy.put("event_id", "a-second-file-on-the-same-path");
        copy.put("aggregate_id", "fl_same_path");
        ((ObjectNode) copy.get("payload")).put("fileId", "fl_same_path");
        lines.add(JSON.writeValueAsString(copy));
        return lines;
    }

    /** The export with one Tool Log's output made {@code bytes} long. */
    private static List<String> withLargeOutput(String exported, int bytes) {
        List<String> lines = new ArrayList<>(exported.lines().toList());
        lines.removeLast();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"output\":\"last\"")) {
                lines.set(i, lines.get(i).replace("\"output\":\"last\"", "\"output\":\"" + "x".repeat(bytes) + "\""));
                return lines;
            }
        }
        throw new IllegalStateException("no line with the last output");
    }

    /** The lines with the trailer an export ends them with. */
    private static String withTrailer(List<String> lines) throws Exception {
        String body = String.join("\n", lines) + "\n";
        long last = JSON.readTree(lines.getLast()).get("global_index").asLong();
        return body + "{\"trailer\":{\"events\":" + lines.size() + ",\"last_global_index\":" + last + ",\"sha256\":\""
                + sha256(body) + "\"}}\n";
    }

    private static String firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 200);
        return i + ": " + a.substring(from, Math.min(a.length(), i + 200)) + "\n  vs  "
                + b.substring(from, Math.min(b.length(), i + 200));
    }

    private static JsonNode trailer(String export) {
        List<String> lines = export.lines().toList();
        return JSON.readTree(lines.getLast()).get("trailer");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static long count(String url, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD);
             var result = c.createStatement().executeQuery("select count(*) from " + table)) {
            result.next();
            return result.getLong(1);
        }
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

    /** Runs {@code import FILE}; answers its output, after checking it succeeded or failed as expected. */
    private static String runImport(Map<String, String> environment, Path file, boolean succeeds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.tracevault.server.TracevaultApplication", "import", file.toString());
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", "0");
        Path log = Files.createTempFile("tracevault-import-", ".log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        Files.delete(log);
        if (succeeds) {
            assertThat(process.exitValue()).as(output).isZero();
        } else {
            assertThat(process.exitValue()).as(output).isNotZero();
        }
        return output;
    }
}
