package dev.tracevault.query.logs;

import dev.tracevault.events.content.ContentField;
import dev.tracevault.events.log.LogErased;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an erased log shows: its shape (ids, kind, file, trace links, times, status, tokens, costs)
 * with every {@link ContentField} it has set to {@code null}, and two keys of our own,
 * {@code "erased": true} and {@code "erased_at"}. Live logs have neither key. A tombstone keeps
 * the keys its kind has, so it still parses as that kind with the SDK's strict parser.
 */
final class Tombstone {

    static final String ERASED = "erased";
    static final String ERASED_AT = "erased_at";

    private Tombstone() {
    }

    /** Turns a log's document into its tombstone. */
    static void erase(ObjectNode body, LogErased event) {
        for (ContentField field : ContentField.values()) {
            if (body.has(field.wire())) {
                body.putNull(field.wire());
            }
        }
        body.put(ERASED, true);
        body.put(ERASED_AT, event.erasedAt().toString());
    }

    /** Whether a document is a tombstone. */
    static boolean is(JsonNode body) {
        JsonNode erased = body.get(ERASED);
        return erased != null && erased.isBoolean() && erased.booleanValue();
    }
}
