package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deny by default, on each database: every route of the API document and of actuator refuses a
 * request without a key, with a wrong key and with an empty key, and so does every spelling of a
 * path that once slipped past the key check ({@code /v5;x/}, {@code /%765/}, ...); each refusal is a
 * JSON 400 or 401 holding nothing but its {@code detail}, stores nothing and erases nothing. What must
 * keep working does: the API document without a key, client log ids holding {@code /}.
 */
abstract class DenyByDefaultContract extends ApiContractBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** The key variants that are no key: none, one the server does not know, an empty one. */
    private static final List<String> NO_KEYS = java.util.Arrays.asList(null, "tv_wrong-key", "");
    private static final Set<String> REFUSALS = Set.of("missing X-API-KEY header", "invalid API key");

    RawHttp raw;
    String secret;
    String flowLogId;
    String flowId;
    String promptId;
    String toolId;

    /** Logs holding a secret, created with the key, that no refused request may show, change or erase. */
    @BeforeEach
    void createLogsToProtect() {
        raw = new RawHttp(port);
        secret = "SECRET-" + run;
        var flow = api.post("/v5/flows/log", "{\"path\":\"deny/" + run + "/Flow\",\"log_id\":\"deny/" + run
                + "/flow\",\"inputs\":{\"q\":\"" + secret + "\"},\"output\":\"" + secret + "\",\"log_status\":\"incomplete\"}");
        assertThat(flow.status()).as(flow.body()).isEqualTo(200);
        flowLogId = flow.json().get("id").stringValue();
        flowId = flow.json().get("flow_id").stringValue();
        var prompt = api.post("/v5/prompts/log", "{\"path\":\"deny/" + run + "/Prompt\",\"prompt\":{\"model\":\"m\"},"
                + "\"output\":\"" + secret + "\",\"trace_parent_id\":\"" + flowLogId + "\"}");
        assertThat(prompt.status()).as(prompt.body()).isEqualTo(200);
        promptId = prompt.json().get("prompt_id").stringValue();
        var tool = api.post("/v5/tools/log", "{\"path\":\"deny/" + run + "/Tool\",\"output\":\"" + secret + "\"}");
        assertThat(tool.status()).as(tool.body()).isEqualTo(200);
        toolId = tool.json().get("tool_id").stringValue();
    }

    @Test
    void everyDocumentedRouteAndMethodRefusesNoKeyAWrongKeyAndAnEmptyKey() throws IOException {
        JsonNode document = documentOnClasspath();
        long events = allEvents();
        SoftAssertions softly = new SoftAssertions();
        int refused = 0;
        for (var entry : document.get("paths").properties()) {
            String template = entry.getKey();
            for (String method : METHODS) {
                boolean documentedPublic = method.equals("GET") && (template.equals("/v5/openapi.json")
                        || template.startsWith("/v5/docs"));
                if (documentedPublic) {
                    continue;
                }
                String path = concrete(template);
                for (String key : NO_KEYS) {
                    var response = api.send(method, path, bodyFor(method), key);
                    assertRefused(softly, method + " " + path + " with key " + describe(key), response.status(),
                            response.contentType(), response.body(), 401);
                    refused++;
                }
            }
        }
        softly.assertAll();
        assertThat(refused).as("every path of the document was tried").isGreaterThan(30 * METHODS.size() * 3);
        assertNothingChanged(events);
    }

    @Test
    void theDocumentAndItsPageAnswerWithoutAKey() {
        for (String path : List.of("/v5/openapi.json", "/v5/docs", "/v5/docs/swagger-ui.css",
                "/v5/docs/swagger-ui-bundle.js", "/v5/docs/swagger-init.js", "/v5/docs/favicon-32x32.png")) {
            for (String key : NO_KEYS) {
                assertThat(api.send("GET", path, (String) null, key).status()).as(path + " " + describe(key)).isEqualTo(200);
            }
        }
    }

    @Test
    void actuatorShowsOnlyTheProbesStatusWithoutAKey() {
        long events = allEvents();
        SoftAssertions softly = new SoftAssertions();
        for (String path : List.of("/actuator", "/actuator/info", "/actuator/prometheus", "/actuator/health/db",
                "/actuator/health/processors", "/actuator/health/diskSpace", "/actuator/env", "/actuator/heapdump",
                "/actuator/threaddump", "/actuator/metrics", "/h2-console")) {
            for (String key : NO_KEYS) {
                var response = api.send("GET", path, (String) null, key);
                assertRefused(softly, path + " " + describe(key), response.status(), response.contentType(),
                        response.body(), 401);
            }
        }
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            for (String key : NO_KEYS) {
                var response = api.send("GET", path, (String) null, key);
                softly.assertThat(response.status()).as(path).isEqualTo(200);
                JsonNode health = response.json();
                softly.assertThat(health.get("status").stringValue()).as(path).isEqualTo("UP");
                softly.assertThat(health.propertyNames()).as(path + ": the status and nothing about this instance")
                        .isSubsetOf("status", "groups");
                softly.assertThat(response.body()).as(path).doesNotContain("components", "details", "H2", "path");
            }
        }
        // with a key, the details
        for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
            softly.assertThat(api.get(path).body()).as(path + " with a key").contains("components", "processors");
        }
        softly.assertAll();
        assertNothingChanged(events);
    }

    /** The spellings of {@code /v5/<rest>} that once reached the API without a key, and their kin. */
    static Map<String, UnaryOperator<String>> pathTricks() {
        Map<String, UnaryOperator<String>> tricks = new LinkedHashMap<>();
        tricks.put("matrix parameter", rest -> "/v5;x" + rest);
        tricks.put("empty matrix parameter", rest -> "/v5;" + rest);
        tricks.put("jsessionid in the prefix", rest -> "/v5;jsessionid=0A1B2C" + rest);
        tricks.put("jsessionid at the end", rest -> withSuffix("/v5" + rest, ";jsessionid=0A1B2C"));
        tricks.put("encoded v", rest -> "/%765" + rest);
        tricks.put("encoded 5", rest -> "/v%35" + rest);
        tricks.put("all encoded", rest -> "/%76%35" + rest);
        tricks.put("double slash before", rest -> "//v5" + rest);
        tricks.put("double slash after", rest -> "/v5/" + rest);
        tricks.put("upper case", rest -> "/V5" + rest);
        tricks.put("dot segment before", rest -> "/./v5" + rest);
        tricks.put("dot segment after", rest -> "/v5/." + rest);
        tricks.put("dot-dot segment", rest -> "/v5/../v5" + rest);
        tricks.put("dot-dot from elsewhere", rest -> "/actuator/../v5" + rest);
        tricks.put("encoded dots", rest -> "/v5/%2e%2e/v5" + rest);
        tricks.put("encoded slash between segments", rest -> "/v5%2F" + rest.substring(1));
        tricks.put("encoded slash lower case", rest -> "/v5%2f" + rest.substring(1));
        tricks.put("encoded backslash", rest -> "/v5%5C" + rest.substring(1));
        tricks.put("encoded semicolon", rest -> "/v5%3Bx" + rest);
        tricks.put("trailing slash", rest -> withSuffix("/v5" + rest, "/"));
        return tricks;
    }

    private static String withSuffix(String target, String suffix) {
        int query = target.indexOf('?');
        return query < 0 ? target + suffix : target.substring(0, query) + suffix + target.substring(query);
    }

    @Test
    void noSpellingOfAPathReachesTheApiWithoutAKey() {
        String id = Api.segment(flowLogId);
        String created = "{\"path\":\"deny/" + run + "/Trick\",\"inputs\":{\"q\":1},\"output\":\"STORED-" + run + "\"}";
        List<String[]> operations = List.of(
                new String[] {"GET", "/export", null},
                new String[] {"GET", "/logs/" + id, null},
                new String[] {"GET", "/logs?file_id=" + flowId, null},
                new String[] {"GET", "/logs/" + id + "/history", null},
                new String[] {"GET", "/flows/" + flowId + "/stats", null},
                new String[] {"DELETE", "/logs?id=" + id, null},
                new String[] {"POST", "/flows/log", created},
                new String[] {"PATCH", "/flows/logs/" + id, "{\"output\":\"CHANGED-" + run + "\",\"log_status\":\"complete\"}"},
                new String[] {"POST", "/admin/replay", "{}"});
        long events = allEvents();
        SoftAssertions softly = new SoftAssertions();
        for (var trick : pathTricks().entrySet()) {
            for (String[] operation : operations) {
                String target = trick.getValue().apply(operation[1]);
                for (String key : NO_KEYS) {
                    RawHttp.Response response = raw.send(operation[0], target, key, operation[2]);
                    assertRefused(softly, trick.getKey() + ": " + operation[0] + " " + target + " " + describe(key),
                            response.status(), response.header("Content-Type"), response.body(), 400, 401);
                }
            }
        }
        softly.assertAll();
        assertNothingChanged(events);
    }

    @Test
    void clientLogIdsWithSlashesStillWorkThroughEveryVerb() {
        for (String clientId : List.of("deny/" + run + "/a b", "deny/" + run + "/100%/x\\y;z", "deny//" + run)) {
            String path = Api.segment(clientId);
            assertThat(path).contains("%2F");
            var created = api.post("/v5/flows/log", "{\"path\":\"deny/" + run + "/Ids\",\"log_id\":" + quote(clientId)
                    + ",\"inputs\":{\"q\":1},\"log_status\":\"incomplete\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            var patched = api.patch("/v5/flows/logs/" + path, "{\"output\":\"ok\",\"log_status\":\"complete\"}");
            assertThat(patched.status()).as(clientId + ": " + patched.body()).isEqualTo(200);
            var read = api.get("/v5/logs/" + path);
            assertThat(read.status()).as(clientId + ": " + read.body()).isEqualTo(200);
            assertThat(read.json().get("id").stringValue()).isEqualTo(clientId);
            assertThat(read.json().get("output").stringValue()).isEqualTo("ok");
            var erased = api.send("DELETE", "/v5/logs?id=" + path, (String) null, Api.KEY);
            assertThat(erased.status()).as(clientId + ": " + erased.body()).isEqualTo(204);
            var tombstone = api.get("/v5/logs/" + path);
            assertThat(tombstone.status()).as(clientId + ": " + tombstone.body()).isEqualTo(200);
            assertThat(tombstone.json().get("erased").asBoolean()).as(clientId + " is a tombstone").isTrue();
            assertThat(tombstone.json().get("output").isNull()).as(clientId + ": the content is gone").isTrue();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void assertRefused(SoftAssertions softly, String what, int status, String contentType, String body,
            Integer... statuses) {
        softly.assertThat(status).as(what + ": " + body).isIn((Object[]) statuses);
        softly.assertThat(contentType).as(what).startsWith("application/json");
        softly.assertThat(body).as(what).doesNotContain(secret, flowLogId, flowId, "STORED-", "<html");
        try {
            JsonNode json = JSON.readTree(body);
            softly.assertThat(json.propertyNames()).as(what + ": nothing but the detail").containsExactly("detail");
            if (status == 401) {
                softly.assertThat(json.get("detail").stringValue()).as(what).isIn(REFUSALS);
            }
        } catch (RuntimeException e) {
            softly.fail(what + ": not JSON: " + body);
        }
    }

    /** Nothing was stored (no event) and nothing erased or changed: the protected logs read as before. */
    private void assertNothingChanged(long events) {
        assertThat(allEvents()).as("no event was stored").isEqualTo(events);
        var log = api.get("/v5/logs/" + Api.segment(flowLogId));
        assertThat(log.status()).as(log.body()).isEqualTo(200);
        assertThat(log.json().get("output").stringValue()).isEqualTo(secret);
        assertThat(log.json().get("log_status").stringValue()).isEqualTo("incomplete");
        assertThat(log.json().get("trace_children")).hasSize(1);
    }

    private String concrete(String template) {
        String files = template.startsWith("/v5/prompts") ? promptId
                : template.startsWith("/v5/tools") ? toolId
                : template.startsWith("/v5/evaluators") ? "ev_unknown" : flowId;
        String path = template.replace("{log_id}", Api.segment(flowLogId))
                .replace("{asset}", "swagger-ui.css").replace("{environment_id}", "env_default")
                .replace("{version_id}", "flv_unknown");
        path = template.startsWith("/v5/logs/") ? path.replace("{id}", Api.segment(flowLogId)) : path.replace("{id}", files);
        if (path.equals("/v5/logs")) {
            path += "?id=" + Api.segment(flowLogId) + "&file_id=" + flowId;
        }
        return path;
    }

    private String bodyFor(String method) {
        if (method.equals("GET") || method.equals("DELETE")) {
            return null;
        }
        return "{\"path\":\"deny/" + run + "/Stored\",\"prompt\":{\"model\":\"m\"},\"inputs\":{\"q\":1},"
                + "\"output\":\"STORED-" + run + "\",\"log_status\":\"complete\"}";
    }

    private static String describe(String key) {
        return key == null ? "(none)" : key.isEmpty() ? "(empty)" : "(wrong)";
    }

    private static JsonNode documentOnClasspath() throws IOException {
        try (InputStream in = new ClassPathResource("api-docs/openapi.json").getInputStream()) {
            return JSON.readTree(in);
        }
    }
}
