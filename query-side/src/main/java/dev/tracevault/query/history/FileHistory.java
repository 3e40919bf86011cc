package dev.tracevault.query.history;

import dev.tracevault.problems.NotFound;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindFileHistory;
import java.util.List;
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
 * The past of a file, read from the event store ({@code GET /v5/{flows|prompts|tools|evaluators}/{id}/history}):
 * its creation, versions, monitors, moves, renames, version updates and deletions and its deletion,
 * each with when and who (as a log's history shows them, an imported event as {@code system:import}), and
 * the change as snake_case fields. A
 * deleted file's history stays readable.
 */
@Component
class FileHistory {

    private final EventStore events;
    private final JdbcTemplate jdbc;
    private final JsonMapper payloads;

    FileHistory(EventStore events, JdbcTemplate jdbc, JsonMapper mapper) {
        this.events = events;
        this.jdbc = jdbc;
        this.payloads = mapper.rebuild().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    }

    @QueryHandler
    ApiDocument handle(FindFileHistory query) {
        List<? extends DomainEventMessage<?>> stream = events.readEvents(query.fileId(), 0).asStream().toList();
        if (stream.isEmpty() || !stream.getFirst().getType().equals("File")
                || !(stream.getFirst().getPayload() instanceof dev.tracevault.events.file.FileCreated created)
                || !created.kind().equals(query.kind())) {
            throw new NotFound(Character.toUpperCase(query.kind().charAt(0)) + query.kind().substring(1) + " '"
                    + query.fileId() + "' not found");
        }
        ObjectNode history = payloads.createObjectNode();
        history.put("file_id", query.fileId());
        history.put("type", query.kind());
        var list = history.putArray("events");
        var imported = LogHistory.importedEvents(jdbc, query.fileId());
        boolean deleted = false;
        for (var event : stream) {
            ObjectNode item = list.addObject();
            item.put("sequence", event.getSequenceNumber());
            Object payload = event.getPayload();
            String type = payload instanceof UnknownSerializedType unknown
                    ? unknown.serializedType().getName().substring(unknown.serializedType().getName().lastIndexOf('.') + 1)
                    : event.getPayloadType().getSimpleName();
            item.put("type", type);
            item.put("timestamp", event.getTimestamp().toString());
            if (imported.contains(event.getIdentifier())) {
                // what the imported file says about who caused it: shown, never as this server's key
                item.putNull("api_key");
                item.put("actor", LogHistory.IMPORTED);
                LogHistory.attribution(item.putObject("imported"), event);
            } else {
                LogHistory.attribution(item, event);
            }
            deleted |= type.equals("FileDeleted");
            JsonNode changes = payload == null || payload instanceof UnknownSerializedType ? payloads.nullNode()
                    : payloads.valueToTree(payload);
            if (changes instanceof ObjectNode object) {
                object.remove("file_id");
            }
            item.set("changes", changes);
        }
        history.put("deleted", deleted);
        return new ApiDocument(payloads.writeValueAsString(history));
    }
}
