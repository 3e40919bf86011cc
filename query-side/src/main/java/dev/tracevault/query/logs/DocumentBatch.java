package dev.tracevault.query.logs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ObjLongConsumer;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The log documents one batch of events touches, held in memory: each is read (and parsed) once
 * per batch and written once when the batch commits, however many of its events change it. A log
 * with five events in a batch costs one SELECT and one UPDATE instead of five of each.
 *
 * <p>Outside a unit of work (in plain unit tests) every change is written at once.
 */
final class DocumentBatch {

    /** A document being changed, with the columns that mirror it. */
    static final class Document {
        final LogDocuments.Row row;
        ObjectNode body;
        long lastSequence;
        Instant start;
        Instant end;
        boolean created;
        boolean dirty;

        Document(LogDocuments.Row row, ObjectNode body, Instant end, boolean created) {
            this.row = row;
            this.body = body;
            this.lastSequence = row.lastSequence();
            this.start = row.startTime();
            this.end = end;
            this.created = created;
            this.dirty = created;
        }
    }

    private static final String RESOURCE = DocumentBatch.class.getName();

    private final LogDocuments documents;
    private final JsonMapper mapper;
    private final ObjLongConsumer<String> written;
    private final Map<String, Document> pending = new LinkedHashMap<>();

    private DocumentBatch(LogDocuments documents, JsonMapper mapper, ObjLongConsumer<String> written) {
        this.documents = documents;
        this.mapper = mapper;
        this.written = written;
    }

    /**
     * The batch of the current unit of work (written before it commits), or a write-through one.
     *
     * @param written told of each document written, with its sequence
     */
    static DocumentBatch current(LogDocuments documents, JsonMapper mapper, ObjLongConsumer<String> written) {
        if (!CurrentUnitOfWork.isStarted()) {
            return new DocumentBatch(documents, mapper, written);
        }
        var root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(RESOURCE, key -> {
            var batch = new DocumentBatch(documents, mapper, written);
            root.onPrepareCommit(u -> batch.flush());
            return batch;
        });
    }

    Optional<Document> find(String logId) {
        Document document = pending.get(logId);
        if (document != null) {
            return Optional.of(document);
        }
        return documents.find(logId).map(row -> {
            var body = (ObjectNode) mapper.readTree(row.body());
            var loaded = new Document(row, body, instant(body.get("end_time")), false);
            pending.put(logId, loaded);
            return loaded;
        });
    }

    void create(LogDocuments.Row row, ObjectNode body, Instant end) {
        if (pending.containsKey(row.logId()) || documents.find(row.logId()).isPresent()) {
            return; // a redelivered creation changes nothing
        }
        pending.put(row.logId(), new Document(row, body, end, true));
        writeThroughIfNoUnitOfWork();
    }

    /** Removes a document (created in this batch or stored), at once. */
    void remove(String logId) {
        pending.remove(logId);
        documents.delete(logId);
    }

    /** Marks a document changed; written when the batch commits. */
    void changed(Document document) {
        document.dirty = true;
        writeThroughIfNoUnitOfWork();
    }

    /** Writes what changed so far, so that a query sees this batch's documents too. */
    void flush() {
        for (Document d : pending.values()) {
            if (!d.dirty) {
                continue;
            }
            String body = mapper.writeValueAsString(d.body);
            var listing = ListingColumns.of(d.body, mapper);
            if (d.created) {
                documents.insert(d.row.withBody(d.lastSequence, d.start, body), d.end, listing);
                d.created = false; // from now on the row exists: later flushes update it
            } else {
                documents.write(d.row.logId(), d.lastSequence, d.start, d.end, body, listing);
            }
            d.dirty = false;
            written.accept(d.row.logId(), d.lastSequence);
        }
    }

    private void writeThroughIfNoUnitOfWork() {
        if (!CurrentUnitOfWork.isStarted()) {
            flush();
        }
    }

    private static Instant instant(tools.jackson.databind.JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.stringValue());
    }
}
