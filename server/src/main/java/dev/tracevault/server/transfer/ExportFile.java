package dev.tracevault.server.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.Upcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an export file for the import, refusing it at the first line that is not what an export of
 * this server writes ({@link ImportRefused} names the line): only importable events and revisions
 * ({@link ImportableEvents}), upcast and read as the event store reads them, each payload reading
 * back exactly as written (so no value is coerced, dropped or added, and a second export is the
 * same bytes), content as the API accepts it ({@link ImportChecks}), lines no longer than a request
 * may be, global indexes rising, each aggregate's events numbered from 0 without a gap; and a
 * trailer that matches the lines (count, last global index, SHA-256) with nothing after it.
 */
final class ExportFile {

    /** One checked event, with the line it came from. */
    record Event(long line, long globalIndex, GenericDomainEventMessage<?> message) {
    }

    private static final Set<String> FIELDS = Set.of("global_index", "event_id", "aggregate_type", "aggregate_id",
            "sequence", "timestamp", "payload_type", "payload_revision", "payload", "metadata");
    /** Room for an event line's own fields around a payload as large as a request. */
    private static final int LINE_OVERHEAD = 64 * 1024;

    private final ImportableEvents importable;
    private final Serializer plain;
    private final Upcaster<IntermediateEventRepresentation> upcasters;
    private final long maxLineBytes;
    private final JsonMapper json = PlainSerializer.JSON;

    ExportFile(ImportableEvents importable, Serializer plain, Upcaster<IntermediateEventRepresentation> upcasters,
               long maxLineBytes) {
        this.importable = importable;
        this.plain = plain;
        this.upcasters = upcasters;
        this.maxLineBytes = maxLineBytes;
    }

    /** The longest line for a server that accepts requests of {@code maxRequestBytes}. */
    static long lineLimit(long maxRequestBytes) {
        return maxRequestBytes + LINE_OVERHEAD;
    }

    /**
     * Reads {@code file}, handing each checked event to {@code sink} in order, and answers its
     * trailer once all lines are read and match it. {@code progress} hears the bytes read so far.
     */
    ExportTrailer read(Path file, Consumer<Event> sink, LongConsumer progress) throws IOException {
        MessageDigest sha256 = ExportLines.sha256();
        Map<String, Aggregate> aggregates = new HashMap<>();
        long count = 0;
        Long lastGlobalIndex = null;
        ExportTrailer trailer = null;
        long read = 0;
        long number = 0;
        try (InputStream stream = Files.newInputStream(file)) {
            Lines in = new Lines(stream);
            for (byte[] bytes = line(in, number + 1); bytes != null; bytes = line(in, number + 1)) {
                number++;
                read += bytes.length + 1;
                progress.accept(read);
                if (trailer != null) {
                    throw ImportRefused.at(number, "there is a line after the trailer");
                }
                JsonNode node = parse(bytes, number);
                if (node.has(ExportTrailer.KEY)) {
                    trailer = trailer(node, number);
                    continue;
                }
                sha256.update(bytes);
                sha256.update((byte) '\n');
                Event event = event(node, number, aggregates, lastGlobalIndex);
                lastGlobalIndex = event.globalIndex();
                count++;
                sink.accept(event);
            }
        }
        if (trailer == null) {
            throw new ImportRefused("the file has no trailer after its " + count + " events: it is cut short, or"
                    + " not an export of this server (an export ends with a line {\"trailer\": …})");
        }
        if (trailer.filter() != null && !trailer.filter().isEmpty()) {
            throw new ImportRefused("the file is a partial export (" + trailer.filter() + "): only a whole export,"
                    + " without file_id, from or to, can be imported");
        }
        if (trailer.events() != count) {
            throw new ImportRefused("the trailer counts " + trailer.events() + " events, the file has " + count);
        }
        if (!Objects.equals(trailer.lastGlobalIndex(), lastGlobalIndex)) {
            throw new ImportRefused("the trailer's last global index is " + trailer.lastGlobalIndex()
                    + ", the last event's is " + lastGlobalIndex);
        }
        String digest = HexFormat.of().formatHex(sha256.digest());
        if (!digest.equals(trailer.sha256())) {
            throw new ImportRefused("the lines' SHA-256 is " + digest + ", the trailer says " + trailer.sha256()
                    + ": the file was changed or damaged");
        }
        return trailer;
    }

