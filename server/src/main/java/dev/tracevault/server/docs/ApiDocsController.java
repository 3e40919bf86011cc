package dev.tracevault.server.docs;

import dev.tracevault.problems.NotFound;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Serves the OpenAPI document, its Swagger UI page and the page's files (see {@link ApiDocs}). */
@RestController
class ApiDocsController {

    private final byte[] document = read("api-docs/openapi.json");
    private final byte[] page = read("api-docs/index.html");

    @GetMapping(ApiDocs.DOCUMENT)
    ResponseEntity<byte[]> document() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
    }

    @GetMapping(ApiDocs.PAGE)
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page);
    }

    @GetMapping(ApiDocs.PAGE + "/{asset}")
    ResponseEntity<byte[]> asset(@PathVariable("asset") String asset) {
        if (!ApiDocs.ASSETS.contains(asset) && !ApiDocs.INIT.equals(asset)) {
            throw new NotFound("no such file: " + asset);
        }
        MediaType type = asset.endsWith(".css") ? MediaType.valueOf("text/css")
                : asset.endsWith(".js") ? MediaType.valueOf("text/javascript") : MediaType.IMAGE_PNG;
        String resource = ApiDocs.INIT.equals(asset) ? "api-docs/" + asset : ApiDocs.WEBJAR + asset;
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache()).body(read(resource));
    }

    private static byte[] read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("missing classpath resource " + resource, e);
        }
    }
}
