package dev.tracevault.yardstick;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The three routes of the benchmark's PATCH workload, with Tracevault's paths and wire names. */
@RestController
class FlowLogController {

    private final FlowLogStore store;

    FlowLogController(FlowLogStore store) {
        this.store = store;
    }

    @PostMapping(path = "/v5/flows/log", produces = MediaType.APPLICATION_JSON_VALUE)
    String create(@RequestBody JsonNode request) {
        return store.create(request);
    }

    /** The updated document, as written by the same transaction. */
    @PatchMapping(path = "/v5/flows/logs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> update(@PathVariable String id, @RequestBody JsonNode patch) {
        return store.update(id, patch)
                .map(ResponseEntity::ok)
                .orElseGet(() -> notFound(id));
    }

    @GetMapping(path = "/v5/logs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> get(@PathVariable String id) {
        return store.find(id)
                .map(ResponseEntity::ok)
                .orElseGet(() -> notFound(id));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<String> unprocessable(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).contentType(MediaType.APPLICATION_JSON)
                .body(store.detail(e.getMessage()));
    }

    private ResponseEntity<String> notFound(String id) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                .body(store.detail("log " + id + " not found"));
    }
}
