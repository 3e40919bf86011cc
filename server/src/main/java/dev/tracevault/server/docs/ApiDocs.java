package dev.tracevault.server.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * The API's own description: {@code GET /v5/openapi.json} (the hand-written OpenAPI 3.1 document,
 * {@code api-docs/openapi.json} on the classpath), {@code GET /v5/docs} (a Swagger UI page of it) and
 * the few files that page loads, {@code GET /v5/docs/<file>}: Swagger UI's from the
 * {@code org.webjars:swagger-ui} jar, so the page works offline, and the page's own start script
 * (a file, not inline, so the page's Content-Security-Policy can forbid inline scripts). These are
 * the only {@code /v5} paths answered without an API key ({@link #publicPaths()}).
 */
public final class ApiDocs {

    public static final String DOCUMENT = "/v5/openapi.json";
    public static final String PAGE = "/v5/docs";
    /** The Swagger UI files the page loads, served at {@code /v5/docs/<name>}. */
    static final List<String> ASSETS = List.of("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png",
            "favicon-16x16.png");
    /** The page's start script, {@code api-docs/swagger-init.js}, served at {@code /v5/docs/swagger-init.js}. */
    static final String INIT = "swagger-init.js";
    /** Where the webjar keeps them; its version is the one in server/pom.xml. */
    static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/5.35.0/";
    /**
     * What the page may load: its own scripts only (no inline script), styles from here (Swagger UI
     * also sets inline styles), images from here or {@code data:} (Swagger UI's icons), requests to
     * this server (the document, "try it out"); and no page may frame it.
     */
    public static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self';"
            + " base-uri 'none'; frame-ancestors 'none'";

    private ApiDocs() {
    }

    /** The exact paths of the document, its page and the page's files: public for {@code GET} and {@code HEAD}. */
    public static List<String> publicPaths() {
        var paths = new ArrayList<>(List.of(DOCUMENT, PAGE, PAGE + "/" + INIT));
        ASSETS.forEach(asset -> paths.add(PAGE + "/" + asset));
        return List.copyOf(paths);
    }
}
