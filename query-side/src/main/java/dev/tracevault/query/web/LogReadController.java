package dev.tracevault.query.web;

import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindFlow;
import dev.tracevault.queries.JsonStream;
import dev.tracevault.queries.StreamLog;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
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

    /**
     * Written to the response as it is rendered ({@link StreamLog}): a log with tens of thousands of
     * trace children is never held whole in memory. A log that is not there is a 404 before anything
     * is written.
     */
    @GetMapping("/v5/logs/{id}")
    void log(@PathVariable("id") String id, HttpServletResponse response) throws IOException {
        JsonStream answer = QueryAnswers.ask(queries, new StreamLog(id), JsonStream.class);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        var out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        answer.writeTo(out);
        out.flush();
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
