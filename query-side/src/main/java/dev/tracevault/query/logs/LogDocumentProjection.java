package dev.tracevault.query.logs;

import dev.tracevault.events.flowlog.ErrorCleared;
import dev.tracevault.events.flowlog.ErrorSet;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.flowlog.InputsCleared;
import dev.tracevault.events.flowlog.InputsSet;
import dev.tracevault.events.flowlog.LogCompleted;
import dev.tracevault.events.flowlog.MessagesCleared;
import dev.tracevault.events.flowlog.MessagesSet;
import dev.tracevault.events.flowlog.OutputCleared;
import dev.tracevault.events.flowlog.OutputMessageCleared;
import dev.tracevault.events.flowlog.OutputMessageSet;
import dev.tracevault.events.flowlog.OutputSet;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindLog;
import dev.tracevault.query.progress.ProjectionProgress;
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
 * responses, kept up to date event by event. Each row remembers the sequence number of the last
 * event it reflects, which is what read-your-writes waits for.
 */
@Component
@ProcessingGroup("logs")
class LogDocumentProjection {

    private final LogDocuments documents;
    private final LogReader reader;
    private final ProjectionProgress progress;
    private final JsonMapper mapper;

    LogDocumentProjection(LogDocuments documents, LogReader reader, ProjectionProgress progress, JsonMapper mapper) {
        this.documents = documents;
        this.reader = reader;
        this.progress = progress;
        this.mapper = mapper;
    }

    @EventHandler
    void on(FlowLogCreated event, @SequenceNumber long sequence) {
        var f = event.fields();
        ObjectNode doc = mapper.createObjectNode();
        doc.put("id", event.logId());
        doc.put("log_id", event.clientLogId() ? event.logId() : null);
        doc.put("start_time", text(f.startTime()));
        doc.put("end_time", text(f.endTime()));
        doc.put("output", f.output());
        doc.put("created_at", text(f.createdAt() != null ? f.createdAt() : event.loggedAt()));
        doc.put("error", f.error());
        doc.put("provider_latency", f.providerLatency());
        doc.put("stdout", f.stdout());
        doc.set("provider_request", mapper.valueToTree(f.providerRequest()));
        doc.set("provider_response", mapper.valueToTree(f.providerResponse()));
        doc.set("inputs", mapper.valueToTree(f.inputs()));
        doc.put("source", f.source());
        doc.set("metadata", mapper.valueToTree(f.metadata()));
        doc.put("log_status", "incomplete");
        doc.put("source_datapoint_id", f.sourceDatapointId());
        doc.put("trace_parent_id", f.traceParentId());
        doc.putNull("batches");
        doc.put("user", f.user());
        doc.put("environment", f.environment());
        doc.put("save", f.save());
        doc.set("messages", mapper.valueToTree(event.messages()));
        doc.set("output_message", mapper.valueToTree(event.outputMessage()));
        doc.put("run_id", event.runId());
        doc.put("trace_id", event.logId());
        doc.put("trace_flow_id", event.flowId());
        documents.insert(new LogDocuments.Row(event.logId(), "flow", event.flowId(), event.versionId(), sequence,
                mapper.writeValueAsString(doc)), event.logId(), f.traceParentId());
        progress.signalAfterCommit();
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
    void on(LogCompleted event, @SequenceNumber long sequence) {
        change(event.logId(), sequence, doc -> {
            doc.put("log_status", "complete");
            doc.put("end_time", text(event.completedAt()));
        });
    }

    @ResetHandler
    void reset() {
        documents.deleteAll();
    }

    @QueryHandler
    ApiDocument handle(FindLog query) {
        return new ApiDocument(reader.read(query.logId(), query.minSequence()));
    }

    private void change(String logId, long sequence, Consumer<ObjectNode> change) {
        var row = documents.find(logId).orElseThrow(
                () -> new IllegalStateException("event for log " + logId + " before its creation"));
        if (row.lastSequence() >= sequence) {
            return;
        }
        ObjectNode doc = (ObjectNode) mapper.readTree(row.body());
        change.accept(doc);
        documents.update(logId, sequence, mapper.writeValueAsString(doc));
        progress.signalAfterCommit();
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
