package dev.tracevault.query.history;

import dev.tracevault.events.Attribution;
import dev.tracevault.events.content.ContentField;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.problems.NotFound;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindLogAsOf;
import dev.tracevault.queries.FindLogHistory;
import dev.tracevault.query.logs.LogsAsOf;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The past of a log, read from the event store itself, not from a read model: its events in order
 * ({@code GET /v5/logs/{id}/history}), and the log as the API returned it at an earlier moment
 * ({@code ?as_of=}, {@code ?version=}).
 *
 * <p>An event is shown generically: its type, when, who caused it (the API key's id and name from
 * the event's metadata, or a system actor; for an imported event {@code system:import}, with what
 * the imported file claimed under {@code imported}), and its payload as the change it made — with wire-style
 * snake_case names, without the log id it repeats or a creation's request digest. Every content
 * field of an erased log ({@link ContentField}) shows as {@code null}.
 */
@Component
class LogHistory {

    private static final String ERASED = LogErased.class.getSimpleName();
    /**
     * Not shown as changes: the log id every event repeats, and a creation's request digest (how a
     * retried create is recognised: a digest of the request, payload included, which an erasure
     * must not leave readable through the API).
     */
    private static final List<String> NOT_CHANGES = List.of("log_id", "request_digest");

    /** The actor shown for an imported event: its attribution is the source's claim, not this server's. */
    static final String IMPORTED = "system:import";

    private final EventStore events;
    private final LogsAsOf asOf;
    private final JdbcTemplate jdbc;
    private final JsonMapper payloads;

    LogHistory(EventStore events, LogsAsOf asOf, JdbcTemplate jdbc, JsonMapper mapper) {
        this.events = events;
        this.asOf = asOf;
        this.jdbc = jdbc;
        this.payloads = mapper.rebuild().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    }

    @QueryHandler
    ApiDocument handle(FindLogHistory query) {
        // from sequence 0: the events themselves, never a snapshot
        List<? extends DomainEventMessage<?>> stream = events.readEvents(query.logId(), 0).asStream().toList();
        if (stream.isEmpty() || !stream.getFirst().getType().endsWith("Log")) {
            throw new NotFound("Log '" + query.logId() + "' not found");
        }
        var imported = importedEvents(jdbc, query.logId());
        ObjectNode history = payloads.createObjectNode();
        history.put("log_id", query.logId());
        var list = history.putArray("events");
        boolean erased = stream.stream().anyMatch(event -> type(event).equals(ERASED));
        for (var event : stream) {
            ObjectNode item = list.addObject();
            item.put("sequence", event.getSequenceNumber());
            String type = type(event);
            item.put("type", type);
            item.put("timestamp", event.getTimestamp().toString());
            if (imported.contains(event.getIdentifier())) {
                // what the imported file says about who caused it: shown, never as this server's key
                item.putNull("api_key");
                item.put("actor", IMPORTED);
                ObjectNode claim = item.putObject("imported");
                attribution(claim, event);
            } else {
                attribution(item, event);
            }
            JsonNode changes = changes(event);
            if (erased) {
                withoutContent(changes);
            }
            item.set("changes", changes);
        }
        history.put("erased", erased);
        return new ApiDocument(payloads.writeValueAsString(history));
    }

    @QueryHandler
    ApiDocument handle(FindLogAsOf query) {
        return new ApiDocument(query.version() != null ? asOf.atVersion(query.logId(), query.version())
                : asOf.at(query.logId(), query.asOf()));
    }

    /** Writes the event's attribution from its metadata: {@code api_key} ({@code {id, name}} or null) and {@code actor}. */
    static void attribution(ObjectNode item, DomainEventMessage<?> event) {
        Object keyId = event.getMetaData().get(Attribution.API_KEY_ID);
        if (keyId == null) {
            item.putNull("api_key");
        } else {
            ObjectNode key = item.putObject("api_key");
            key.put("id", keyId.toString());
            key.put("name", text(event.getMetaData().get(Attribution.API_KEY_NAME)));
        }
        item.put("actor", text(event.getMetaData().get(Attribution.ACTOR)));
    }

    /**
     * The ids of the log's events that an import loaded: those up to the last global index of the
     * store's completed import (an import numbers its events as the source did, and later events
     * come after them).
     */
    static Set<String> importedEvents(JdbcTemplate jdbc, String logId) {
        Long last = jdbc.queryForObject("select max(last_global_index) from event_import where status = 'complete'",
                Long.class);
        if (last == null) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("select event_identifier from domain_event_entry"
                + " where aggregate_identifier = ? and global_index <= ?", String.class, logId, last));
    }

    private static String type(DomainEventMessage<?> event) {
        if (event.getPayload() instanceof UnknownSerializedType unknown) {
            String name = unknown.serializedType().getName();
            return name.substring(name.lastIndexOf('.') + 1);
        }
        return event.getPayloadType().getSimpleName();
    }

    private JsonNode changes(DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload == null || payload instanceof UnknownSerializedType) {
            return payloads.nullNode();
        }
        JsonNode changes = payloads.valueToTree(payload);
        if (changes instanceof ObjectNode object) {
            object.remove(NOT_CHANGES);
        }
        return changes;
    }

    /**
     * Sets every content field in {@code changes} to null, wherever it sits (in a creation's
     * {@code fields}, in {@code details}). The store holds an erased log's content sealed with a
     * destroyed key, which reads as null anyway; this also covers events stored before every
     * content field was sealed. Snake_case stored names are the wire names.
     */
    private static void withoutContent(JsonNode changes) {
        if (changes instanceof ObjectNode object) {
            for (var entry : object.properties()) {
                if (ContentField.wireNames().contains(entry.getKey())) {
                    entry.setValue(object.nullNode());
                } else {
                    withoutContent(entry.getValue());
                }
            }
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
