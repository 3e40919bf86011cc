package dev.tracevault.query.logs;

import dev.tracevault.problems.NotFound;
import dev.tracevault.queries.JsonStream;
import dev.tracevault.query.files.FileRenderer;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads a log as the API returns it: its stored document, with the parts that change without the
 * log changing composed at read time: its file object, its evaluator logs, and its
 * {@code trace_children}, recursively, each a full log of its own kind, ordered by start time.
 */
@Component
class LogReader {

    private final LogDocuments documents;
    private final FileRenderer files;

    LogReader(LogDocuments documents, FileRenderer files) {
        this.documents = documents;
        this.files = files;
    }

    /**
     * The log. Inside a write, after its events were projected, the documents that write changed
     * are written to its transaction first and the log's own row is taken from them: the answer is
     * what the write wrote, and it costs no second read of that row.
     */
    String read(String logId) {
        var batch = DocumentBatch.active();
        batch.ifPresent(DocumentBatch::flush);
        var row = batch.flatMap(b -> b.written(logId)).or(() -> documents.find(logId));
        var log = row.orElseThrow(() -> new NotFound("Log '" + logId + "' not found"));
        return full(log, new HashMap<>());
    }

    /**
     * The log as {@link #read} renders it (outside a write), written out as it is rendered: a log
     * with 25,000 trace children holds its trace's documents in memory, not its whole answer (each
     * child's JSON, then each parent's copy of its children, then the answer's bytes, some hundreds
     * of megabytes), so a server of 512 MB can answer it.
     */
    JsonStream stream(String logId) {
        var log = documents.find(logId).orElseThrow(() -> new NotFound("Log '" + logId + "' not found"));
        Map<String, String> fileObjects = new HashMap<>();
        if (log.traceId() == null || !log.hasChildren()) {
            String json = full(log, fileObjects);
            return out -> out.write(json);
        }
        var judgments = judgments(documents.judgmentsOfTrace(log.traceId()), fileObjects);
        var trace = documents.trace(log.traceId());
        return out -> writeTree(out, log, trace, fileObjects, judgments);
    }

