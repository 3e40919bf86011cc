package dev.tracevault.server.transfer;

import dev.tracevault.command.web.JsonBody;
import dev.tracevault.command.web.JsonLimits;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The content checks of an imported event, as the API checks the same values when they arrive:
 * nesting depth and well-formed strings ({@link JsonLimits}, shared with REST and OTLP), and the
 * identifiers a client may choose ({@link JsonBody#identifierProblem}). Types are checked by the
 * import reading each payload back as written ({@link ExportFile}); size by the line limit. One
 * call, so that the one validator per kind of value that REST, OTLP and import will share can take
 * its place.
 */
final class ImportChecks {

    /**
     * How much deeper than a request's field an event holds it: a creation keeps the request's
     * fields one level down ({@code fields.inputs}).
     */
    static final int EVENT_NESTING = 2;

    private ImportChecks() {
    }

    /** The problems of an event of aggregate {@code aggregateId} with {@code payload}, each saying where. */
    static List<String> problems(String aggregateId, JsonNode payload) {
        List<String> problems = new ArrayList<>();
        String idProblem = JsonBody.identifierProblem(aggregateId);
        if (idProblem != null) {
            problems.add("aggregate_id: " + idProblem);
        }
        for (var problem : JsonLimits.problems(payload, List.of("payload"), 1, JsonLimits.MAX_DEPTH + EVENT_NESTING)) {
            problems.add(String.join(".", problem.loc().stream().map(String::valueOf).toList()) + ": " + problem.msg());
        }
        // an event names the aggregate it belongs to: a log's or a file's id
        for (String own : List.of("logId", "fileId")) {
            if (payload.get(own) instanceof JsonNode id && !(id.isString() && id.stringValue().equals(aggregateId))) {
                if (own.equals("logId") || !payload.has("logId")) {
                    problems.add("payload." + own + ": is not the aggregate_id '" + aggregateId + "'");
                }
            }
        }
        return problems;
    }
}
