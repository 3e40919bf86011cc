package dev.tracevault.query.web;

import dev.tracevault.problems.InvalidInput;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindLogAsOf;
import dev.tracevault.queries.FindLogHistory;
import java.time.Instant;
import java.util.List;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The past of a log: {@code GET /v5/logs/{id}/history} (its events), and {@code GET /v5/logs/{id}}
 * with {@code as_of} (an ISO-8601 instant) or {@code version} (one of its event sequence numbers):
 * the log as the API returned it then.
 */
@RestController
class LogPastController {

    private final QueryGateway queries;

    LogPastController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/v5/logs/{id}/history")
    ResponseEntity<byte[]> history(@PathVariable("id") String id) {
        return json(ask(new FindLogHistory(id)));
    }

    @GetMapping(value = "/v5/logs/{id}", params = "as_of")
    ResponseEntity<byte[]> asOf(@PathVariable("id") String id, @RequestParam("as_of") String asOf,
                                @RequestParam(name = "version", required = false) String version) {
        if (version != null) {
            throw InvalidInput.of(List.of("query", "version"), "give as_of or version, not both", "value_error");
        }
        return json(ask(new FindLogAsOf(id, instant(asOf), null)));
    }

    @GetMapping(value = "/v5/logs/{id}", params = {"version", "!as_of"})
    ResponseEntity<byte[]> version(@PathVariable("id") String id, @RequestParam("version") String version) {
        return json(ask(new FindLogAsOf(id, null, sequence(version))));
    }

    private static Instant instant(String text) {
        return QueryAnswers.instant(text, "as_of");
    }


    private static long sequence(String text) {
        try {
            long version = Long.parseLong(text);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // the problem below
        }
        throw InvalidInput.of(List.of("query", "version"), "version must be an event sequence number (0 or more)",
                "value_error.number");
    }

    private ApiDocument ask(Object query) {
        return QueryAnswers.ask(queries, query);
    }

    private static ResponseEntity<byte[]> json(ApiDocument document) {
        return QueryAnswers.json(document);
    }
}
