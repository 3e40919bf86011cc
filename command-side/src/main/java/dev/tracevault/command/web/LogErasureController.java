package dev.tracevault.command.web;

import dev.tracevault.command.erasure.Erasure;
import dev.tracevault.events.Attribution;
import dev.tracevault.problems.InvalidInput;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /v5/logs?id=…} (spec §3.10, SDK {@code logs.delete}): erases the logs, their trace
 * descendants and their judgments for good. Answers 204 once the erasure and the read models' changes are committed.
 * An unknown id refuses the whole request (404) and erases nothing; erasing an erased log again
 * changes nothing.
 */
@RestController
class LogErasureController {

    /** The request attribute in which the API key filter leaves the authenticated key's id. */
    static final String API_KEY_ID = "dev.tracevault.server.security.ApiKeyFilter.keyId";

    private final Erasure erasure;

    LogErasureController(Erasure erasure) {
        this.erasure = erasure;
    }

    @DeleteMapping("/v5/logs")
    ResponseEntity<Void> erase(@RequestParam(name = "id", required = false) List<String> ids,
                               HttpServletRequest request) {
        if (ids == null || ids.isEmpty() || ids.stream().anyMatch(String::isEmpty)) {
            throw InvalidInput.of(List.of("query", "id"), "name at least one log to erase: ?id=…",
                    "value_error.missing");
        }
        Object keyId = request.getAttribute(API_KEY_ID);
        erasure.erase(ids.stream().distinct().toList(), Attribution.apiKey(String.valueOf(keyId)));
        return ResponseEntity.noContent().build();
    }
}
