package dev.tracevault.server.transfer;

import dev.tracevault.problems.InvalidInput;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v5/export}: every stored event, in the order it was stored, as NDJSON: one JSON
 * object per line with the event's identity ({@code event_id}, {@code aggregate_type},
 * {@code aggregate_id}, {@code sequence}, {@code timestamp}), its {@code payload_type} and
 * {@code payload_revision}, its {@code payload} (unsealed) and {@code metadata}. Optional filters:
 * {@code file_id} (the file's own events and those of its logs) and {@code from}/{@code to}
 * (ISO-8601, event time, {@code from} inclusive, {@code to} exclusive). Erased logs export as
 * stored: their payload fields are null, and their erasure is there. A full export loads into an
 * empty store with {@code java -jar tracevault.jar import FILE}.
 */
@RestController
class ExportController {

    private final EventStorageEngine events;
    private final Serializer plain;
    private final JdbcTemplate jdbc;
    private final JsonMapper json = PlainSerializer.JSON;

    ExportController(EventStorageEngine events, Jackson3SerializerCustomizer format, JdbcTemplate jdbc) {
        this.events = events;
        this.plain = PlainSerializer.of(format);
        this.jdbc = jdbc;
    }

    @GetMapping("/v5/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(name = "file_id", required = false) String fileId,
                                                 @RequestParam(name = "from", required = false) String from,
                                                 @RequestParam(name = "to", required = false) String to) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        Set<String> aggregates = fileId == null ? null : aggregatesOf(fileId);
        StreamingResponseBody body = out -> {
            try (var stream = events.readEvents(null, false)) {
                stream.forEach(event -> write(out, event, start, end, aggregates));
            }
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson")).body(body);
    }

    private void write(OutputStream out, TrackedEventMessage<?> event, Instant start, Instant end,
                       Set<String> aggregates) {
        if (!(event instanceof DomainEventMessage<?> domain)
                || start != null && event.getTimestamp().isBefore(start)
                || end != null && !event.getTimestamp().isBefore(end)
                || aggregates != null && !aggregates.contains(domain.getAggregateIdentifier())) {
            return;
        }
        var payload = plain.serialize(event.getPayload(), byte[].class);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event_id", event.getIdentifier());
        line.put("aggregate_type", domain.getType());
        line.put("aggregate_id", domain.getAggregateIdentifier());
        line.put("sequence", domain.getSequenceNumber());
        line.put("timestamp", event.getTimestamp().toString());
        line.put("payload_type", payload.getType().getName());
        line.put("payload_revision", payload.getType().getRevision());
        line.put("payload", json.readTree(payload.getData()));
        line.put("metadata", event.getMetaData());
        try {
            out.write(json.writeValueAsBytes(line));
            out.write('\n');
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidInput.of(List.of("query", field), "invalid datetime format (ISO-8601 with offset expected)",
                    "value_error.datetime");
        }
    }
}