    /** The next line without its newline, or null at the end; a line may not pass the limit. */
    private byte[] line(Lines in, long number) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (in.pos == in.len) {
                in.len = in.stream.read(in.buffer);
                in.pos = 0;
                if (in.len <= 0) {
                    in.len = 0;
                    if (line.size() == 0) {
                        return null;
                    }
                    throw ImportRefused.at(number, "the file ends inside this line: it is cut short");
                }
            }
            int start = in.pos;
            while (in.pos < in.len && in.buffer[in.pos] != '\n') {
                in.pos++;
            }
            if (line.size() + (in.pos - start) > maxLineBytes) {
                throw ImportRefused.at(number, "longer than " + maxLineBytes + " bytes: an event's payload may be"
                        + " no larger than a request (tracevault.max-request-size)");
            }
            line.write(in.buffer, start, in.pos - start);
            if (in.pos < in.len) {
                in.pos++; // the newline
                return line.toByteArray();
            }
        }
    }

    /** A file read in large chunks (one read call per 64 KiB, not per byte). */
    private static final class Lines {

        final InputStream stream;
        final byte[] buffer = new byte[1 << 16];
        int pos;
        int len;

        Lines(InputStream stream) {
            this.stream = stream;
        }
    }

    private JsonNode parse(byte[] bytes, long number) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw ImportRefused.at(number, "not valid UTF-8");
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ImportRefused.at(number, "not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw ImportRefused.at(number, "not JSON: " + e.getOriginalMessage());
        }
    }

    private static ExportTrailer trailer(JsonNode node, long number) {
        JsonNode t = node.get(ExportTrailer.KEY);
        if (node.size() != 1 || !t.isObject() || !t.path("events").canConvertToLong()
                || !t.path("sha256").isString()
                || !(t.path("last_global_index").isNull() || t.path("last_global_index").canConvertToLong())) {
            throw ImportRefused.at(number, "a malformed trailer");
        }
        Map<String, String> filter = new LinkedHashMap<>();
        t.path("filter").properties().forEach(e -> filter.put(e.getKey(), e.getValue().asString()));
        JsonNode last = t.get("last_global_index");
        return new ExportTrailer(t.get("events").longValue(), last.isNull() ? null : last.longValue(),
                t.get("sha256").stringValue(), filter);
    }

    private Event event(JsonNode node, long number, Map<String, Aggregate> aggregates, Long previousIndex) {
        for (var field : node.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw ImportRefused.at(number, "unknown field '" + field + "'");
            }
        }
        long globalIndex = whole(node, "global_index", number, 1);
        if (previousIndex != null && globalIndex <= previousIndex) {
            throw ImportRefused.at(number, "global_index " + globalIndex + " does not follow " + previousIndex);
        }
        String eventId = text(node, "event_id", number);
        String aggregateType = text(node, "aggregate_type", number);
        String aggregateId = text(node, "aggregate_id", number);
        long sequence = whole(node, "sequence", number, 0);
        Instant timestamp = timestamp(node, number);
        String type = text(node, "payload_type", number);
        JsonNode revisionNode = node.get("payload_revision");
        if (revisionNode == null || !(revisionNode.isNull() || revisionNode.isString())) {
            throw ImportRefused.at(number, "payload_revision must be a string or null");
        }
        String revision = revisionNode.isNull() ? null : revisionNode.stringValue();
        String typeProblem = importable.problem(type, revision);
        if (typeProblem != null) {
            throw ImportRefused.at(number, typeProblem);
        }
        JsonNode payload = node.get("payload");
        if (payload == null || !payload.isObject()) {
            throw ImportRefused.at(number, "payload must be an object");
        }
        List<String> problems = ImportChecks.problems(aggregateId, payload);
        if (!problems.isEmpty()) {
            throw ImportRefused.at(number, String.join("; ", problems));
        }
        Object event = readBack(type, revision, payload, number);
        List<String> valueProblems = ImportChecks.eventProblems(timestamp, event);
        if (!valueProblems.isEmpty()) {
            throw ImportRefused.at(number, String.join("; ", valueProblems));
        }
        String aggregateProblem = importable.aggregateProblem(aggregateType, sequence, event.getClass());
        if (aggregateProblem != null) {
            throw ImportRefused.at(number, aggregateProblem);
        }
        Aggregate known = aggregates.get(aggregateId);
        long expected = known == null ? 0 : known.next();
        if (sequence != expected) {
            throw ImportRefused.at(number, "aggregate '" + aggregateId + "' has event " + sequence + " where "
                    + expected + " is next");
        }
        if (known != null && !known.type().equals(aggregateType)) {
            throw ImportRefused.at(number, "aggregate '" + aggregateId + "' is a " + known.type() + ", not a "
                    + aggregateType);
        }
        aggregates.put(aggregateId, new Aggregate(aggregateType.intern(), sequence + 1));
        return new Event(number, globalIndex, new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence,
                event, MetaData.from(metadata(node, number)), eventId, timestamp));
    }

    /**
     * The event, read as the event store reads it (upcast from an older revision, then deserialized
     * into its record), and written back: a payload that does not come back as it was (a value of
     * the wrong type, a field the record does not have) is refused.
     */
    private Object readBack(String type, String revision, JsonNode payload, long number) {
        var entry = new GenericDomainEventEntry<>(null, "import", 0, "import", Instant.EPOCH, type, revision,
                json.writeValueAsBytes(payload), "{}".getBytes(StandardCharsets.UTF_8));
        try {
            List<IntermediateEventRepresentation> upcast = upcasters
                    .upcast(Stream.of(new InitialEventRepresentation(entry, plain))).toList();
            if (upcast.size() != 1) {
                throw ImportRefused.at(number, "the event upcasts to " + upcast.size() + " events");
            }
            IntermediateEventRepresentation current = upcast.getFirst();
            Class<?> record = importable.events().get(current.getType().getName());
            String currentRevision = record == null ? null
                    : record.getAnnotation(org.axonframework.serialization.Revision.class).value();
            if (record == null || !currentRevision.equals(current.getType().getRevision())) {
                throw ImportRefused.at(number, "the event upcasts to " + current.getType() + ", not an event of"
                        + " this server's current revision");
            }
            Object event = plain.deserialize(current.getData(byte[].class));
            if (event == null || event.getClass() != record) {
                throw ImportRefused.at(number, "the payload does not read as " + record.getSimpleName());
            }
            JsonNode upcastJson = json.readTree(current.getData(byte[].class).getData());
            JsonNode again = json.readTree(plain.serialize(event, byte[].class).getData());
            if (!again.equals(upcastJson)) {
                throw ImportRefused.at(number, "the payload does not read back as written (a field of the wrong"
                        + " type, or one " + record.getSimpleName() + " does not have): " + difference(upcastJson, again));
            }
            return event;
        } catch (ImportRefused e) {
            throw e;
        } catch (RuntimeException e) {
            throw ImportRefused.at(number, "the payload is not a valid " + type + ": " + e.getMessage());
        }
    }

    /** The first field where {@code written} and {@code read} differ, for the message. */
    private static String difference(JsonNode written, JsonNode read) {
        for (var field : written.propertyNames()) {
            if (!read.has(field)) {
                return "'" + field + "' is not a field of the event";
            }
            if (!written.get(field).equals(read.get(field))) {
                return "'" + field + "' reads as " + abbreviate(read.get(field)) + ", not " + abbreviate(written.get(field));
            }
        }
        for (var field : read.propertyNames()) {
            if (!written.has(field)) {
                return "'" + field + "' is missing";
            }
        }
        return "the payload differs";
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    /** Metadata: an object of strings (who caused the event, Axon's correlation ids). */
    private static Map<String, Object> metadata(JsonNode node, long number) {
        JsonNode metadata = node.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            throw ImportRefused.at(number, "metadata must be an object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (var entry : metadata.properties()) {
            if (!entry.getValue().isString() || entry.getValue().stringValue().length() > 1024
                    || entry.getKey().length() > 128) {
                throw ImportRefused.at(number, "metadata." + entry.getKey() + " must be a string of at most 1024"
                        + " characters");
            }
            values.put(entry.getKey(), entry.getValue().stringValue());
        }
        return values;
    }

    private static String text(JsonNode node, String field, long number) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.stringValue().isEmpty()) {
            throw ImportRefused.at(number, field + " must be a non-empty string");
        }
        return value.stringValue();
    }

    private static long whole(JsonNode node, String field, long number, long min) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min) {
            throw ImportRefused.at(number, field + " must be a whole number of at least " + min);
        }
        return value.longValue();
    }

    /** A timestamp as the event store keeps it: an instant to the millisecond. */
    private static Instant timestamp(JsonNode node, long number) {
        String text = text(node, "timestamp", number);
        try {
            Instant instant = Instant.parse(text);
            if (instant.getNano() % 1_000_000 != 0 || !instant.toString().equals(text)) {
                throw ImportRefused.at(number, "timestamp '" + text + "' is not as an export writes it (UTC, to the"
                        + " millisecond)");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw ImportRefused.at(number, "timestamp '" + text + "' is not an ISO-8601 instant");
        }
    }

    /** What the file said so far about one aggregate. */
    private record Aggregate(String type, long next) {
    }
}
