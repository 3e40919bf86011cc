package dev.tracevault.command.log;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.problems.Conflict;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * What Prompt and Tool Logs share: their status rules (spec §4.2, last rows). The status is
 * optional: unspecified means "evaluate when you like", {@code incomplete} means "I will complete
 * it later"; {@code complete} never goes back. Any field may change afterwards. A log that is not
 * incomplete is judged by its monitoring evaluators when created and whenever it changes.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public abstract class StatusLog {

    @AggregateIdentifier
    protected String logId;
    protected String fileId;
    protected String versionId;
    protected String requestDigest;
    protected LogStatus status;
    protected final LogContent content = new LogContent();

    /**
     * Creates the log through {@code created}, or answers a retry of the same request.
     *
     * @param endTime the client's end time: a log created complete completes then (or now)
     */
    protected LogWritten create(String requestLogId, String digest, LogStatus requested, Instant endTime, Instant now,
                                MonitoringEvaluators monitors, Supplier<Object> created) {
        if (getVersion() != null) {
            content.requireNotErased(logId);
            if (!Objects.equals(requestDigest, digest)) {
                throw new Conflict("log_id '" + requestLogId + "' is already used by another log");
            }
            return written();
        }
        apply(created.get());
        if (requested == LogStatus.COMPLETE) {
            apply(new LogCompleted(requestLogId, endTime != null ? endTime : now));
        }
        if (requested != LogStatus.INCOMPLETE) {
            Evaluations.request(logId, fileId, monitors, now);
        }
        return written();
    }

    protected LogWritten update(String kind, LogUpdate update, LogStatus requested, Instant now,
                                MonitoringEvaluators monitors) {
        content.requireNotErased(logId);
        if (status == LogStatus.COMPLETE && requested == LogStatus.INCOMPLETE) {
            throw new Conflict(kind + " Log '" + logId + "' is complete; its status cannot go back to incomplete");
        }
        var changes = content.changes(logId, update);
        changes.forEach(event -> apply(event));
        boolean completing = requested == LogStatus.COMPLETE && status != LogStatus.COMPLETE;
        if (completing) {
            apply(new LogCompleted(logId, now));
        }
        if (completing || status != LogStatus.INCOMPLETE && !changes.isEmpty()) {
            Evaluations.request(logId, fileId, monitors, now);
        }
        return written();
    }

    /** Records the erasure, once. */
    protected void erase(String erasureId, String requestedLogId, String erasedBy, Instant now) {
        if (!content.erased()) {
            apply(new LogErased(logId, erasureId, requestedLogId, erasedBy, now));
        }
    }

    protected LogWritten written() {
        return new LogWritten(logId, fileId, versionId, status, getVersion());
    }

    @EventSourcingHandler
    void on(Object event) {
        content.on(event);
        if (event instanceof LogCompleted) {
            status = LogStatus.COMPLETE;
        }
    }
}
