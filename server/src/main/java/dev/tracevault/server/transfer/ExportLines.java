package dev.tracevault.server.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the lines of an export: one per event ({@link #event}), counted and checksummed, and the
 * trailer that ends a whole export ({@link #end}). The import reads the same format.
 */
final class ExportLines {

    private final OutputStream out;
    private final Serializer plain;
    private final JsonMapper json = PlainSerializer.JSON;
    private final MessageDigest sha256 = sha256();
    private long count;
    private Long lastGlobalIndex;

    ExportLines(OutputStream out, Serializer plain) {
        this.out = out;
        this.plain = plain;
    }

    long count() {
        return count;
    }

    /** Writes {@code event}, stored at {@code globalIndex}, unsealed. */
    void event(long globalIndex, DomainEventMessage<?> event) throws IOException {
        if (event.getPayload() instanceof UnknownSerializedType unknown) {
            throw new IllegalStateException("event " + globalIndex + " has the type " + unknown.serializedType()
                    + ", which this server does not know");
        }
        var payload = plain.serialize(event.getPayload(), byte[].class);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("global_index", globalIndex);
        line.put("event_id", event.getIdentifier());
        line.put("aggregate_type", event.getType());
        line.put("aggregate_id", event.getAggregateIdentifier());
        line.put("sequence", event.getSequenceNumber());
        line.put("timestamp", event.getTimestamp().toString());
        line.put("payload_type", payload.getType().getName());
        line.put("payload_revision", payload.getType().getRevision());
        line.put("payload", json.readTree(payload.getData()));
        line.put("metadata", new TreeMap<>(event.getMetaData()));
        byte[] bytes = json.writeValueAsBytes(line);
        out.write(bytes);
        out.write('\n');
        sha256.update(bytes);
        sha256.update((byte) '\n');
        count++;
        lastGlobalIndex = globalIndex;
    }

    /** Ends the export with its trailer; {@code filter} names the filters of a partial one. */
    void end(Map<String, String> filter) throws IOException {
        var trailer = new ExportTrailer(count, lastGlobalIndex, HexFormat.of().formatHex(sha256.digest()), filter);
        out.write(json.writeValueAsBytes(trailer.line()));
        out.write('\n');
        out.flush();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
