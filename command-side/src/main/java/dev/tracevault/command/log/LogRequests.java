package dev.tracevault.command.log;

import dev.tracevault.command.fileregistry.FilePath;
import dev.tracevault.command.fileregistry.Kernels;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogUpdate;
import dev.tracevault.command.log.Patch;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.command.validation.KernelFields;
import dev.tracevault.command.validation.LogNumbers;
import dev.tracevault.command.validation.Timespans;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.promptlog.PromptDetail;
import dev.tracevault.problems.FieldProblem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What the log requests of every kind have in common: their fields, status, details and digest. */
public final class LogRequests {

    static final Set<String> STATUSES = Arrays.stream(LogStatus.values()).map(LogStatus::wire)
            .collect(Collectors.toUnmodifiableSet());

    /** How a detail field (one without its own event) is read. */
    public enum DetailType { DATETIME, NUMBER, STRING, OBJECT, TOOL_CHOICE }

    /** The detail fields every kind's PATCH accepts (spec §3.4, §3.6). */
    public static final Map<String, DetailType> COMMON_DETAILS = ordered(
            "created_at", DetailType.DATETIME, "provider_latency", DetailType.NUMBER, "stdout", DetailType.STRING,
            "provider_request", DetailType.OBJECT, "provider_response", DetailType.OBJECT, "source", DetailType.STRING,
            "metadata", DetailType.OBJECT, "start_time", DetailType.DATETIME, "end_time", DetailType.DATETIME);

    /** The fields only Prompt Logs have beyond messages and output message: {@link PromptDetail}'s, in its order. */
    public static final Map<String, DetailType> PROMPT_DETAILS = promptDetails();

    private LogRequests() {
    }

    private static Map<String, DetailType> promptDetails() {
        Map<String, DetailType> map = new LinkedHashMap<>();
        for (PromptDetail detail : PromptDetail.values()) {
            map.put(detail.wire(), switch (detail) {
                case PROMPT_TOKENS, REASONING_TOKENS, OUTPUT_TOKENS, PROMPT_COST, OUTPUT_COST -> DetailType.NUMBER;
                case FINISH_REASON -> DetailType.STRING;
                case TOOL_CHOICE -> DetailType.TOOL_CHOICE;
            });
        }
        return map;
    }

