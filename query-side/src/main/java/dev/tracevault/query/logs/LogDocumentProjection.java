package dev.tracevault.query.logs;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.DetailsCleared;
import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.log.ErrorCleared;
import dev.tracevault.events.log.ErrorSet;
import dev.tracevault.events.log.InputsCleared;
import dev.tracevault.events.log.InputsSet;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.log.MessagesCleared;
import dev.tracevault.events.log.MessagesSet;
import dev.tracevault.events.log.OutputCleared;
import dev.tracevault.events.log.OutputMessageCleared;
import dev.tracevault.events.log.OutputMessageSet;
import dev.tracevault.events.log.OutputSet;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindLog;
import dev.tracevault.queries.JsonStream;
import dev.tracevault.queries.StreamLog;
import dev.tracevault.query.TraceWindows;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The log documents view: one JSON document per log, in the exact shape of the API's log
 * responses, kept up to date event by event. It runs in the transaction of the write that causes
 * the events (a subscribing processor), so a write's answer and every later read, on any instance,
 * show it; a rebuild runs the same handlers over the event store ({@code LogsRebuild}). Each row
 * remembers the sequence number of the last event it reflects: an event at or below it changes
 * nothing.
 *
 * <p>Traces: a log's start and end widen up its ancestor chain to cover it (spec §4.3); the tree
 * itself ({@code trace_children}) is composed at read time by {@link LogReader}. The fields and
 * their order are {@link LogShape}'s.
 */
@Component
@ProcessingGroup("logs")
class LogDocumentProjection {

    private final LogDocuments documents;
    private final LogReader reader;
    private final JsonMapper mapper;

    LogDocumentProjection(LogDocuments documents, LogReader reader, JsonMapper mapper) {
        this.documents = documents;
        this.reader = reader;
        this.mapper = mapper;
    }

    @EventHandler
    void on(FlowLogCreated event, @SequenceNumber long sequence) {
        ObjectNode doc = LogShape.document(mapper, event);
        insert(event.logId(), "flow", event.flowId(), event.versionId(), event.trace(), event.fields(),
                event.loggedAt(), sequence, doc);
    }

    @EventHandler
    void on(PromptLogCreated event, @SequenceNumber long sequence) {
        ObjectNode doc = LogShape.document(mapper, event);
        insert(event.logId(), "prompt", event.promptId(), event.versionId(), event.trace(), event.fields(),
                event.loggedAt(), sequence, doc);
    }

    @EventHandler
    void on(ToolLogCreated event, @SequenceNumber long sequence) {
        ObjectNode doc = LogShape.document(mapper, event);
        insert(event.logId(), "tool", event.toolId(), event.versionId(), event.trace(), event.fields(),
                event.loggedAt(), sequence, doc);
    }

    /**
     * An Evaluator Log: its own document, read as part of the log it judges ({@code evaluator_logs},
     * composed at read time like {@code trace_children}).
     */
    @EventHandler
    void on(EvaluatorLogCreated event, @SequenceNumber long sequence) {
        ObjectNode doc = LogShape.document(mapper, event);
        var batch = batch();
        var judgedDocument = batch.find(event.parentId());
        judgedDocument.filter(d -> !d.judged).ifPresent(d -> {
            d.judged = true;
            batch.changed(d);
        });
        var judged = judgedDocument.map(d -> d.row).orElse(null);
        String judgedTrace = judged == null ? event.parentId()
                : judged.traceId() != null ? judged.traceId() : judged.logId();
        insert(event.logId(), "evaluator", event.evaluatorId(), event.versionId(), event.trace(), event.fields(),
                event.loggedAt(), sequence, doc, event.parentId(), judgedTrace);
    }

    private void insert(String logId, String kind, String fileId, String versionId, TraceRef trace,
                        CommonLogFields fields, Instant loggedAt, long sequence, ObjectNode doc) {
        insert(logId, kind, fileId, versionId, trace, fields, loggedAt, sequence, doc, null, null);
    }

    private void insert(String logId, String kind, String fileId, String versionId, TraceRef trace,
                        CommonLogFields fields, Instant loggedAt, long sequence, ObjectNode doc, String judgedLogId,
                        String judgedTraceId) {
        var batch = batch();
        batch.create(new LogDocuments.Row(logId, kind, fileId, versionId, trace == null ? null : trace.traceId(),
                fields.traceParentId(), sequence, fields.startTime(), loggedAt, null, judgedLogId, judgedTraceId, false,
                false), doc, fields.endTime());
        if (fields.traceParentId() != null) {
            batch.find(fields.traceParentId()).filter(parent -> !parent.hasChildren).ifPresent(parent -> {
                parent.hasChildren = true;
                batch.changed(parent);
            });
            widenAncestors(batch, fields.traceParentId(), fields.startTime(), fields.endTime());
        }
    }