    /** {@link #renderTree}, written depth first as it goes: a log's head, its children, then its own fields. */
    private void writeTree(Writer out, LogDocuments.Row root, List<LogDocuments.Row> trace,
                           Map<String, String> fileObjects, Map<String, List<String>> judgments) throws IOException {
        Map<String, List<LogDocuments.Row>> children = new HashMap<>();
        for (var row : trace) {
            if (row.traceParentId() != null) {
                children.computeIfAbsent(row.traceParentId(), k -> new ArrayList<>()).add(row);
            }
        }
        record Frame(LogDocuments.Row row, Iterator<LogDocuments.Row> next, boolean[] first) {
        }
        var stack = new ArrayDeque<Frame>();
        writeHead(out, root, fileObjects, judgments);
        stack.push(new Frame(root, children.getOrDefault(root.logId(), List.of()).iterator(), new boolean[] {true}));
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            if (top.next().hasNext()) {
                var child = top.next().next();
                if (!top.first()[0]) {
                    out.write(',');
                }
                top.first()[0] = false;
                writeHead(out, child, fileObjects, judgments);
                stack.push(new Frame(child, children.getOrDefault(child.logId(), List.of()).iterator(),
                        new boolean[] {true}));
            } else {
                stack.pop();
                LogShape.writeTail(out, top.row().body());
            }
        }
    }

    /**
     * The log with its evaluator logs but {@code trace_children} left empty, however many it has:
     * what the viewer shows of one log, whose trace it reads as an outline ({@link TraceOutline}).
     */
    String readWithoutChildren(String logId) {
        var log = documents.find(logId).orElseThrow(() -> new NotFound("Log '" + logId + "' not found"));
        Map<String, String> fileObjects = new HashMap<>();
        var judgments = judgments(log.judged() ? documents.judgmentsOf(log.logId()) : List.of(), fileObjects);
        return render(log, fileObjects, List.of(), judgments.getOrDefault(log.logId(), List.of()));
    }

    /** The log with its evaluator logs and, if it has any, its trace children. */
    private String full(LogDocuments.Row log, Map<String, String> fileObjects) {
        if (log.traceId() == null || !log.hasChildren()) {
            var judgments = judgments(log.judged() ? documents.judgmentsOf(log.logId()) : List.of(), fileObjects);
            return render(log, fileObjects, List.of(), judgments.getOrDefault(log.logId(), List.of()));
        }
        var judgments = judgments(documents.judgmentsOfTrace(log.traceId()), fileObjects);
        return renderTree(log, documents.trace(log.traceId()), fileObjects, judgments);
    }

    /**
     * The logs of one page of a listing, each as {@link #read} returns it, except that its
     * {@code trace_children} stay empty unless {@code withChildren}, and that an Evaluator Log
     * embeds the log it judges as {@code parent} if {@code withParent}. Each file object is
     * rendered once per page, and the evaluator logs of the logs without children are read in one
     * query.
     */
    List<String> readPage(List<LogDocuments.Row> rows, boolean withChildren, boolean withParent) {
        Map<String, String> fileObjects = new HashMap<>();
        var judgments = judgments(documents.judgmentsOfAny(rows.stream().map(LogDocuments.Row::logId).toList()),
                fileObjects);
        var records = new ArrayList<String>(rows.size());
        for (var row : rows) {
            String json = withChildren && row.traceId() != null && row.hasChildren()
                    ? full(row, fileObjects)
                    : render(row, fileObjects, List.of(), judgments.getOrDefault(row.logId(), List.of()));
            if (withParent && row.judgedLogId() != null) {
                String parent = documents.find(row.judgedLogId()).map(p -> full(p, fileObjects)).orElse("null");
                json = LogShape.withParent(parent, json);
            }
            records.add(json);
        }
        return records;
    }

    /** Evaluator Logs rendered, by the log they judge, oldest first. */
    private Map<String, List<String>> judgments(List<LogDocuments.Row> rows, Map<String, String> fileObjects) {
        Map<String, List<String>> byJudged = new HashMap<>();
        for (var row : rows) {
            byJudged.computeIfAbsent(row.judgedLogId(), k -> new ArrayList<>())
                    .add(render(row, fileObjects, List.of(), List.of()));
        }
        return byJudged;
    }

    /**
     * Renders {@code root} with its descendants among {@code trace} (already in sibling order),
     * without recursion, so that no depth of nesting can exhaust the stack.
     */
    private String renderTree(LogDocuments.Row root, List<LogDocuments.Row> trace, Map<String, String> fileObjects,
                              Map<String, List<String>> judgments) {
        Map<String, List<LogDocuments.Row>> children = new HashMap<>();
        for (var row : trace) {
            if (row.traceParentId() != null) {
                children.computeIfAbsent(row.traceParentId(), k -> new ArrayList<>()).add(row);
            }
        }
        record Frame(LogDocuments.Row row, Iterator<LogDocuments.Row> next, List<String> rendered) {
        }
        var stack = new ArrayDeque<Frame>();
        stack.push(new Frame(root, children.getOrDefault(root.logId(), List.of()).iterator(), new ArrayList<>()));
        String result = null;
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            if (top.next().hasNext()) {
                var child = top.next().next();
                stack.push(new Frame(child, children.getOrDefault(child.logId(), List.of()).iterator(),
                        new ArrayList<>()));
            } else {
                stack.pop();
                String json = render(top.row(), fileObjects, top.rendered(),
                        judgments.getOrDefault(top.row().logId(), List.of()));
                if (stack.isEmpty()) {
                    result = json;
                } else {
                    stack.peek().rendered().add(json);
                }
            }
        }
        return result;
    }

    private String render(LogDocuments.Row log, Map<String, String> fileObjects, List<String> children,
                          List<String> judgments) {
        return LogShape.render(log.kind(), fileObject(log, fileObjects), judgments, children, log.body());
    }

    private void writeHead(Writer out, LogDocuments.Row log, Map<String, String> fileObjects,
                           Map<String, List<String>> judgments) throws IOException {
        LogShape.writeHead(out, log.kind(), fileObject(log, fileObjects),
                judgments.getOrDefault(log.logId(), List.of()));
    }

    private String fileObject(LogDocuments.Row log, Map<String, String> fileObjects) {
        return fileObjects.computeIfAbsent(log.versionId(), version -> files.render(version).orElseThrow(
                () -> new IllegalStateException("log " + log.logId() + " names unknown version " + version)));
    }
}