    private static Map<String, DetailType> ordered(Object... pairs) {
        Map<String, DetailType> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (DetailType) pairs[i + 1]);
        }
        return map;
    }

    /** The fields shared by the create requests of all log kinds. */
    public static CommonLogFields commonFields(JsonBody body) {
        Instant start = body.datetime("start_time");
        Instant end = body.datetime("end_time");
        String span = Timespans.problem(start, end);
        if (span != null) {
            body.reject("end_time", span, "value_error.timespan");
        }
        return new CommonLogFields(
                start,
                end,
                body.string("output"),
                body.datetime("created_at"),
                body.string("error"),
                number(body, LogNumbers.PROVIDER_LATENCY),
                body.string("stdout"),
                body.object("provider_request"),
                body.object("provider_response"),
                body.object("inputs"),
                body.string("source"),
                body.object("metadata"),
                body.string("source_datapoint_id"),
                body.identifier("trace_parent_id"),
                body.string("user"),
                body.string("environment"),
                body.bool("save"));
    }

    public static LogStatus status(JsonBody body) {
        String status = body.oneOf("log_status", STATUSES);
        return status == null ? null : LogStatus.fromWire(status).orElseThrow();
    }

    /** The file path, checked; null if absent. */
    public static String path(JsonBody body) {
        String path = body.string("path");
        if (path != null) {
            FilePath.problem(path, List.of("body", "path")).ifPresent(body::add);
        }
        return path;
    }

    /** Reads one detail field by its type; null if absent or null. */
    public static Object detail(JsonBody body, String field, DetailType type) {
        return switch (type) {
            case DATETIME -> {
                Instant instant = body.datetime(field);
                yield instant == null ? null : instant.toString();
            }
            case NUMBER -> number(body, field);
            case STRING -> body.string(field);
            case OBJECT -> body.object(field);
            case TOOL_CHOICE -> toolChoice(body, field);
        };
    }

    /** A number, checked by its field's rule if it has one ({@link LogNumbers}: counts, costs, latency). */
    public static BigDecimal number(JsonBody body, String field) {
        BigDecimal number = body.number(field);
        String problem = LogNumbers.problem(field, number);
        if (problem != null) {
            body.reject(field, problem, "value_error.number.range");
            return null;
        }
        return number;
    }

    /** The detail fields a create request carries (non-null ones only). */
    public static Map<String, Object> details(JsonBody body, Map<String, DetailType> fields) {
        Map<String, Object> details = new LinkedHashMap<>();
        fields.forEach((field, type) -> {
            Object value = detail(body, field, type);
            if (value != null) {
                details.put(field, value);
            }
        });
        return details;
    }

    private static Object toolChoice(JsonBody body, String field) {
        var node = body.root().get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString() && Set.of("none", "auto", "required").contains(node.stringValue())) {
            return node.stringValue();
        }
        if (node.isObject() && "function".equals(node.path("type").stringValue(null))
                && node.path("function").isObject() && node.path("function").path("name").isString()) {
            return body.mapper().convertValue(node, LinkedHashMap.class);
        }
        body.reject(field, "tool_choice must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":...}}",
                "value_error.tool_choice");
        return null;
    }

    /** A PATCH: the core fields every kind has, plus the detail fields of {@code detailFields}. */
    public static LogUpdate update(JsonBody body, boolean withMessages, Map<String, DetailType> detailFields) {
        Map<String, Patch<Object>> details = new TreeMap<>();
        detailFields.forEach((field, type) -> {
            if (body.isPresent(field)) {
                details.put(field, Patch.of(detail(body, field, type)));
            }
        });
        var chat = ChatMessages.in(body);
        return new LogUpdate(
                body.isPresent("inputs") ? Patch.of(body.object("inputs")) : Patch.absent(),
                withMessages && body.isPresent("messages") ? Patch.of(chat.list("messages")) : Patch.absent(),
                body.isPresent("output") ? Patch.of(body.string("output")) : Patch.absent(),
                withMessages && body.isPresent("output_message") ? Patch.of(chat.one("output_message"))
                        : Patch.absent(),
                body.isPresent("error") ? Patch.of(body.string("error")) : Patch.absent(),
                details);
    }

    /** A kernel object ({@code flow}, {@code prompt}, {@code tool}) as a map; null if absent. */
    public static Map<String, Object> kernelObject(JsonBody body, String field) {
        var node = body.root().get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            body.reject(field, "value is not a valid dict", "type_error.dict");
            return null;
        }
        List<Object> loc = List.of("body", field);
        switch (field) {
            case "prompt" -> KernelFields.prompt(node, loc, ChatMessages.in(body)::check).forEach(body::add);
            case "tool" -> KernelFields.tool(node, loc).forEach(body::add);
            default -> {
                // a flow's attributes and an evaluator's spec are checked by their readers
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = body.mapper().convertValue(node, LinkedHashMap.class);
        return map;
    }

    public static void problem(JsonBody body, List<Object> loc, String msg, String type) {
        body.add(new FieldProblem(loc, msg, type));
    }

    /**
     * The digest of a create request: its body without {@code null} members (the SDK sends
     * {@code null} for what the caller left undefined) and its query parameters. Two requests with
     * the same digest are the same request.
     */
    public static String digest(JsonBody body, String versionId, String environment) {
        Map<String, Object> canonical = new TreeMap<>();
        body.root().properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                canonical.put(e.getKey(), e.getValue());
            }
        });
        Map<String, Object> query = new TreeMap<>();
        if (versionId != null) {
            query.put("version_id", versionId);
        }
        if (environment != null) {
            query.put("environment", environment);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("body", canonical);
        request.put("query", query);
        return Kernels.digest(request);
    }
}