    private DocumentBatch batch() {
        return DocumentBatch.current(documents, mapper);
    }

    @EventHandler
    void on(InputsSet event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> doc.set("inputs", mapper.valueToTree(event.inputs())));
    }

    @EventHandler
    void on(InputsCleared event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> doc.putNull("inputs"));
    }

    @EventHandler
    void on(MessagesSet event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> doc.set("messages", mapper.valueToTree(event.messages())));
    }

    @EventHandler
    void on(MessagesCleared event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> doc.putNull("messages"));
    }

    @EventHandler
    void on(OutputSet event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> doc.put("output", event.output()));
    }

    @EventHandler
    void on(OutputCleared event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> doc.putNull("output"));
    }

    @EventHandler
    void on(OutputMessageSet event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> doc.set("output_message", mapper.valueToTree(event.outputMessage())));
    }

    @EventHandler
    void on(OutputMessageCleared event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> doc.putNull("output_message"));
    }

    @EventHandler
    void on(ErrorSet event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> doc.put("error", event.error()));
    }

    @EventHandler
    void on(ErrorCleared event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> doc.putNull("error"));
    }

    @EventHandler
    void on(DetailsSet event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> event.details().forEach((k, v) -> doc.set(k, mapper.valueToTree(v))));
    }

    @EventHandler
    void on(DetailsCleared event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> event.fields().forEach(doc::putNull));
    }

    /**
     * Completion. A Flow Log's end becomes the completion time, widened to cover its children;
     * a Prompt or Tool Log keeps the end its client sent, if any.
     */
    @EventHandler
    void on(LogCompleted event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, (row, doc) -> {
            doc.put("log_status", "complete");
            Instant end = TraceWindows.endOnCompletion(row.kind().equals("flow"), LogShape.instant(doc.get("end_time")),
                    event.completedAt(), () -> batch().latestChildEnd(event.logId()));
            doc.put("end_time", LogShape.text(end));
        });
    }

    /**
     * An erased log stays in the view as its {@link Tombstone}: its shape without its content (its
     * listing columns, derived from the document, lose their text with it). Its Evaluator Logs and
     * trace descendants are erased with it.
     */
    @EventHandler
    void on(LogErased event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> Tombstone.erase(doc, event));
    }

    @ResetHandler
    void reset() {
        documents.deleteAll();
    }

    /** The log as the API returns it; inside a write, as that write's transaction left it. */
    @QueryHandler
    ApiDocument handle(FindLog query) {
        return new ApiDocument(reader.read(query.logId()));
    }

    /** The log as the API returns it, written as it is rendered ({@code GET /v5/logs/{id}}). */
    @QueryHandler
    JsonStream handle(StreamLog query) {
        return reader.stream(query.logId());
    }

    private void change(String logId, long sequence, Consumer<ObjectNode> change) {
        change(logId, sequence, (row, doc) -> change.accept(doc));
    }

    private void change(String logId, long sequence, BiConsumer<LogDocuments.Row, ObjectNode> change) {
        var batch = batch();
        var document = batch.find(logId).orElseThrow(
                () -> new IllegalStateException("event for log " + logId + " before its creation"));
        if (document.lastSequence >= sequence) {
            return;
        }
        Instant startBefore = document.start;
        Instant endBefore = document.end;
        change.accept(document.row, document.body);
        document.lastSequence = sequence;
        document.start = LogShape.instant(document.body.get("start_time"));
        document.end = LogShape.instant(document.body.get("end_time"));
        batch.changed(document);
        if (document.row.traceParentId() != null
                && (!Objects.equals(document.start, startBefore) || !Objects.equals(document.end, endBefore))) {
            widenAncestors(batch, document.row.traceParentId(), document.start, document.end);
        }
    }

    /** Widens the start and end of every ancestor, from the parent up, to cover a descendant's window. */
    private void widenAncestors(DocumentBatch batch, String parentId, Instant start, Instant end) {
        TraceWindows.widenAncestors(parentId, start, end, new TraceWindows.Logs<DocumentBatch.Document>() {
            @Override
            public Optional<DocumentBatch.Document> find(String logId) {
                return batch.find(logId);
            }

            @Override
            public Instant start(DocumentBatch.Document log) {
                return log.start;
            }

            @Override
            public Instant end(DocumentBatch.Document log) {
                return log.end;
            }

            @Override
            public String parentId(DocumentBatch.Document log) {
                return log.row.traceParentId();
            }

            @Override
            public void widen(DocumentBatch.Document log, Instant newStart, Instant newEnd) {
                log.body.put("start_time", LogShape.text(newStart));
                log.body.put("end_time", LogShape.text(newEnd));
                log.start = newStart;
                log.end = newEnd;
                batch.changed(log);
            }
        });
    }
}
