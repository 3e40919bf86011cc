package dev.tracevault.server.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API document: {@code GET /v5/openapi.json}, a hand-written OpenAPI 3.1 description of every
 * endpoint (kept complete by a test), and {@code GET /v5/docs}, a page that shows it with Swagger
 * UI served from its webjar, so it works offline. Both need no API key.
 */
@RestController
public class ApiDocsController {

    /** The paths that answer without an API key. */
    public static final Set<String> PUBLIC_PATHS = Set.of("/v5/openapi.json", "/v5/docs");

    private final byte[] document;
    private final byte[] page;

    ApiDocsController() {
        this.document = read("api/openapi.json");
        String version = swaggerUiVersion();
        this.page = new String(read("api/docs.html"), StandardCharsets.UTF_8)
                .replace("{{swagger-ui}}", "/webjars/swagger-ui/" + version).getBytes(StandardCharsets.UTF_8);
    }

    @GetMapping("/v5/openapi.json")
    ResponseEntity<byte[]> openapi() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
    }

    @GetMapping("/v5/docs")
    ResponseEntity<byte[]> docs() {
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(page);
    }

    private static byte[] read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + resource, e);
        }
    }

    /** The version of the Swagger UI webjar on the class path: its files live under that version. */
    private static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties")
                .getInputStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the swagger-ui webjar is missing", e);
        }
        return properties.getProperty("version");
    }
}
