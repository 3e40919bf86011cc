package dev.tracevault.viewer;

import dev.tracevault.problems.InvalidInput;
import dev.tracevault.queries.FindFileStats;
import dev.tracevault.queries.FindFiles;
import dev.tracevault.queries.FindLogDetail;
import dev.tracevault.queries.FindLogHistory;
import dev.tracevault.queries.FindTrace;
import dev.tracevault.queries.ListLogs;
import dev.tracevault.queries.LogSort;
import dev.tracevault.query.logs.TraceFeed;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The viewer's data, as JSON, read through the query side's queries: the same answers as the API's
 * (a log, its history, a page of a file's logs, a file's stats, files), plus what only the viewer
 * needs — a trace as an outline ({@link FindTrace}) with the position its live stream starts from,
 * and one log without its trace children ({@link FindLogDetail}). A judgment goes to
 * {@code POST /v5/evaluators/log} itself.
 */
@RestController
class ViewerData {

    private static final int MAX_PAGE_SIZE = 100;
    private static final List<String> KINDS = List.of("flow", "prompt", "tool", "evaluator");
    private static final List<String> STATUSES = List.of("complete", "incomplete");

    private final Queries queries;
    private final TraceFeed feed;
    private final JsonMapper mapper;

    ViewerData(Queries queries, TraceFeed feed, JsonMapper mapper) {
        this.queries = queries;
        this.feed = feed;
        this.mapper = mapper;
    }

    /**
     * The trace holding the log, as an outline, and {@code position}: where its live stream
     * ({@code /ui/api/traces/{trace}/live?from=}) starts so that nothing after this read is missed.
     */
    @GetMapping("/ui/api/trace/{id}")
    ResponseEntity<byte[]> trace(@PathVariable("id") String id,
                                 @RequestParam(name = "as_of", required = false) String asOf) {
        String position = feed.start(); // before the read: whatever the read misses comes after it
        String outline = queries.ask(new FindTrace(id, instant(asOf, "as_of")));
        return json("{\"position\":\"" + position + "\"," + outline.substring(1));
    }

    /** One log without its trace children: now, {@code as_of} an instant, or right after its event {@code version}. */
    @GetMapping("/ui/api/logs/{id}")
    ResponseEntity<byte[]> log(@PathVariable("id") String id,
                               @RequestParam(name = "as_of", required = false) String asOf,
                               @RequestParam(name = "version", required = false) String version) {
        if (asOf != null && version != null) {
            throw InvalidInput.of(List.of("query", "version"), "give as_of or version, not both", "value_error");
        }
        return json(queries.ask(new FindLogDetail(id, instant(asOf, "as_of"), sequence(version))));
    }

    @GetMapping("/ui/api/logs/{id}/history")
    ResponseEntity<byte[]> history(@PathVariable("id") String id) {
        return json(queries.ask(new FindLogHistory(id)));
    }

    /** Files of every kind whose name holds {@code name}, most recently updated first. */
    @GetMapping("/ui/api/files")
    ResponseEntity<byte[]> files(@RequestParam(name = "name", required = false) String name,
                                 @RequestParam(name = "kind", required = false) String kind) {
        var json = new StringBuilder("{\"records\":[");
        boolean first = true;
        for (String each : kind == null ? KINDS : List.of(kind)) {
            if (!KINDS.contains(each)) {
                throw InvalidInput.of(List.of("query", "kind"), "kind must be one of " + KINDS, "value_error");
            }
            String page = queries.ask(new FindFiles(each, 1, MAX_PAGE_SIZE, blankToNull(name), "updated_at", false));
            String records = page.substring(page.indexOf('[') + 1, page.lastIndexOf(']'));
            if (!records.isBlank()) {
                json.append(first ? "" : ",").append(records);
                first = false;
            }
        }
        return json(json.append("]}").toString());
    }

