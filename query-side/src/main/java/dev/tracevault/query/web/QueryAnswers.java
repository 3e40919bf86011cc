package dev.tracevault.query.web;

import dev.tracevault.events.wire.WireDatetime;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.query.QueryGateways;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What the read endpoints share: asking a query, with the query handler's own error (404, 422,
 * 503) rethrown as it was, and answering its JSON document.
 */
final class QueryAnswers {

    private QueryAnswers() {
    }

    static ApiDocument ask(QueryGateway queries, Object query) {
        return ask(queries, query, ApiDocument.class);
    }

    /** {@link #ask(QueryGateway, Object)} for an answer of another type ({@code JsonStream}). */
    static <T> T ask(QueryGateway queries, Object query, Class<T> answer) {
        return QueryGateways.ask(queries, query, answer);
    }

    static ResponseEntity<byte[]> json(ApiDocument document) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(document.json().getBytes(StandardCharsets.UTF_8));
    }

    /** An ISO-8601 instant; one without an offset is taken as UTC, like every datetime of the API. */
    static Instant instant(String text, String parameter) {
        Instant instant = WireDatetime.parseInRange(text);
        if (instant == null) {
            throw InvalidInput.of(List.of("query", parameter),
                    parameter + " must be an ISO-8601 datetime from year 0001 to 9999", "value_error.datetime");
        }
        return instant;
    }

    /** A page number or size: a whole number from 1 to {@code max}, else a 422 naming the parameter. */
    static int positive(String field, String value, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the problem below
        }
        throw InvalidInput.of(List.of("query", field), field + " must be a whole number from 1 to " + max,
                "value_error.number");
    }
}
