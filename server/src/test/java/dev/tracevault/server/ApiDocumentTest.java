package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.DocumentedSchemas;
import dev.tracevault.server.support.TestDatabases;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.assertj.core.api.SoftAssertions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v5/openapi.json} describes exactly the API the running server maps: every {@code /v5}
 * handler mapping (method and path) is documented, and every documented operation is mapped. The
 * document is valid enough to be trusted (OpenAPI 3.1, every {@code $ref} resolves, every path
 * variable declared), and it and its page answer without an API key.
 */
class ApiDocumentTest extends ApiContractBase {

    /**
     * Documented, but mapped only once the branches that add them are merged (issue #7). Empty this
     * list after merging: from then on the test demands that each of them is mapped.
     */
    private static final Set<String> NOT_YET_MAPPED = Set.of();

    /**
     * Path variables that stand for the collection segment: a mapping such as
     * {@code /v5/{files}/{id}/evaluators} serves (and must document) each of these collections. A
     * mapping that serves fewer names them in its pattern instead: {@code {files:flows|prompts}}.
     */
    private static final Map<String, List<String>> COLLECTION_VARIABLES =
            Map.of("files", List.of("flows", "prompts", "tools", "evaluators"));

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::(.*))?}");
    private static final Pattern ALTERNATIVES = Pattern.compile("[\\w.-]+(\\|[\\w.-]+)*");
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Autowired
    ApplicationContext context;

    @Test
    void theDocumentAndItsPageAnswerWithoutAKey() {
        var document = api.send("GET", "/v5/openapi.json", (String) null, null);
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.contentType()).startsWith("application/json");
        assertThat(document.json().get("openapi").stringValue()).startsWith("3.1.");

        var page = api.send("GET", "/v5/docs", (String) null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("docs/swagger-ui-bundle.js", "docs/swagger-ui.css", "docs/swagger-init.js")
                .as("no inline script: the page's Content-Security-Policy allows none").doesNotContainPattern("<script>");
        var init = api.send("GET", "/v5/docs/swagger-init.js", (String) null, null);
        assertThat(init.status()).isEqualTo(200);
        assertThat(init.contentType()).startsWith("text/javascript");
        assertThat(init.body()).contains("SwaggerUIBundle(", "\"openapi.json\"");

        // the files the page loads come from the webjar, here, without a key
        var bundle = api.send("GET", "/v5/docs/swagger-ui-bundle.js", (String) null, null);
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.contentType()).startsWith("text/javascript");
        assertThat(bundle.body()).contains("SwaggerUIBundle");
        var css = api.send("GET", "/v5/docs/swagger-ui.css", (String) null, null);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
    }

    @Test
    void theExemptionIsExact() {
        // anything else under /v5 still needs a key, even next to the document
        for (String path : List.of("/v5/docs/index.html", "/v5/docs/", "/v5/openapi.json/x", "/v5/openapi.yaml",
                "/v5/logs/x")) {
            var response = api.send("GET", path, (String) null, null);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.json().get("detail").stringValue()).isEqualTo("missing X-API-KEY header");
        }
        // a path that climbs out of the page's folder is refused before anything reads it
        var climbing = api.send("GET", "/v5/docs/../logs/x", (String) null, null);
        assertThat(climbing.status()).isEqualTo(400);
        assertThat(climbing.json().get("detail").isString()).isTrue();
        var post = api.send("POST", "/v5/openapi.json", "{}", null);
        assertThat(post.status()).isEqualTo(401);
        // with a key, an unknown file of the page is a JSON 404
        var unknown = api.get("/v5/docs/index.html");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").isString()).isTrue();
    }

    @Test
    void theDocumentIsOpenApi31AndEveryReferenceResolves() {
        JsonNode document = document();
        assertThat(document.get("openapi").stringValue()).matches("3\\.1\\.\\d+");
        assertThat(document.at("/info/title").isString()).isTrue();
        assertThat(document.at("/components/securitySchemes/APIKeyHeader/name").stringValue()).isEqualTo("X-API-KEY");
        assertThat(document.at("/components/securitySchemes/APIKeyHeader/in").stringValue()).isEqualTo("header");
        assertThat(document.at("/security/0/APIKeyHeader").isArray()).isTrue();

        // an independent parser reads it as OpenAPI 3.1 and finds nothing wrong
        var options = new ParseOptions();
        options.setResolve(true);
        var parsed = new OpenAPIV3Parser().readContents(api.send("GET", "/v5/openapi.json", (String) null, null).body(),
                null, options);
        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
        assertThat(parsed.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(parsed.getOpenAPI().getPaths()).hasSizeGreaterThan(30);

        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("a local reference").startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
        }
        // no schema, parameter or response is defined and never used
        for (String section : List.of("schemas", "parameters", "responses")) {
            for (String name : document.get("components").get(section).propertyNames()) {
                assertThat(refs).as("#/components/%s/%s is used", section, name)
                        .contains("#/components/" + section + "/" + name);
            }
        }
    }

    @Test
    void everyOperationIsWellFormed() {
        JsonNode document = document();
        Set<String> operationIds = new HashSet<>();
        for (var path : document.get("paths").properties()) {
            Set<String> variables = new TreeSet<>();
            var matcher = VARIABLE.matcher(path.getKey());
            while (matcher.find()) {
                variables.add(matcher.group(1));
            }
            for (var operation : path.getValue().properties()) {
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                assertThat(HTTP_METHODS).as(name).contains(operation.getKey());
                JsonNode op = operation.getValue();
                assertThat(operationIds.add(op.get("operationId").stringValue())).as("%s has a unique operationId", name).isTrue();
                Set<String> declared = new TreeSet<>();
                for (JsonNode parameter : op.path("parameters")) {
                    JsonNode resolved = resolve(document, parameter);
                    if (resolved.get("in").stringValue().equals("path")) {
                        assertThat(resolved.get("required").booleanValue()).as(name).isTrue();
                        declared.add(resolved.get("name").stringValue());
                    }
                }
                assertThat(declared).as("%s declares its path variables", name).isEqualTo(variables);
                assertThat(op.get("responses").propertyNames()).as("%s answers something on success", name)
                        .anyMatch(status -> status.startsWith("2"));
                boolean keyless = op.has("security") && op.get("security").isEmpty();
                assertThat(keyless).as("%s without a key", name)
                        .isEqualTo(path.getKey().equals("/v5/openapi.json") || path.getKey().startsWith("/v5/docs"));
                if (!keyless) {
                    assertThat(op.get("responses").has("401")).as("%s documents its 401", name).isTrue();
                }
            }
        }
    }

    /**
     * The answers of a failing database are documented where they can come: every keyed operation can answer
     * 503 and every write 507, each with {@code Retry-After} and the error body's {@code type}.
     */
    @Test
    void everyOperationDocumentsTheDatabasesAnswersWithTheirType() {
        JsonNode document = document();
        assertThat(document.at("/components/schemas/Detail/properties/type/type").stringValue()).isEqualTo("string");
        assertThat(document.at("/components/schemas/Detail/properties/type/description").stringValue())
                .contains("database_unavailable", "database_out_of_space", "outcome_unknown");
        List<String> missing = new ArrayList<>();
        for (var path : document.get("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                JsonNode op = operation.getValue();
                if (op.has("security") && op.get("security").isEmpty()) {
                    continue;
                }
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                List<String> statuses = new ArrayList<>(List.of("503"));
                if (!operation.getKey().equals("get")) {
                    statuses.add("507");
                }
                for (String status : statuses) {
                    JsonNode response = op.get("responses").get(status);
                    if (response == null) {
                        missing.add(name + " " + status);
                        continue;
                    }
                    JsonNode resolved = resolve(document, response);
                    if (!resolved.at("/headers").has("Retry-After")
                            || !resolve(document, resolved.at("/content/application~1json/schema"))
                            .at("/properties").has("type")) {
                        missing.add(name + " " + status + " (Retry-After and a type)");
                    }
                }
            }
        }
        assertThat(missing).as("operations without the database's answers").isEmpty();
    }

    @Test
    void everyMappedEndpointIsDocumentedAndEveryDocumentedOneIsMapped() {
        List<String> documented = new ArrayList<>();
        for (var path : document().get("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                documented.add(method.toUpperCase() + " " + normalised(path.getKey()));
            }
        }
        List<String> mapped = mappedOperations();
        assertThat(mapped).as("the server maps /v5 endpoints").hasSizeGreaterThan(20);

        List<String> undocumented = new ArrayList<>();
        for (String mapping : mapped) {
            for (String concrete : expanded(mapping)) {
                if (documented.stream().noneMatch(operation -> matches(concrete, operation))) {
                    undocumented.add(concrete.equals(mapping) ? mapping : concrete + " (of " + mapping + ")");
                }
            }
        }

        List<String> unmapped = documented.stream()
                .filter(operation -> mapped.stream().noneMatch(mapping -> matches(mapping, operation)))
                .filter(operation -> !NOT_YET_MAPPED.contains(operation))
                .toList();
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(undocumented).as("mapped but missing from openapi.json").isEmpty();
            softly.assertThat(unmapped).as("documented but not mapped by the server").isEmpty();
            softly.assertThat(documented).as("every not-yet-mapped entry names a documented operation")
                    .containsAll(NOT_YET_MAPPED);
        });
    }

    @Test
    void realAnswersFitTheirDocumentedSchemas() {
        var schemas = new DocumentedSchemas(document());
        List<String> problems = new ArrayList<>();
        // the answer of each request, checked against its operation's documented schema
        java.util.function.BiFunction<String, Api.Response, JsonNode> fits = (operation, response) -> {
            String[] parts = operation.split(" ");
            var schema = schemas.responseSchema(parts[0], parts[1], response.status());
            schemas.problems(response.json(), schema).forEach(problem -> problems.add(operation + " " + problem));
            return response.json();
        };
        String flowPath = "docs/" + run + "/flow";
        JsonNode flowLog = fits.apply("POST /v5/flows/log", api.post("/v5/flows/log", """
                {"path": %s, "flow": {"attributes": {"v": 1}}, "inputs": {"q": 1}, "log_status": "incomplete",
                 "messages": [{"role": "user", "content": "hi"}]}""".formatted(quote(flowPath))));
        String flowLogId = flowLog.get("id").stringValue();
        String flowId = flowLog.get("flow_id").stringValue();
        JsonNode promptLog = fits.apply("POST /v5/prompts/log", api.post("/v5/prompts/log", """
                {"path": %s, "prompt": {"model": "gpt-4o", "template": [{"role": "system", "content": "be brief"}], "temperature": 0.2},
                 "trace_parent_id": %s, "inputs": {"q": 1}, "output": "4", "prompt_tokens": 3, "tool_choice": "auto",
                 "output_message": {"role": "assistant", "content": [{"type": "text", "text": "4"}]}}"""
                .formatted(quote("docs/" + run + "/prompt"), quote(flowLogId))));
        String promptId = promptLog.get("prompt_id").stringValue();
        JsonNode toolLog = fits.apply("POST /v5/tools/log", api.post("/v5/tools/log", """
                {"path": %s, "tool": {"function": {"name": "calc", "description": "adds"}}, "trace_parent_id": %s,
                 "inputs": {"a": 1}, "output": "2"}""".formatted(quote("docs/" + run + "/tool"), quote(flowLogId))));
        String toolId = toolLog.get("tool_id").stringValue();
        JsonNode evaluator = fits.apply("POST /v5/evaluators", api.post("/v5/evaluators", """
                {"path": %s, "spec": {"arguments_type": "target_free", "return_type": "select", "evaluator_type": "human",
                 "options": [{"name": "good", "valence": "positive"}, {"name": "bad"}], "instructions": "pick"}}"""
                .formatted(quote("docs/" + run + "/evaluator"))));
        String evaluatorId = evaluator.get("id").stringValue();
        fits.apply("POST /v5/flows/{id}/evaluators", api.post("/v5/flows/" + flowId + "/evaluators",
                "{\"activate\": [{\"evaluator_version_id\": " + quote(evaluator.get("version_id").stringValue()) + "}]}"));
        fits.apply("POST /v5/evaluators/log", api.post("/v5/evaluators/log", """
                {"id": %s, "parent_id": %s, "judgment": "good"}""".formatted(quote(evaluatorId), quote(promptLog.get("id").stringValue()))));
        fits.apply("PATCH /v5/prompts/{id}/log/{log_id}", api.patch("/v5/prompts/" + promptId + "/log/" + promptLog.get("id").stringValue(),
                "{\"finish_reason\": \"stop\", \"log_status\": \"complete\"}"));
        fits.apply("PATCH /v5/tools/{id}/log/{log_id}", api.patch("/v5/tools/" + toolId + "/log/" + toolLog.get("id").stringValue(),
                "{\"stdout\": \"ok\"}"));
        fits.apply("PATCH /v5/flows/logs/{log_id}", api.patch("/v5/flows/logs/" + flowLogId,
                "{\"output\": \"4\", \"log_status\": \"complete\"}"));
        fits.apply("GET /v5/logs/{id}", api.get("/v5/logs/" + flowLogId));
        fits.apply("GET /v5/logs/{id}", api.get("/v5/logs/" + flowLogId + "?version=0"));
        fits.apply("GET /v5/logs/{id}/history", api.get("/v5/logs/" + flowLogId + "/history"));
        fits.apply("GET /v5/flows/{id}", api.get("/v5/flows/" + flowId));
        fits.apply("GET /v5/prompts/{id}", api.get("/v5/prompts/" + promptId));
        fits.apply("GET /v5/tools/{id}", api.get("/v5/tools/" + toolId));
        fits.apply("GET /v5/evaluators/{id}", api.get("/v5/evaluators/" + evaluatorId));
        for (String files : List.of("flows", "prompts", "tools", "evaluators")) {
            fits.apply("GET /v5/" + files, api.get("/v5/" + files + "?size=100"));
        }
        fits.apply("GET /v5/admin/replay", api.get("/v5/admin/replay"));
        byte[] noSpans = "{\"resourceSpans\": []}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        fits.apply("POST /v5/import/otel/v1/traces", api.send("POST", "/v5/import/otel/v1/traces", noSpans, Api.KEY, "text/plain"));
        fits.apply("POST /v5/otlp/v1/traces", api.send("POST", "/v5/otlp/v1/traces", noSpans, Api.KEY, "application/json"));
        // errors
        fits.apply("GET /v5/logs/{id}", api.get("/v5/logs/no-such-log-" + run));
        fits.apply("POST /v5/flows/log", api.post("/v5/flows/log", "{\"log_status\": 3}"));
        fits.apply("PATCH /v5/flows/logs/{log_id}", api.patch("/v5/flows/logs/" + flowLogId, "{\"log_status\": \"incomplete\"}"));
        fits.apply("GET /v5/admin/replay", api.send("GET", "/v5/admin/replay", (String) null, "wrong-key"));
        fits.apply("DELETE /v5/logs", api.send("DELETE", "/v5/logs?id=no-such-log-" + run, (String) null, Api.KEY));
        fits.apply("DELETE /v5/logs", api.send("DELETE", "/v5/logs", (String) null, Api.KEY));
        fits.apply("GET /v5/export", api.get("/v5/export?file_id=no-such-file-" + run));
        var erased = api.send("DELETE", "/v5/logs?id=" + toolLog.get("id").stringValue(), (String) null, Api.KEY);
        assertThat(erased.status()).as("documented as 204").isEqualTo(204);
        JsonNode tombstone = fits.apply("GET /v5/logs/{id}", api.get("/v5/logs/" + toolLog.get("id").stringValue()));
        assertThat(tombstone.get("erased").asBoolean()).as("a tombstone fits the documented log").isTrue();
        fits.apply("GET /v5/logs/{id}", api.get("/v5/logs/" + flowLogId));
        assertThat(problems).isEmpty();
    }

    /** Every method and path pattern of the server's {@code /v5} handler mappings, e.g. {@code "GET /v5/logs/{id}"}. */
    private List<String> mappedOperations() {
        Set<String> operations = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (var info : mapping.getHandlerMethods().keySet()) {
                for (String pattern : info.getPatternValues()) {
                    if (!(pattern.equals("/v5") || pattern.startsWith("/v5/"))) {
                        continue;
                    }
                    assertThat(info.getMethodsCondition().getMethods()).as("%s names its HTTP methods", pattern).isNotEmpty();
                    assertThat(pattern).as("no catch-all patterns under /v5").doesNotContain("*");
                    info.getMethodsCondition().getMethods().forEach(method -> operations.add(method.name() + " " + pattern));
                }
            }
        }
        return List.copyOf(operations);
    }

    /** A documented path with its variables unnamed: {@code /v5/logs/{id}} → {@code /v5/logs/{}}. */
    private static String normalised(String path) {
        return VARIABLE.matcher(path).replaceAll("{}");
    }

    /**
     * A mapping with each {@code {x:a|b}} variable, and each collection variable, replaced by each of
     * its alternatives.
     */
    private static List<String> expanded(String mapping) {
        String[] segments = mapping.split("/", -1);
        List<String> results = new ArrayList<>(List.of(""));
        for (int i = 0; i < segments.length; i++) {
            var variable = VARIABLE.matcher(segments[i]);
            List<String> choices = List.of(segments[i]);
            if (variable.matches() && variable.group(2) != null && ALTERNATIVES.matcher(variable.group(2)).matches()) {
                choices = List.of(variable.group(2).split("\\|"));
            } else if (variable.matches() && variable.group(2) == null) {
                choices = COLLECTION_VARIABLES.getOrDefault(variable.group(1), choices);
            }
            List<String> next = new ArrayList<>();
            for (String prefix : results) {
                for (String choice : choices) {
                    next.add(i == 0 ? choice : prefix + "/" + choice);
                }
            }
            results = next;
        }
        return results;
    }

    /** Whether a mapped {@code "METHOD pattern"} serves a documented {@code "METHOD /normalised/{}/path"}. */
    private static boolean matches(String mapping, String documented) {
        String[] mapped = mapping.split(" ", 2);
        String[] doc = documented.split(" ", 2);
        if (!mapped[0].equals(doc[0])) {
            return false;
        }
        String[] mappedSegments = mapped[1].split("/", -1);
        String[] docSegments = doc[1].split("/", -1);
        if (mappedSegments.length != docSegments.length) {
            return false;
        }
        for (int i = 0; i < mappedSegments.length; i++) {
            if (!segmentMatches(mappedSegments[i], docSegments[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean segmentMatches(String mapped, String documented) {
        var variable = VARIABLE.matcher(mapped);
        if (!variable.matches()) {
            return mapped.equals(documented);
        }
        boolean documentedVariable = documented.equals("{}");
        if (variable.group(2) != null) {
            return !documentedVariable && documented.matches(variable.group(2));
        }
        return documentedVariable || COLLECTION_VARIABLES.getOrDefault(variable.group(1), List.of()).contains(documented);
    }

    private JsonNode document() {
        var response = api.send("GET", "/v5/openapi.json", (String) null, null);
        assertThat(response.status()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").stringValue().substring(1)) : node;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().equals("$ref")) {
                    refs.add(entry.getValue().stringValue());
                } else {
                    collectRefs(entry.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collectRefs(item, refs);
            }
        }
    }
}
