package dev.tracevault.command.log;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.tracevault.events.log.EvaluationRequested;
import dev.tracevault.events.log.LogChange;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.problems.Conflict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * What every kind of log aggregate shares: its identity (log, file, version), the retry of a
 * create, the rule that complete never goes back to incomplete, erasure (once), asking the
 * monitoring evaluators for a judgment, and the answer of a command ({@link #written()}). The
 * rules that differ per kind are stated in the kind: {@code FlowLog} (complete needs inputs and an
 * output; the trace) and {@link StatusLog} (Prompt, Tool and Evaluator Logs: the status is
 * optional).
 *
 * <p>Command handlers decide and apply events; the event-sourcing handlers only assign. Nothing here
 * reads a clock or draws at random: times come with the command, evaluation ids from the
 * {@link EvaluationIds} passed to the handler.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public abstract class LogAggregate {

    @AggregateIdentifier
    private String logId;
    private String fileId;
    private String versionId;
    /** The create request's digest: a create with the same id and digest is its retry. */
    private String requestDigest;
    /** Null: created without a status (never for a Flow Log). */
    private LogStatus status;
    private final LogContent content = new LogContent();

    /** The kind, as messages name it: {@code Flow}, {@code Prompt}, {@code Tool}, {@code Evaluator}. */
    protected abstract String kind();

    protected final String logId() {
        return logId;
    }

    protected final String fileId() {
        return fileId;
    }

    protected final LogContent content() {
        return content;
    }

    /** The status; null: created without one. */
    protected final LogStatus status() {
        return status;
    }

    protected final boolean complete() {
        return status == LogStatus.COMPLETE;
    }

    /**
     * Whether the log exists already, as created by this very request (a retry, which changes
     * nothing). The id is the client's choice, so it may be taken: by an erased log (not found) or
     * by another request (a conflict). A stream of another kind cannot even be loaded as this kind:
     * Axon refuses it before the handler runs.
     */
    protected final boolean createdBy(String requestLogId, String digest) {
        if (getVersion() == null) {
            return false;
        }
        content.requireNotErased(logId);
        if (!Objects.equals(requestDigest, digest)) {
            throw new Conflict("log_id '" + requestLogId + "' is already used by another log");
        }
        return true;
    }

    /** Refuses a change to an erased log, and a status going back from complete to incomplete. */
    protected final void requireChangeable(LogStatus requested) {
        content.requireNotErased(logId);
        if (complete() && requested == LogStatus.INCOMPLETE) {
            throw new Conflict(kind() + " Log '" + logId + "' is complete; its status cannot go back to incomplete");
        }
    }

    /** Whether {@code requested} completes the log now. */
    protected final boolean completes(LogStatus requested) {
        return requested == LogStatus.COMPLETE && !complete();
    }

    /** Applies what {@code update} really changes; returns those changes (none: nothing recorded). */
    protected final List<LogChange> applyChanges(LogUpdate update) {
        var changes = content.changes(logId, update);
        changes.forEach(event -> apply(event));
        return changes;
    }

    /** Asks the file's monitoring evaluators for a judgment of this version, if any is due. */
    protected final void requestEvaluation(MonitoringEvaluators monitors, EvaluationIds ids, Instant now) {
        var due = monitors.runnableFor(fileId);
        if (!due.isEmpty()) {
            apply(new EvaluationRequested(logId, ids.next(), fileId, due, now));
        }
    }

    /** Records the erasure, once. */
    protected final void erase(String erasureId, String requestedLogId, String erasedBy, Instant now) {
        if (!content.erased()) {
            apply(new LogErased(logId, erasureId, requestedLogId, erasedBy, now));
        }
    }

    /** The answer of a command: the log, its file version, status and newest sequence number. */
    protected final LogWritten written() {
        return new LogWritten(logId, fileId, versionId, status, getVersion());
    }

    /** Assigns the identity a creation event states (for the kind's creation handler). */
    protected final void created(String logId, String fileId, String versionId, String requestDigest,
                                 LogStatus status) {
        this.logId = logId;
        this.fileId = fileId;
        this.versionId = versionId;
        this.requestDigest = requestDigest;
        this.status = status;
    }

    /**
     * The one event-sourcing handler of every {@link LogChange}. Axon calls only the most specific
     * handler of an event, so a kind must not declare its own for one of these (the content would
     * miss it): it assigns what it keeps itself in {@link #assign(LogChange)}.
     */
    @EventSourcingHandler
    void on(LogChange event) {
        content.on(event);
        if (event instanceof LogCompleted) {
            status = LogStatus.COMPLETE;
        }
        assign(event);
    }

    /** Assigns what a kind keeps of a change beyond the shared state (nothing by default). */
    protected void assign(LogChange event) {
    }
}
