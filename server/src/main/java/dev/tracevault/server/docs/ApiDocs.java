package dev.tracevault.server.docs;

import java.util.List;
import java.util.Set;

/**
 * The API's own description: {@code GET /v5/openapi.json} (the hand-written OpenAPI 3.1 document,
 * {@code api-docs/openapi.json} on the classpath), {@code GET /v5/docs} (a Swagger UI page of it) and
 * the few Swagger UI files that page loads, {@code GET /v5/docs/<file>}, taken from the
 * {@code org.webjars:swagger-ui} jar so the page works offline. These are the only {@code /v5} paths
 * answered without an API key: nothing else is ever served under them.
 */
public final class ApiDocs {

    public static final String DOCUMENT = "/v5/openapi.json";
    public static final String PAGE = "/v5/docs";
    /** The Swagger UI files the page loads, served at {@code /v5/docs/<name>}. */
    static final List<String> ASSETS = List.of("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png",
            "favicon-16x16.png");
    /** Where the webjar keeps them; its version is the one in server/pom.xml. */
    static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/5.35.0/";

    private static final Set<String> PUBLIC = Set.copyOf(publicPaths());

    private ApiDocs() {
    }

    /** Whether {@code method path} is one of the document's own, exact, key-less requests. */
    public static boolean isPublic(String method, String path) {
        return ("GET".equals(method) || "HEAD".equals(method)) && PUBLIC.contains(path);
    }

    private static List<String> publicPaths() {
        var paths = new java.util.ArrayList<>(List.of(DOCUMENT, PAGE));
        ASSETS.forEach(asset -> paths.add(PAGE + "/" + asset));
        return paths;
    }
}
