package dev.tracevault.query.logs;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derives a log's listing columns ({@link LogDocuments.Listing}) from its document, every time the
 * document is written.
 *
 * <ul>
 *   <li>{@code search_text}: the text of its {@code inputs} (keys and values), its {@code output}
 *       and the {@code content} of its {@code messages} and {@code output_message}, one piece a
 *       line, {@linkplain #normalize normalized}. Empty for a {@code save: false} log, which stores no
 *       payload.</li>
 *   <li>{@code metadata_text}: its {@code metadata} as compact JSON, normalized.</li>
 *   <li>{@code judgment}: an Evaluator Log's {@code judgment} as compact JSON, if it is set, its
 *       {@code error} is not, and it is at most {@value #JUDGMENT_LENGTH} characters; else null.</li>
 * </ul>
 */
final class ListingColumns {

    /** The {@code judgment} column's width: a longer judgment is not kept (and not found). */
    static final int JUDGMENT_LENGTH = 256;

    private ListingColumns() {
    }

    static LogDocuments.Listing of(ObjectNode body, JsonMapper mapper) {
        Instant createdAt = instant(body.get("created_at"));
        var search = new StringBuilder();
        JsonNode save = body.get("save");
        if (save == null || !save.isBoolean() || save.booleanValue()) {
            leaves(body.get("inputs"), true, search);
            leaves(body.get("output"), false, search);
            JsonNode messages = body.get("messages");
            if (messages != null && messages.isArray()) {
                for (JsonNode message : messages) {
                    leaves(message.get("content"), false, search);
                }
            }
            JsonNode outputMessage = body.get("output_message");
            if (outputMessage != null && outputMessage.isObject()) {
                leaves(outputMessage.get("content"), false, search);
            }
        }
        JsonNode metadata = body.get("metadata");
        String metadataText = metadata == null || metadata.isNull() ? ""
                : normalize(mapper.writeValueAsString(metadata));
        return new LogDocuments.Listing(createdAt, normalize(search.toString()), metadataText, judgment(body, mapper));
    }

    private static String judgment(ObjectNode body, JsonMapper mapper) {
        JsonNode judgment = body.get("judgment");
        JsonNode error = body.get("error");
        if (judgment == null || judgment.isNull() || (error != null && !error.isNull())) {
            return null;
        }
        String json = mapper.writeValueAsString(judgment);
        return json.length() <= JUDGMENT_LENGTH ? json : null;
    }

    /**
     * Text as the listing columns keep it, and as a search term is compared with them: lower-cased,
     * with NUL (which a PostgreSQL text column cannot hold) replaced by U+FFFD.
     */
    static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replace('\u0000', '\uFFFD');
    }

    private static Instant instant(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        try {
            return Instant.parse(node.stringValue());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Appends every scalar under {@code node} (and the keys of objects, if {@code keys}), one a line. */
    private static void leaves(JsonNode node, boolean keys, StringBuilder text) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (var entry : node.properties()) {
                if (keys) {
                    line(text, entry.getKey());
                }
                leaves(entry.getValue(), keys, text);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                leaves(item, keys, text);
            }
        } else {
            line(text, node.isString() ? node.stringValue() : node.toString());
        }
    }

    private static void line(StringBuilder text, String piece) {
        if (!text.isEmpty()) {
            text.append('\n');
        }
        text.append(piece);
    }
}
