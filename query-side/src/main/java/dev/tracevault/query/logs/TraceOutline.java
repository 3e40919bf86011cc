package dev.tracevault.query.logs;

import dev.tracevault.problems.NotFound;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindLogDetail;
import dev.tracevault.queries.FindTrace;
import dev.tracevault.queries.FindTraceRows;
import dev.tracevault.query.files.FileRenderer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A trace as an outline: one small row per log (its ids, parent, kind, file path, status, times,
 * tokens, cost, whether it failed or was erased, and its current judgments), without the logs'
 * content. A trace of 25,000 logs is a few megabytes this way, where its full tree
 * ({@code GET /v5/logs/{id}}) embeds a file object and the whole content in every child; the
 * viewer draws the tree from the outline and reads the content of one log at a time
 * ({@link FindLogDetail}). The rows come in sibling order (start time, then when logged), so the
 * tree is the rows grouped by parent.
 */
@Component
class TraceOutline {

    /** Longer text judgments are cut in the outline (the log's detail has them whole). */
    private static final int JUDGMENT_TEXT = 80;

    private final LogDocuments documents;
    private final JdbcLogDocuments stored;
    private final LogReader reader;
    private final FileRenderer files;
    private final LogsAsOf past;
    private final JsonMapper mapper;

    TraceOutline(LogDocuments documents, JdbcLogDocuments stored, LogReader reader, FileRenderer files,
                 LogsAsOf past, JsonMapper mapper) {
        this.documents = documents;
        this.stored = stored;
        this.reader = reader;
        this.files = files;
        this.past = past;
        this.mapper = mapper;
    }

    @QueryHandler
    ApiDocument handle(FindTrace query) {
        var log = documents.find(query.logId())
                .orElseThrow(() -> new NotFound("Log '" + query.logId() + "' not found"));
        String root = log.traceId() != null ? log.traceId() : log.logId();
        if (query.asOf() == null) {
            List<LogDocuments.OutlineRow> rows = log.traceId() == null ? List.of(fromDocument(log))
                    : withLegacyOutlines(stored.outline(log.traceId()));
            return new ApiDocument(outline(rows, documents, files, log.traceId(), root, query.logId(), null));
        }
        return new ApiDocument(past.at(root, query.asOf(), (pastReader, pastDocuments, pastFiles) -> {
            List<LogDocuments.Row> pastRows = log.traceId() == null
                    ? pastDocuments.find(root).map(List::of).orElse(List.of()) : pastDocuments.trace(log.traceId());
            return outline(pastRows.stream().map(this::fromDocument).toList(), pastDocuments, pastFiles, log.traceId(),
                    root, query.logId(), query.asOf());
        }));
    }

    @QueryHandler
    ApiDocument handle(FindLogDetail query) {
        if (query.version() != null) {
            return new ApiDocument(past.atVersion(query.logId(), query.version(),
                    (pastReader, pastDocuments, pastFiles) -> pastReader.readWithoutChildren(query.logId())));
        }
        if (query.asOf() != null) {
            return new ApiDocument(past.at(query.logId(), query.asOf(),
                    (pastReader, pastDocuments, pastFiles) -> pastReader.readWithoutChildren(query.logId())));
        }
        return new ApiDocument(reader.readWithoutChildren(query.logId()));
    }

    /** The rows of the logs asked for and of their ancestors, now; {@code removed}: those the trace no longer holds. */
    @QueryHandler
    ApiDocument handle(FindTraceRows query) {
        Map<String, LogDocuments.Row> found = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        for (var row : stored.findAll(query.logIds())) {
            if (query.traceId().equals(row.traceId()) || query.traceId().equals(row.logId())) {
                found.put(row.logId(), row);
            }
        }
        for (String id : query.logIds()) {
            if (!found.containsKey(id)) {
                removed.add(id);
            }
        }
        // a descendant widens its ancestors' times: send them along
        Set<String> wanted = new LinkedHashSet<>();
        for (var row : found.values()) {
            if (row.traceParentId() != null && !found.containsKey(row.traceParentId())) {
                wanted.add(row.traceParentId());
            }
        }
        while (!wanted.isEmpty()) {
            Set<String> next = new LinkedHashSet<>();
            for (var row : stored.findAll(wanted)) {
                found.put(row.logId(), row);
                if (row.traceParentId() != null && !found.containsKey(row.traceParentId())) {
                    next.add(row.traceParentId());
                }
            }
            wanted = next;
        }
        var judgments = judgments(documents.judgmentsOfAny(List.copyOf(found.keySet())), paths(files));
        var json = new StringBuilder("{\"rows\":[");
        Function<String, String> path = paths(files);
        boolean first = true;
        Function<String, String> quotedPath = quotedPaths(path);
        for (var row : found.values()) {
            row(json.append(first ? "" : ","), fromDocument(row), quotedPath, judgments);
            first = false;
        }
        json.append("],\"removed\":").append(mapper.writeValueAsString(removed)).append('}');
        return new ApiDocument(json.toString());
    }

