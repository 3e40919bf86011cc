package dev.tracevault.query.logs;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.promptlog.PromptDetail;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shape of a log as the API answers it, field by field and in order. It has two parts: the
 * stored document, made when the log is created ({@link #document(JsonMapper, FlowLogCreated)} and
 * its siblings; later events change its values, never its order), and what is composed at read time
 * in front of it: the log's file object under its kind, its {@code evaluator_logs} and its
 * {@code trace_children} ({@link #render}, or {@link #writeHead} and {@link #writeTail} when a trace
 * is written out as it is read), and, in a listing, the log an Evaluator Log judges
 * ({@link #withParent}).
 */
final class LogShape {

    private LogShape() {
    }

    static ObjectNode document(JsonMapper mapper, FlowLogCreated event) {
        ObjectNode doc = common(mapper, event.logId(), event.clientLogId(), event.fields(), event.loggedAt(),
                "incomplete", event.trace());
        doc.set("messages", mapper.valueToTree(event.messages()));
        doc.set("output_message", mapper.valueToTree(event.outputMessage()));
        doc.put("run_id", event.runId());
        return doc;
    }

    static ObjectNode document(JsonMapper mapper, PromptLogCreated event) {
        ObjectNode doc = common(mapper, event.logId(), event.clientLogId(), event.fields(), event.loggedAt(),
                event.status(), event.trace());
        doc.set("messages", mapper.valueToTree(event.messages()));
        doc.set("output_message", mapper.valueToTree(event.outputMessage()));
        for (String field : PromptDetail.wireNames()) {
            doc.set(field, mapper.valueToTree(event.details() == null ? null : event.details().get(field)));
        }
        doc.put("run_id", event.runId());
        return doc;
    }

    static ObjectNode document(JsonMapper mapper, ToolLogCreated event) {
        return common(mapper, event.logId(), event.clientLogId(), event.fields(), event.loggedAt(), event.status(),
                event.trace());
    }

    /** An Evaluator Log; {@code judged_sequence} (the log version it judged) is our addition to the wire shape. */
    static ObjectNode document(JsonMapper mapper, EvaluatorLogCreated event) {
        ObjectNode doc = common(mapper, event.logId(), event.clientLogId(), event.fields(), event.loggedAt(),
                event.status(), event.trace());
        doc.put("parent_id", event.parentId());
        doc.set("judgment", mapper.valueToTree(event.judgment()));
        doc.put("marked_completed", event.markedCompleted());
        doc.set("output_message", mapper.valueToTree(event.outputMessage()));
        doc.put("evaluation_id", event.evaluationId());
        doc.put("judged_sequence", event.judgedSequence());
        return doc;
    }

    private static ObjectNode common(JsonMapper mapper, String logId, boolean clientLogId, CommonLogFields f,
                                     Instant loggedAt, String status, TraceRef trace) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("id", logId);
        doc.put("log_id", clientLogId ? logId : null);
        doc.put("start_time", text(f.startTime()));
        doc.put("end_time", text(f.endTime()));
        doc.put("output", f.output());
        doc.put("created_at", text(f.createdAt() != null ? f.createdAt() : loggedAt));
        doc.put("error", f.error());
        doc.put("provider_latency", f.providerLatency());
        doc.put("stdout", f.stdout());
        doc.set("provider_request", mapper.valueToTree(f.providerRequest()));
        doc.set("provider_response", mapper.valueToTree(f.providerResponse()));
        doc.set("inputs", mapper.valueToTree(f.inputs()));
        doc.put("source", f.source());
        doc.set("metadata", mapper.valueToTree(f.metadata()));
        doc.put("log_status", status);
        doc.put("source_datapoint_id", f.sourceDatapointId());
        doc.put("trace_parent_id", f.traceParentId());
        doc.putNull("batches");
        doc.put("user", f.user());
        doc.put("environment", f.environment());
        doc.put("save", f.save());
        doc.put("trace_id", trace == null ? null : trace.traceId());
        doc.put("trace_flow_id", trace == null ? null : trace.traceFlowId());
        return doc;
    }

    /** A datetime as the documents hold it. */
    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** A datetime the documents hold, read back ({@link #text}'s inverse). */
    static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.stringValue());
    }

    /**
     * The log as the API returns it: its file object (under its kind), its evaluator logs and its
     * trace children, each already rendered, then the fields of its stored {@code document}.
     */
    static String render(String kind, String file, List<String> judgments, List<String> children, String document) {
        var json = new StringBuilder(document.length() + file.length() + 64
                + children.stream().mapToInt(String::length).sum() + children.size()
                + judgments.stream().mapToInt(String::length).sum());
        try {
            writeHead(json, kind, file, judgments);
            array(json, children);
            writeTail(json, document);
        } catch (IOException e) {
            throw new IllegalStateException("a StringBuilder does not fail", e);
        }
        return json.toString();
    }

    /**
     * What {@link #render} writes before a log's trace children, up to and including the opening
     * bracket of {@code trace_children}.
     */
    static void writeHead(Appendable out, String kind, String file, List<String> judgments) throws IOException {
        out.append("{\"").append(kind).append("\":").append(file).append(",\"evaluator_logs\":[");
        array(out, judgments);
        out.append("],\"trace_children\":[");
    }

    /** What {@link #render} writes after a log's trace children: the closing bracket, then its document's fields. */
    static void writeTail(Appendable out, String document) throws IOException {
        out.append("],");
        if (out instanceof Writer writer) {
            // no copy of the document: a trace written out as it is read may hold tens of thousands
            writer.write(document, 1, document.length() - 1);
        } else {
            out.append(document, 1, document.length());
        }
    }

    /** A listed Evaluator Log with the log it judges in front, as {@code parent} ({@code "null"} when gone). */
    static String withParent(String parent, String log) {
        return "{\"parent\":" + parent + "," + log.substring(1);
    }

    private static void array(Appendable out, List<String> items) throws IOException {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(items.get(i));
        }
    }
}
