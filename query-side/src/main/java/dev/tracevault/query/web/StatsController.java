package dev.tracevault.query.web;

import dev.tracevault.events.wire.WireDatetime;
import dev.tracevault.problems.FieldProblem;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.queries.FindFileStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v5/{flows,prompts,tools}/{id}/stats?from&to&bucket[&version_id]} (README: Analytics).
 * {@code from} rounds down and {@code to} up to bucket boundaries (UTC); without them the range is
 * the last 30 days (24 hours for hourly buckets) up to the end of the current bucket.
 */
@RestController
class StatsController {

    static final int MAX_BUCKETS = 1000;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");
    private static final Map<String, String> KINDS = Map.of("flows", "flow", "prompts", "prompt", "tools", "tool");

    private final QueryGateway queries;
    private final Clock clock;

    StatsController(QueryGateway queries) {
        this.queries = queries;
        this.clock = Clock.systemUTC();
    }

    @GetMapping("/v5/{files:flows|prompts|tools}/{id}/stats")
    ResponseEntity<byte[]> stats(@PathVariable("files") String files, @PathVariable("id") String id,
                                 @RequestParam(name = "from", required = false) String from,
                                 @RequestParam(name = "to", required = false) String to,
                                 @RequestParam(name = "bucket", defaultValue = "day") String bucket,
                                 @RequestParam(name = "version_id", required = false) String versionId) {
        List<FieldProblem> problems = new ArrayList<>();
        ChronoUnit unit = switch (bucket) {
            case "hour" -> ChronoUnit.HOURS;
            case "day" -> ChronoUnit.DAYS;
            default -> {
                problems.add(new FieldProblem(List.of("query", "bucket"), "bucket must be hour or day",
                        "type_error.enum"));
                yield ChronoUnit.DAYS;
            }
        };
        Instant fromTime = time("from", from, problems);
        Instant toTime = time("to", to, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        Instant end = toTime != null ? ceil(toTime, unit) : ceil(clock.instant(), unit);
        Instant start = fromTime != null ? fromTime.truncatedTo(unit)
                : end.minus(unit == ChronoUnit.HOURS ? Duration.ofHours(24) : Duration.ofDays(30));
        if (!start.isBefore(end)) {
            throw InvalidInput.of(List.of("query", "from"), "from must be before to", "value_error.range");
        }
        long buckets = Duration.between(start, end).dividedBy(unit.getDuration());
        if (buckets > MAX_BUCKETS) {
            throw InvalidInput.of(List.of("query", "to"), "the range spans " + buckets + " " + bucket
                    + " buckets; at most " + MAX_BUCKETS + " are allowed", "value_error.range");
        }
        return QueryAnswers.json(QueryAnswers.ask(queries, new FindFileStats(id, KINDS.get(files),
                versionId == null || versionId.isEmpty() ? null : versionId, start, end, bucket)));
    }

    /** ISO-8601 date-time (without an offset: UTC) or date (its UTC midnight), in the years 1 to 9999. */
    private static Instant time(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Instant instant = parse(value);
        if (instant == null || instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            problems.add(new FieldProblem(List.of("query", field), field
                    + " must be an ISO-8601 date-time from year 1 to 9999, e.g. 2025-03-01T00:00:00Z",
                    "value_error.datetime"));
            return null;
        }
        return instant;
    }

    private static Instant parse(String value) {
        Instant instant = WireDatetime.parse(value);
        if (instant != null) {
            return instant;
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    private static Instant ceil(Instant instant, ChronoUnit unit) {
        Instant floor = instant.truncatedTo(unit);
        return floor.equals(instant) ? floor : floor.plus(unit.getDuration());
    }
}