    /**
     * A page of a file's logs, newest first unless {@code order=asc}, by the time logged unless
     * {@code sort} names another column ({@link LogSort}): the listing's own query and filters, and the viewer's own: {@code status} ({@code log_status}), {@code has_error}, and
     * {@code judged_by} (an evaluator's file id) with {@code judgment} (its current judgment: JSON, or
     * else a text).
     */
    @GetMapping("/ui/api/logs")
    ResponseEntity<byte[]> logs(@RequestParam(name = "file_id") String fileId,
                                @RequestParam(name = "page", defaultValue = "1") int page,
                                @RequestParam(name = "size", defaultValue = "25") int size,
                                @RequestParam(name = "search", required = false) String search,
                                @RequestParam(name = "metadata_search", required = false) String metadataSearch,
                                @RequestParam(name = "start_date", required = false) String startDate,
                                @RequestParam(name = "end_date", required = false) String endDate,
                                @RequestParam(name = "in_trace", required = false) Boolean inTrace,
                                @RequestParam(name = "status", required = false) String status,
                                @RequestParam(name = "has_error", required = false) Boolean hasError,
                                @RequestParam(name = "judged_by", required = false) String judgedBy,
                                @RequestParam(name = "judgment", required = false) String judgment,
                                @RequestParam(name = "order", defaultValue = "desc") String order,
                                @RequestParam(name = "sort", defaultValue = "created_at") String sort) {
        if (page < 1 || size < 1 || size > MAX_PAGE_SIZE) {
            throw InvalidInput.of(List.of("query", "size"), "page ≥ 1 and 1 ≤ size ≤ " + MAX_PAGE_SIZE, "value_error");
        }
        String logStatus = blankToNull(status);
        if (logStatus != null && !STATUSES.contains(logStatus)) {
            throw InvalidInput.of(List.of("query", "status"), "status must be one of " + STATUSES, "value_error");
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            throw InvalidInput.of(List.of("query", "order"), "order must be asc or desc", "value_error");
        }
        LogSort sortKey = LogSort.named(sort).orElseThrow(() -> InvalidInput.of(List.of("query", "sort"),
                "sort must be one of " + LogSort.wireNames(), "value_error"));
        String evaluator = blankToNull(judgedBy);
        String value = blankToNull(judgment);
        if ((evaluator == null) != (value == null)) {
            throw InvalidInput.of(List.of("query", evaluator == null ? "judged_by" : "judgment"),
                    "judged_by and judgment go together", "value_error");
        }
        return json(queries.ask(new ListLogs(fileId, page, size, null, List.of(), blankToNull(search),
                blankToNull(metadataSearch), instant(blankToNull(startDate), "start_date"),
                instant(blankToNull(endDate), "end_date"), false, inTrace, null, false, !order.equals("asc"),
                logStatus, hasError, evaluator, value == null ? null : judgmentJson(value), sortKey)));
    }

    /** A file's stats over the last {@code days} days (hourly up to two days, daily beyond). */
    @GetMapping("/ui/api/files/{kind}/{id}/stats")
    ResponseEntity<byte[]> stats(@PathVariable("kind") String kind, @PathVariable("id") String id,
                                 @RequestParam(name = "days", defaultValue = "1") int days) {
        if (days < 1 || days > 365) {
            throw InvalidInput.of(List.of("query", "days"), "days must be 1 to 365", "value_error");
        }
        String bucket = days <= 2 ? "hour" : "day";
        Instant to = Instant.now().truncatedTo(bucket.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS)
                .plus(1, bucket.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS);
        Instant from = to.minus(Duration.ofDays(days));
        return json(queries.ask(new FindFileStats(id, kind, null, from, to, bucket)));
    }

    /**
     * A judgment recorded from the viewer: the request goes on, body and all, to
     * {@code POST /v5/evaluators/log}, the API's own endpoint — the same checks, the same answer, and
     * attributed to the key this session signed in with. Only the session and its CSRF token
     * let it through here.
     */
    @PostMapping("/ui/api/evaluators/log")
    void judge(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        request.getRequestDispatcher("/v5/evaluators/log").forward(request, response);
    }

    /** A judgment as the listing compares it: compact JSON; what does not parse as JSON is a text. */
    private String judgmentJson(String text) {
        try {
            return mapper.writeValueAsString(mapper.readTree(text));
        } catch (JacksonException notJson) {
            return mapper.writeValueAsString(text);
        }
    }

    private static ResponseEntity<byte[]> json(String json) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static Long sequence(String text) {
        if (text == null) {
            return null;
        }
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

    /** An ISO-8601 instant, a local date-time (UTC) or a date (its start, UTC); null stays null. */
    static Instant instant(String text, String parameter) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw InvalidInput.of(List.of("query", parameter), parameter + " must be an ISO-8601 datetime",
                            "value_error.datetime");
                }
            }
        }
    }
}
