package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.TestDatabases;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The API document ({@code GET /v5/openapi.json}) is a well-formed OpenAPI 3.1 document, public,
 * browsable offline at {@code /v5/docs}, and complete: every endpoint the running server maps is
 * documented with its method, and every documented operation is mapped.
 */
class OpenApiDocumentTest extends ApiContractBase {

    /**
     * Documented endpoints that other branches are adding at the same time (spec §3.9 and the
     * analytics): they may be missing from this build. Remove an entry once its endpoint is merged.
     */
    private static final Set<String> NOT_YET_MERGED = Set.of(
            "GET /v5/logs",
            "GET /v5/flows/{}/stats",
            "GET /v5/prompts/{}/stats",
            "GET /v5/tools/{}/stats");

    /** Path variables that take any value in the mapping but only these in the API (checked in the handler). */
    private static final Map<String, List<String>> OPEN_VARIABLES = Map.of(
            "files", List.of("flows", "prompts", "tools", "evaluators"));

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::([^}]*))?}");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private JsonNode document() {
        var response = api.send("GET", "/v5/openapi.json", (String) null, null);
        assertThat(response.status()).as("served without an API key").isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return response.json();
    }

    @Test
    void theDocumentIsAWellFormedOpenApi31Document() {
        JsonNode doc = document();
        assertThat(doc.get("openapi").stringValue()).startsWith("3.1.");
        assertThat(doc.path("info").path("title").isString()).isTrue();
        assertThat(doc.path("info").path("version").isString()).isTrue();
        assertThat(doc.path("components").path("securitySchemes").path("APIKeyHeader").path("name").stringValue())
                .isEqualTo("X-API-KEY");
        assertThat(doc.get("paths").size()).isGreaterThan(20);
        Set<String> operationIds = new HashSet<>();
        doc.get("paths").properties().forEach(path -> {
            assertThat(path.getKey()).startsWith("/v5");
            Set<String> templated = new TreeSet<>();
            Matcher m = VARIABLE.matcher(path.getKey());
            while (m.find()) {
                templated.add(m.group(1));
            }
            path.getValue().properties().forEach(op -> {
                String where = op.getKey() + " " + path.getKey();
                assertThat(METHODS).as(where).contains(op.getKey());
                JsonNode operation = op.getValue();
                assertThat(operationIds.add(operation.path("operationId").stringValue())).as(where + " operationId")
                        .isTrue();
                assertThat(operation.path("summary").isString()).as(where).isTrue();
                assertThat(operation.path("responses").size()).as(where + " responses").isPositive();
                operation.get("responses").properties().forEach(r -> assertThat(r.getKey()).as(where)
                        .matches("[1-5][0-9][0-9]"));
                Set<String> declared = new TreeSet<>();
                for (JsonNode parameter : operation.path("parameters").values()) {
                    assertThat(parameter.path("name").isString()).as(where).isTrue();
                    assertThat(Set.of("path", "query", "header")).as(where).contains(parameter.path("in").stringValue());
                    assertThat(parameter.has("schema")).as(where).isTrue();
                    if (parameter.path("in").stringValue().equals("path")) {
                        assertThat(parameter.path("required").booleanValue()).as(where).isTrue();
                        declared.add(parameter.get("name").stringValue());
                    }
                }
                assertThat(declared).as(where + " path parameters").isEqualTo(templated);
                if (operation.has("requestBody")) {
                    assertThat(operation.get("requestBody").path("content").size()).as(where).isPositive();
                }
            });
        });
        // every reference points at something the document defines
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            JsonNode target = doc.at(ref.substring(1));
            assertThat(target.isMissingNode()).as(ref).isFalse();
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().stringValue());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.values().forEach(v -> collectRefs(v, refs));
        }
    }

    @Test
    void everyMappedEndpointIsDocumentedAndEveryDocumentedOneIsMapped() {
        Set<String> documented = new TreeSet<>();
        document().get("paths").properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> documented.add(method.toUpperCase() + " " + normalize(path.getKey()))));
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue; // Spring's error page, answered as JSON; no endpoint of the API
                }
                assertThat(methods).as(pattern + " names its HTTP methods").isNotEmpty();
                for (String path : expand(pattern)) {
                    methods.forEach(method -> mapped.add(method.name() + " " + normalize(path)));
                }
            }
        });
        // the mappings were read (an empty set would make the next check pass vacuously)
        assertThat(mapped).contains("POST /v5/flows/{}/evaluators", "POST /v5/evaluators/{}/evaluators",
                "GET /v5/tools/{}/versions", "GET /v5/logs/{}", "POST /v5/files/retrieve-by-path");
        assertThat(documented).as("documented operations").containsAll(mapped);
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(mapped);
        missing.removeAll(NOT_YET_MERGED);
        assertThat(missing).as("documented but not mapped").isEmpty();
    }

    /** A mapping's pattern as the concrete API paths it serves: {@code {files:flows|tools}} is two. */
    private static List<String> expand(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            List<String> values = m.group(2) != null && m.group(2).matches("[\\w|]+")
                    ? List.of(m.group(2).split("\\|")) : OPEN_VARIABLES.get(m.group(1));
            if (values != null) {
                List<String> paths = new ArrayList<>();
                for (String value : values) {
                    paths.addAll(expand(pattern.substring(0, m.start()) + value + pattern.substring(m.end())));
                }
                return paths;
            }
        }
        return List.of(pattern);
    }

    private static String normalize(String path) {
        return VARIABLE.matcher(path).replaceAll("{}");
    }

    @Test
    void theDocsPageShowsTheDocumentWithSwaggerUiServedLocally() {
        var page = api.send("GET", "/v5/docs", (String) null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("/v5/openapi.json").doesNotContain("https://").doesNotContain("http://");
        Matcher assets = Pattern.compile("(?:src|href)=\"(/webjars/[^\"]+)\"").matcher(page.body());
        int found = 0;
        while (assets.find()) {
            var asset = api.send("GET", assets.group(1), (String) null, null);
            assertThat(asset.status()).as(assets.group(1)).isEqualTo(200);
            assertThat(asset.body()).as(assets.group(1)).hasSizeGreaterThan(1000);
            found++;
        }
        assertThat(found).isEqualTo(3);
        // the rest of the API still needs its key
        assertThat(api.send("GET", "/v5/flows", (String) null, null).status()).isEqualTo(401);
    }
}
