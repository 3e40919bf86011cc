package dev.tracevault.query.logs;

import dev.tracevault.problems.NotFound;
import dev.tracevault.problems.NotYetVisible;
import dev.tracevault.query.files.FileRenderer;
import dev.tracevault.query.progress.ProjectionProgress;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads a log as the API returns it: its stored document, with the parts that change without the
 * log changing (the file object, evaluator logs, trace children) composed at read time.
 */
@Component
class LogReader {

    private final LogDocuments documents;
    private final FileRenderer files;
    private final ProjectionProgress progress;
    private final Duration maxWait;
    private final long pollMillis;

    LogReader(LogDocuments documents, FileRenderer files, ProjectionProgress progress,
              @Value("${tracevault.read-your-writes.max-wait:PT10S}") Duration maxWait,
              @Value("${tracevault.read-your-writes.poll-interval:PT0.02S}") Duration poll) {
        this.documents = documents;
        this.files = files;
        this.progress = progress;
        this.maxWait = maxWait;
        this.pollMillis = Math.max(1, poll.toMillis());
    }

    /** The log, once it reflects its events up to {@code minSequence} (-1: as it is now). */
    String read(String logId, long minSequence) {
        var row = documents.find(logId);
        if (minSequence >= 0 && (row.isEmpty() || row.get().lastSequence() < minSequence)) {
            row = awaitSequence(logId, minSequence);
        }
        var found = row.orElseThrow(() -> new NotFound("Log '" + logId + "' not found"));
        String file = files.render(found.versionId()).orElseThrow(
                () -> new IllegalStateException("log " + logId + " names unknown version " + found.versionId()));
        return "{\"" + found.kind() + "\":" + file + ",\"evaluator_logs\":[],\"trace_children\":[],"
                + found.body().substring(1);
    }

    private java.util.Optional<LogDocuments.Row> awaitSequence(String logId, long minSequence) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            while (true) {
                progress.awaitChange(pollMillis);
                var row = documents.find(logId);
                if (row.isPresent() && row.get().lastSequence() >= minSequence) {
                    return row;
                }
                if (System.nanoTime() > deadline) {
                    throw new NotYetVisible("the write to log '" + logId + "' is stored but not yet readable;"
                            + " retrying the request is safe");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotYetVisible("interrupted while waiting for log '" + logId + "'");
        }
    }
}
