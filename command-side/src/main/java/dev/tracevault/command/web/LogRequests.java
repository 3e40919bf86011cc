package dev.tracevault.command.web;

import dev.tracevault.command.files.Kernels;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.events.log.CommonLogFields;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What every kind of log request has in common: its fields, its status and its digest. */
final class LogRequests {

    static final Set<String> STATUSES = Arrays.stream(LogStatus.values()).map(LogStatus::wire)
            .collect(Collectors.toUnmodifiableSet());

    private LogRequests() {
    }

    /** The fields shared by the create requests of all log kinds. */
    static CommonLogFields commonFields(JsonBody body) {
        return new CommonLogFields(
                body.datetime("start_time"),
                body.datetime("end_time"),
                body.string("output"),
                body.datetime("created_at"),
                body.string("error"),
                body.number("provider_latency"),
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

    static LogStatus status(JsonBody body) {
        String status = body.oneOf("log_status", STATUSES);
        return status == null ? null : LogStatus.fromWire(status).orElseThrow();
    }

    /**
     * The digest of a create request: its body without {@code null} members (the SDK sends
     * {@code null} for what the caller left undefined) and its query parameters. Two requests with
     * the same digest are the same request.
     */
    static String digest(JsonBody body, Map<String, String> query) {
        Map<String, Object> canonical = new TreeMap<>();
        body.root().properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                canonical.put(e.getKey(), e.getValue());
            }
        });
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("body", canonical);
        request.put("query", new TreeMap<>(query));
        return Kernels.digest(request);
    }
}