    /**
     * The outline as the viewer reads it, compact: each row an array of its fields (see
     * {@link #compactRow}), its parent as the index of the parent's row, its file path as an index
     * into {@code paths}, its times as microseconds after {@code t0} (epoch microseconds): about a
     * third of the bytes of one object per row with ISO times, written without a formatter per value,
     * and an array per row is what a browser parses fastest. A trace of 10,000 logs is about 1 MB.
     */
    private String outline(List<LogDocuments.OutlineRow> rows, LogDocuments from, FileRenderer fileRenderer,
                           String traceId, String root, String logId, Instant asOf) {
        Function<String, String> path = paths(fileRenderer);
        var judgments = judgments(traceId == null ? from.judgmentsOf(root) : from.judgmentsOfTrace(traceId), path);
        Map<String, Integer> index = new HashMap<>(rows.size() * 2);
        long t0 = Long.MAX_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            var row = rows.get(i);
            index.put(row.logId(), i);
            for (Instant time : new Instant[] {row.startTime(), row.endTime(), row.loggedAt()}) {
                if (time != null) {
                    t0 = Math.min(t0, micros(time));
                }
            }
        }
        if (t0 == Long.MAX_VALUE) {
            t0 = 0;
        }
        Map<String, Integer> pathIndex = new LinkedHashMap<>();
        var json = new StringBuilder(256 + rows.size() * 110);
        json.append("{\"trace_id\":").append(quoted(traceId))
                .append(",\"root_id\":").append(quoted(root))
                .append(",\"log_id\":").append(quoted(logId))
                .append(",\"as_of\":").append(asOf == null ? "null" : "\"" + asOf + "\"")
                .append(",\"t0\":").append(t0)
                .append(",\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            compactRow(json.append(i == 0 ? "" : ","), rows.get(i), t0, index, pathIndex, judgments);
        }
        json.append("],\"paths\":[");
        boolean first = true;
        for (String version : pathIndex.keySet()) {
            json.append(first ? "" : ",").append(quoted(path.apply(version)));
            first = false;
        }
        return json.append("]}").toString();
    }

    /**
     * {@code [id, parent, kind, path, status, start, end, logged, flags, tokens, cost, judgments]}:
     * {@code parent} the index of its parent's row (its id if the trace does not hold it, null for
     * none), {@code path} an index into the outline's {@code paths} (null: none), the times in
     * microseconds after {@code t0} (null: none), {@code flags} 1 if it failed plus 2 if it was
     * erased, {@code judgments} as in the live rows' objects (0: none).
     */
    private void compactRow(StringBuilder json, LogDocuments.OutlineRow row, long t0, Map<String, Integer> index,
                            Map<String, Integer> pathIndex, Map<String, ArrayNode> judgments) {
        var outline = row.outline() != null ? row.outline() : new LogDocuments.Outline(null, false, false, null, null);
        json.append('[');
        string(json, row.logId()).append(',');
        Integer parent = row.traceParentId() == null ? null : index.get(row.traceParentId());
        if (parent != null) {
            json.append(parent.intValue());
        } else {
            string(json, row.traceParentId());
        }
        json.append(',');
        string(json, row.kind()).append(',');
        if (row.versionId() == null) {
            json.append("null");
        } else {
            Integer known = pathIndex.get(row.versionId());
            if (known == null) {
                known = pathIndex.size();
                pathIndex.put(row.versionId(), known);
            }
            json.append(known.intValue());
        }
        json.append(',');
        string(json, outline.status()).append(',');
        offset(json, row.startTime(), t0).append(',');
        offset(json, row.endTime(), t0).append(',');
        offset(json, row.loggedAt(), t0).append(',');
        json.append((outline.error() ? 1 : 0) + (outline.erased() ? 2 : 0)).append(',');
        json.append(outline.tokens()).append(',').append(outline.cost()).append(',');
        ArrayNode judged = judgments.get(row.logId());
        json.append(judged == null ? "0" : mapper.writeValueAsString(judged)).append(']');
    }

    private static long micros(Instant time) {
        return time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000;
    }

    private static StringBuilder offset(StringBuilder json, Instant time, long t0) {
        return time == null ? json.append("null") : json.append(micros(time) - t0);
    }

    /** A JSON string: plain ASCII (ids, kinds, statuses) copied as it is, anything else through the mapper. */
    private StringBuilder string(StringBuilder json, String text) {
        if (text == null) {
            return json.append("null");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return json.append(mapper.writeValueAsString(text));
            }
        }
        return json.append('"').append(text).append('"');
    }

    /** Rows written before the outline columns existed have their outline taken from their documents. */
    private List<LogDocuments.OutlineRow> withLegacyOutlines(List<LogDocuments.OutlineRow> rows) {
        List<String> legacy = rows.stream().filter(r -> r.outline() == null).map(LogDocuments.OutlineRow::logId)
                .toList();
        if (legacy.isEmpty()) {
            return rows;
        }
        Map<String, LogDocuments.OutlineRow> opened = new HashMap<>();
        for (int from = 0; from < legacy.size(); from += 500) {
            for (var row : stored.findAll(legacy.subList(from, Math.min(legacy.size(), from + 500)))) {
                opened.put(row.logId(), fromDocument(row));
            }
        }
        return rows.stream().map(r -> r.outline() != null ? r : opened.getOrDefault(r.logId(), r)).toList();
    }

    /** A row's outline read from its document (a past log's, a changed log's, or one written before the columns). */
    private LogDocuments.OutlineRow fromDocument(LogDocuments.Row row) {
        JsonNode body = mapper.readTree(row.body());
        JsonNode end = body.get("end_time");
        Instant endTime = null;
        if (end != null && end.isString()) {
            try {
                endTime = Instant.parse(end.stringValue());
            } catch (java.time.format.DateTimeParseException e) {
                endTime = null;
            }
        }
        return new LogDocuments.OutlineRow(row.logId(), row.kind(), row.versionId(), row.traceParentId(),
                row.startTime(), endTime, row.loggedAt(), OutlineColumns.of(body));
    }

    /** File paths by version, each looked up once. */
    private static Function<String, String> paths(FileRenderer fileRenderer) {
        Map<String, String> known = new HashMap<>();
        return version -> known.computeIfAbsent(version, v -> fileRenderer.path(v).orElse(null));
    }

    /** The paths of {@code paths} as JSON strings, each quoted once. */
    private Function<String, String> quotedPaths(Function<String, String> paths) {
        Map<String, String> known = new HashMap<>();
        return version -> known.computeIfAbsent(version, v -> quoted(paths.apply(v)));
    }

    /** Appends the row's JSON: written field by field, with no tree of nodes per row. */
    private void row(StringBuilder json, LogDocuments.OutlineRow row, Function<String, String> quotedPath,
                     Map<String, ArrayNode> judgments) {
        var outline = row.outline() != null ? row.outline() : new LogDocuments.Outline(null, false, false, null, null);
        json.append("{\"id\":").append(quoted(row.logId()))
                .append(",\"parent\":").append(quoted(row.traceParentId()))
                .append(",\"kind\":").append(quoted(row.kind()))
                .append(",\"path\":").append(quotedPath.apply(row.versionId()))
                .append(",\"status\":").append(quoted(outline.status()))
                .append(",\"start\":").append(instant(row.startTime()))
                .append(",\"end\":").append(instant(row.endTime()))
                .append(",\"logged\":").append(instant(row.loggedAt()))
                .append(",\"error\":").append(outline.error())
                .append(",\"tokens\":").append(outline.tokens())
                .append(",\"cost\":").append(outline.cost())
                .append(",\"erased\":").append(outline.erased())
                .append(",\"judgments\":");
        ArrayNode judged = judgments.get(row.logId());
        json.append(judged == null ? "[]" : mapper.writeValueAsString(judged)).append('}');
    }

    private String quoted(String text) {
        return text == null ? "null" : mapper.writeValueAsString(text);
    }

    private static String instant(Instant instant) {
        return instant == null ? "null" : "\"" + instant + "\"";
    }

    /**
     * The current judgment of each evaluator about each judged log: the newest of its Evaluator Logs
     * (oldest first in {@code rows}), with the evaluator's path, the judgment and whether it failed.
     */
    private Map<String, ArrayNode> judgments(List<LogDocuments.Row> rows, Function<String, String> path) {
        Map<String, Map<String, ObjectNode>> byJudged = new LinkedHashMap<>();
        for (var row : rows) {
            JsonNode body = mapper.readTree(row.body());
            ObjectNode judgment = mapper.createObjectNode();
            judgment.put("evaluator", path.apply(row.versionId()));
            judgment.set("value", shortened(body.get("judgment")));
            JsonNode error = body.get("error");
            judgment.put("error", error != null && !error.isNull());
            byJudged.computeIfAbsent(row.judgedLogId(), k -> new LinkedHashMap<>()).put(row.fileId(), judgment);
        }
        Map<String, ArrayNode> result = new HashMap<>();
        byJudged.forEach((judged, byEvaluator) -> {
            ArrayNode list = mapper.createArrayNode();
            byEvaluator.values().forEach(list::add);
            result.put(judged, list);
        });
        return result;
    }

    private JsonNode shortened(JsonNode judgment) {
        if (judgment == null || judgment.isNull()) {
            return mapper.nullNode();
        }
        if (judgment.isString() && judgment.stringValue().length() > JUDGMENT_TEXT) {
            return mapper.getNodeFactory().stringNode(judgment.stringValue().substring(0, JUDGMENT_TEXT) + "…");
        }
        return judgment;
    }
}
