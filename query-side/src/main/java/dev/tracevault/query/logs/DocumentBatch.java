package dev.tracevault.query.logs;

import dev.tracevault.query.UnitOfWorkBatches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The log documents one unit of work touches, held in memory: each is read (and locked) once per
 * unit of work and written once before it commits, however many of its events change it. In a
 * write that is one request's transaction: its answer is rendered from these documents, not read
 * back. In a rebuild it is one batch of a segment, and its rows go to the database in JDBC batches.
 *
 * <p>Outside a unit of work (in plain unit tests, and for a log rebuilt as of an earlier moment)
 * every change is written at once.
 */
final class DocumentBatch {

    /** A document being changed, with the columns that mirror it. */
    static final class Document {
        final LogDocuments.Row row;
        ObjectNode body;
        long lastSequence;
        Instant start;
        Instant end;
        boolean hasChildren;
        boolean judged;
        boolean created;
        boolean dirty;
        /** The row as last written by this batch (null until then). */
        LogDocuments.Row written;

        Document(LogDocuments.Row row, ObjectNode body, Instant end, boolean created) {
            this.row = row;
            this.body = body;
            this.lastSequence = row.lastSequence();
            this.start = row.startTime();
            this.end = end;
            this.hasChildren = row.hasChildren();
            this.judged = row.judged();
            this.created = created;
            this.dirty = created;
        }
    }

    private static final String RESOURCE = DocumentBatch.class.getName();

    private final LogDocuments documents;
    private final JsonMapper mapper;
    private final Map<String, Document> pending = new LinkedHashMap<>();

    private DocumentBatch(LogDocuments documents, JsonMapper mapper) {
        this.documents = documents;
        this.mapper = mapper;
    }

    /** The batch of the current unit of work (written before it commits), or a write-through one. */
    static DocumentBatch current(LogDocuments documents, JsonMapper mapper) {
        return UnitOfWorkBatches.current(RESOURCE, () -> new DocumentBatch(documents, mapper), DocumentBatch::flush);
    }

    /** The batch the current unit of work has written to, if it has one. */
    static Optional<DocumentBatch> active() {
        return UnitOfWorkBatches.active(RESOURCE);
    }

    /**
     * The document, read once per batch. Inside a unit of work its row is locked until the batch
     * commits, so that concurrent writes (of logs of one trace widening the same ancestors, on any
     * instance) change it one after the other instead of overwriting each other.
     */
    Optional<Document> find(String logId) {
        Document document = pending.get(logId);
        if (document != null) {
            return Optional.of(document);
        }
        var row = CurrentUnitOfWork.isStarted() ? documents.findForUpdate(logId) : documents.find(logId);
        return row.map(found -> {
            var body = (ObjectNode) mapper.readTree(found.body());
            var loaded = new Document(found, body, LogShape.instant(body.get("end_time")), false);
            pending.put(logId, loaded);
            return loaded;
        });
    }

    /**
     * A new document. Every log is created once (its id is registered in the creating write's
     * transaction, and a rebuild starts from empty tables), so this inserts without looking first.
     */
    void create(LogDocuments.Row row, ObjectNode body, Instant end) {
        pending.put(row.logId(), new Document(row, body, end, true));
        writeThroughIfNoUnitOfWork();
    }

    /** Removes a document (created in this batch or stored), at once. */
    void remove(String logId) {
        var document = pending.remove(logId);
        if (document == null || !document.created) {
            documents.delete(logId);
        }
    }

    /** Marks a document changed; written when the batch commits. */
    void changed(Document document) {
        document.dirty = true;
        writeThroughIfNoUnitOfWork();
    }

    /** Writes what changed so far, so that a query in this transaction sees this batch's documents too. */
    void flush() {
        List<LogDocuments.Written> inserts = new ArrayList<>();
        List<LogDocuments.Written> updates = new ArrayList<>();
        for (Document d : pending.values()) {
            if (!d.dirty) {
                continue;
            }
            d.written = d.row.withBody(d.lastSequence, d.start, mapper.writeValueAsString(d.body))
                    .withFlags(d.hasChildren, d.judged);
            var write = new LogDocuments.Written(d.written, d.end, ListingColumns.of(d.body, mapper),
                    OutlineColumns.of(d.body));
            (d.created ? inserts : updates).add(write);
            d.created = false; // from now on the row exists: later flushes update it
            d.dirty = false;
        }
        documents.insertAll(inserts);
        documents.writeAll(updates);
    }

    /**
     * The latest end among the direct children of {@code logId}: those this batch holds as it holds
     * them (at the microseconds the table keeps), the others as stored. Needs no flush, so a
     * rebuild's batch of many traces is written once, not once per completed trace.
     */
    Optional<Instant> latestChildEnd(String logId) {
        Map<String, Instant> ends = documents.childEnds(logId);
        for (Document d : pending.values()) {
            if (logId.equals(d.row.traceParentId())) {
                ends.put(d.row.logId(), InMemoryLogDocuments.micros(d.end));
            }
        }
        return ends.values().stream().filter(java.util.Objects::nonNull).max(java.util.Comparator.naturalOrder());
    }

    /** The row of a document this batch holds, as written by its last flush. */
    Optional<LogDocuments.Row> written(String logId) {
        return Optional.ofNullable(pending.get(logId)).map(d -> d.written != null ? d.written : d.row);
    }

    private void writeThroughIfNoUnitOfWork() {
        if (UnitOfWorkBatches.writesThrough()) {
            flush();
        }
    }
}
