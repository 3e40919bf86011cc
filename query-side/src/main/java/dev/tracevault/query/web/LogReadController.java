package dev.tracevault.query.web;

import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindFlow;
import dev.tracevault.queries.FindLog;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v5/logs/{id}} and {@code GET /v5/flows/{id}} (spec §3.8, §3.12). */
@RestController
class LogReadController {

    private final QueryGateway queries;

    LogReadController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/v5/logs/{id}")
    ResponseEntity<byte[]> log(@PathVariable("id") String id) {
        return json(ask(new FindLog(id)));
    }

    @GetMapping("/v5/flows/{id}")
    ResponseEntity<byte[]> flow(@PathVariable("id") String id,
                                @RequestParam(name = "version_id", required = false) String versionId,
                                @RequestParam(name = "environment", required = false) String environment) {
        return json(ask(new FindFlow(id, versionId, environment)));
    }

    private ApiDocument ask(Object query) {
        return QueryAnswers.ask(queries, query);
    }

    private static ResponseEntity<byte[]> json(ApiDocument document) {
        return QueryAnswers.json(document);
    }
}
