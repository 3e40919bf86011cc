package dev.tracevault.query.web;

import dev.tracevault.problems.FieldProblem;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.queries.JsonStream;
import dev.tracevault.queries.ListLogs;
import dev.tracevault.queries.StreamLogs;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v5/logs}: one page of the logs of a File, with the filters of spec §3.9. Every
 * parameter is read as text and checked here, so that each bad one is named in one 422.
 */
@RestController
class LogListController {

    static final int MAX_SIZE = 100;

    private final QueryGateway queries;

    LogListController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/v5/logs")
    void list(@RequestParam(name = "file_id", required = false) String fileId,
                                @RequestParam(name = "page", required = false) String page,
                                @RequestParam(name = "size", required = false) String size,
                                @RequestParam(name = "version_id", required = false) String versionId,
                                @RequestParam(name = "id", required = false) List<String> ids,
                                @RequestParam(name = "search", required = false) String search,
                                @RequestParam(name = "metadata_search", required = false) String metadataSearch,
                                @RequestParam(name = "start_date", required = false) String startDate,
                                @RequestParam(name = "end_date", required = false) String endDate,
                                @RequestParam(name = "include_parent", required = false) String includeParent,
                                @RequestParam(name = "in_trace_filter", required = false) List<String> inTrace,
                                @RequestParam(name = "sample", required = false) String sample,
                                @RequestParam(name = "include_trace_children", required = false)
                                String includeTraceChildren,
                                @RequestParam(name = "version_status", required = false) String versionStatus,
                                HttpServletResponse response) throws IOException {
        var problems = new ArrayList<FieldProblem>();
        if (versionStatus != null) {
            // versions are not committed or uncommitted here, and a version with logs is never deleted
            problems.add(new FieldProblem(List.of("query", "version_status"), "version_status is not supported:"
                    + " versions have no commit status (filter by version_id instead)", "value_error.unsupported"));
        }
        if (fileId == null || fileId.isBlank()) {
            problems.add(new FieldProblem(List.of("query", "file_id"), "field required", "value_error.missing"));
        }
        int pageNumber = integer(problems, "page", page, 1, 1, Integer.MAX_VALUE);
        int pageSize = integer(problems, "size", size, 10, 0, MAX_SIZE);
        Integer sampleSize = sample == null || sample.isBlank() ? null
                : integer(problems, "sample", sample, 0, 0, Integer.MAX_VALUE);
        Instant start = instant(problems, "start_date", startDate);
        Instant end = instant(problems, "end_date", endDate);
        boolean parent = bool(problems, "include_parent", includeParent);
        boolean children = bool(problems, "include_trace_children", includeTraceChildren);
        boolean inTraceTrue = false;
        boolean inTraceFalse = false;
        for (String value : inTrace == null ? List.<String>of() : inTrace) {
            if (bool(problems, "in_trace_filter", value)) {
                inTraceTrue = true;
            } else {
                inTraceFalse = true;
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        List<String> idFilters = ids == null ? List.of() : ids.stream().filter(id -> !id.isEmpty()).toList();
        Boolean inTraceFilter = inTraceTrue == inTraceFalse ? null : inTraceTrue;
        // written as it is rendered (StreamLogs): a page of large logs is never held whole
        JsonStream answer = QueryAnswers.ask(queries, new StreamLogs(new ListLogs(fileId, pageNumber, pageSize,
                blankToNull(versionId), idFilters, blankToNull(search), blankToNull(metadataSearch), start, end, parent, inTraceFilter,
                sampleSize, children)), JsonStream.class);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        var out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        answer.writeTo(out);
        out.flush();
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static int integer(List<FieldProblem> problems, String name, String text, int otherwise, int min,
                               int max) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < min || value > max) {
                problems.add(new FieldProblem(List.of("query", name), name + " must be between " + min + " and "
                        + max, "value_error.number.not_in_range"));
                return otherwise;
            }
            return (int) value;
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(List.of("query", name), "value is not a valid integer",
                    "type_error.integer"));
            return otherwise;
        }
    }

    private static Instant instant(List<FieldProblem> problems, String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return QueryAnswers.instant(text.strip(), name);
        } catch (InvalidInput e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** FastAPI's booleans: true/false, 1/0, yes/no, on/off, any case; absent is false. */
    private static boolean bool(List<FieldProblem> problems, String name, String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> {
                return true;
            }
            case "false", "0", "no", "off" -> {
                return false;
            }
            default -> {
                problems.add(new FieldProblem(List.of("query", name), "value could not be parsed to a boolean",
                        "type_error.bool"));
                return false;
            }
        }
    }
}
