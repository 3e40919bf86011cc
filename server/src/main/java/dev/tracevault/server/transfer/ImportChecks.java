package dev.tracevault.server.transfer;

import dev.tracevault.command.validation.Amounts;
import dev.tracevault.command.validation.Datetimes;
import dev.tracevault.command.validation.JsonLimits;
import dev.tracevault.command.validation.LogNumbers;
import dev.tracevault.command.validation.Timespans;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The content checks of an imported event, by the validators REST and OTLP use when the same
 * values arrive ({@code dev.tracevault.command.validation}): nesting depth, well-formed strings and
 * finite numbers ({@link JsonLimits}), the identifiers a client may choose
 * ({@link JsonBody#identifierProblem}), and, once the payload is read back as its event, datetimes in
 * range, end not before start, counts, costs and latencies ({@link #eventProblems}). Types are checked
 * by the import reading each payload back as written ({@link ExportFile}); size by the line limit.
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

    /** The problems of an event read back from its payload: the values the API would have refused. */
    static List<String> eventProblems(Instant timestamp, Object event) {
        List<String> problems = new ArrayList<>();
        datetime(problems, "timestamp", timestamp);
        CommonLogFields fields = switch (event) {
            case FlowLogCreated e -> e.fields();
            case PromptLogCreated e -> e.fields();
            case ToolLogCreated e -> e.fields();
            case EvaluatorLogCreated e -> e.fields();
            default -> null;
        };
        if (fields != null) {
            datetime(problems, "payload.fields.startTime", fields.startTime());
            datetime(problems, "payload.fields.endTime", fields.endTime());
            datetime(problems, "payload.fields.createdAt", fields.createdAt());
            add(problems, "payload.fields.endTime", Timespans.problem(fields.startTime(), fields.endTime()));
            add(problems, "payload.fields.providerLatency",
                    LogNumbers.problem(LogNumbers.PROVIDER_LATENCY, fields.providerLatency()));
        }
        if (event instanceof PromptLogCreated e && e.details() != null) {
            details(problems, "payload.details", e.details());
        }
        if (event instanceof DetailsSet e && e.details() != null) {
            details(problems, "payload.details", e.details());
        }
        if (event instanceof EvaluatorLogCreated e && e.judgment() instanceof Number number) {
            add(problems, "payload.judgment", Amounts.signedProblem(new BigDecimal(number.toString())));
        }
        return problems;
    }

    private static void details(List<String> problems, String at, Map<String, Object> details) {
        details.forEach((field, value) -> {
            add(problems, at + "." + field, LogNumbers.problem(field, value));
            if (List.of("start_time", "end_time", "created_at").contains(field) && value != null) {
                try {
                    datetime(problems, at + "." + field, Instant.parse(value.toString()));
                } catch (DateTimeException e) {
                    problems.add(at + "." + field + ": not an ISO-8601 instant");
                }
            }
        });
    }

    private static void datetime(List<String> problems, String at, Instant instant) {
        if (instant != null) {
            add(problems, at, Datetimes.problem(instant));
        }
    }

    private static void add(List<String> problems, String at, String problem) {
        if (problem != null) {
            problems.add(at + ": " + problem);
        }
    }
}
