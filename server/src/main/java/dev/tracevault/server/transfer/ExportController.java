package dev.tracevault.server.transfer;

import dev.tracevault.events.wire.WireDatetime;
import dev.tracevault.problems.InvalidInput;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v5/export}: every stored event, in the order it was stored, as NDJSON: one JSON
 * object per line with the event's {@code global_index} and identity ({@code event_id},
 * {@code aggregate_type}, {@code aggregate_id}, {@code sequence}, {@code timestamp}), its
 * {@code payload_type} and {@code payload_revision}, its {@code payload} (unsealed) and
 * {@code metadata} (keys sorted); then one trailer line ({@link ExportTrailer}). Optional filters:
 * {@code file_id} (the file's own events and those of its logs) and {@code from}/{@code to}
 * (ISO-8601, event time, {@code from} inclusive, {@code to} exclusive). Erased logs export as
 * stored: their payload fields are null, and their erasure is there. A full export loads into an
 * empty store with {@code java -jar tracevault.jar import FILE}.
 *
 * <p>An event that cannot be written (one this server cannot read) stops the export visibly: the
 * connection is closed without the trailer and without ending the response ({@link ExportBroken}).
 */
@RestController
class ExportController {

    private static final Logger log = LoggerFactory.getLogger(ExportController.class);

    private final EventStorageEngine events;
    private final Serializer plain;
    private final JdbcTemplate jdbc;

    ExportController(EventStorageEngine events, Jackson3SerializerCustomizer format, JdbcTemplate jdbc) {
        this.events = events;
        this.plain = PlainSerializer.of(format);
        this.jdbc = jdbc;
    }

    @GetMapping("/v5/export")
    void export(@RequestParam(name = "file_id", required = false) String fileId,
                @RequestParam(name = "from", required = false) String from,
                @RequestParam(name = "to", required = false) String to,
                HttpServletResponse response) throws IOException {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        Set<String> aggregates = fileId == null ? null : aggregatesOf(fileId);
        Map<String, String> filter = new TreeMap<>();
        put(filter, "file_id", fileId);
        put(filter, "from", from);
        put(filter, "to", to);
        response.setContentType("application/x-ndjson");
        ExportLines lines = new ExportLines(response.getOutputStream(), plain);
        try (var stream = events.readEvents(null, false)) {
            var all = stream.iterator();
            while (all.hasNext()) {
                TrackedEventMessage<?> event = all.next();
                if (included(event, start, end, aggregates)) {
                    lines.event(globalIndex(event), (DomainEventMessage<?>) event);
                }
            }
            lines.end(filter);
        } catch (RuntimeException | IOException e) {
            throw new ExportBroken("the export stopped after " + lines.count() + " events", e);
        }
    }

    /** Closes the connection without ending the response (see {@link ExportBroken}). */
    @ExceptionHandler(ExportBroken.class)
    void broken(ExportBroken e) {
        log.error("{}; the response is cut off", e.getMessage(), e.getCause());
        throw e;
    }

    private static boolean included(TrackedEventMessage<?> event, Instant start, Instant end, Set<String> aggregates) {
        return event instanceof DomainEventMessage<?> domain
                && (start == null || !event.getTimestamp().isBefore(start))
                && (end == null || event.getTimestamp().isBefore(end))
                && (aggregates == null || aggregates.contains(domain.getAggregateIdentifier()));
    }

    private static long globalIndex(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow(() ->
                new IllegalStateException("event " + event.getIdentifier() + " has no global index"));
    }

    private static void put(Map<String, String> filter, String name, String value) {
        if (value != null && !value.isEmpty()) {
            filter.put(name, value);
        }
    }

    private Set<String> aggregatesOf(String fileId) {
        Set<String> ids = new HashSet<>(List.of(fileId));
        ids.addAll(jdbc.queryForList("select log_id from log_document where file_id = ?", String.class, fileId));
        if (ids.size() == 1 && jdbc.queryForObject("select count(*) from file_document where file_id = ?",
                Long.class, fileId) == 0) {
            throw new dev.tracevault.problems.NotFound("File '" + fileId + "' not found");
        }
        return ids;
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Instant instant = WireDatetime.parse(value);
        if (instant == null) {
            throw InvalidInput.of(List.of("query", field), "invalid datetime format (ISO-8601 expected)",
                    "value_error.datetime");
        }
        return instant;
    }
}
