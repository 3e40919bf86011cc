package dev.tracevault.command.flowlog;

import dev.tracevault.command.log.AdmitTraceMember;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.tracevault.command.log.Evaluations;
import dev.tracevault.command.log.LogContent;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.MonitoringEvaluators;
import dev.tracevault.command.log.SpanRef;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.log.SpanRecorded;
import dev.tracevault.events.log.TraceMemberAdmitted;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A Flow Log: created by {@code POST /flows/log}, changed field by field by
 * {@code PATCH /flows/logs/{id}} until it is complete. A Flow Log is also what holds a trace
 * together: the root admits every member of its trace, and refuses them once complete.
 *
 * <p>Rules: a complete log has inputs and an output, output message or error; completing sets the
 * end time; complete never goes back to incomplete; a change that changes nothing records nothing;
 * a complete Flow Log admits no more trace members, except spans delivered late: a Flow Log
 * recorded from a span admits a span that started before its own span ended; completing, and
 * changing a complete log (a late member too), asks its monitoring evaluators for a judgment.
 */
@Aggregate(snapshotTriggerDefinition = "traceRootSnapshots", cache = "flowLogCache",
        commandTargetResolver = "commandTargets")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class FlowLog {

    @AggregateIdentifier
    private String logId;
    private String flowId;
    private String versionId;
    private String requestDigest;
    private LogContent content = new LogContent();
    /** The span this log was recorded from (null: none), and when that span ended. */
    private String spanId;
    private Instant spanEnd;

    FlowLog() {
        // for Axon
    }

    /**
     * Creates the log, or answers a retry of the same create. The id is the client's choice, so it
     * may already be taken: by this very request (a retry) or by another one. (A stream of another
     * kind cannot even be loaded as a Flow Log: Axon refuses it before this handler runs.)
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    LogWritten handle(CreateFlowLog command, MonitoringEvaluators monitors) {
        if (getVersion() != null) {
            content.requireNotErased(logId);
            if (!Objects.equals(requestDigest, command.requestDigest())) {
                throw new Conflict("log_id '" + command.logId() + "' is already used by another log");
            }
            return written();
        }
        var fields = command.fields();
        boolean completing = command.status() == LogStatus.COMPLETE;
        if (completing && !LogContent.completable(fields.inputs(), fields.output(), command.outputMessage(),
                fields.error())) {
            throw notCompletable();
        }
        apply(new FlowLogCreated(command.logId(), command.flowId(), command.versionId(), LogContent.stored(fields),
                LogContent.stored(fields, command.messages()), LogContent.stored(fields, command.outputMessage()),
                command.runId(), command.trace(), command.clientLogId(), command.requestDigest(), command.now()));
        if (completing) {
            apply(new LogCompleted(command.logId(), fields.endTime() != null ? fields.endTime() : command.now()));
            Evaluations.request(logId, flowId, monitors, command.now());
        }
        return written();
    }

    @CommandHandler
    LogWritten handle(UpdateFlowLog command, MonitoringEvaluators monitors) {
        content.requireNotErased(logId);
        boolean complete = content.complete();
        if (complete && command.status() == LogStatus.INCOMPLETE) {
            throw new Conflict("Flow Log '" + logId + "' is complete; its status cannot go back to incomplete");
        }
        boolean completing = !complete && command.status() == LogStatus.COMPLETE;
        boolean completable = content.completableAfter(command.update());
        if (completing && !completable) {
            throw notCompletable();
        }
        if (complete && !completable) {
            throw new Conflict("Flow Log '" + logId
                    + "' is complete; it must keep its inputs and an output, output_message or error");
        }
        var changes = content.changes(logId, command.update());
        changes.forEach(event -> apply(event));
        if (completing) {
            apply(new LogCompleted(logId, command.completedAt() != null ? command.completedAt() : command.now()));
        }
        if (completing || complete && !changes.isEmpty()) {
            Evaluations.request(logId, flowId, monitors, command.now());
        }
        return written();
    }

    @CommandHandler
    void handle(AdmitTraceMember command, MonitoringEvaluators monitors) {
        content.requireNotErased(logId);
        if (!content.complete()) {
            apply(new TraceMemberAdmitted(logId, command.memberId(), command.parentId()));
            return;
        }
        if (!startedWithinSpan(command.memberSpan())) {
            throw new Conflict("Flow Log '" + logId + "' is complete: no more logs can join its trace");
        }
        // a span that ran inside this log's span, delivered after its completion: the trace changed
        apply(new TraceMemberAdmitted(logId, command.memberId(), command.parentId()));
        Evaluations.request(logId, flowId, monitors, command.now());
    }

    @CommandHandler
    LogWritten handle(RecordSpan command) {
        content.requireNotErased(logId);
        SpanRef span = command.span();
        if (!Objects.equals(span.spanId(), spanId) || !Objects.equals(span.end(), spanEnd)) {
            apply(new SpanRecorded(logId, span.traceId(), span.spanId(), span.start(), span.end()));
        }
        return written();
    }

    private boolean startedWithinSpan(SpanRef member) {
        return member != null && member.start() != null && spanEnd != null && !member.start().isAfter(spanEnd);
    }

    @CommandHandler
    void handle(EraseFlowLog command) {
        if (!content.erased()) {
            apply(new LogErased(logId, command.erasureId(), command.requestedLogId(), command.erasedBy(),
                    command.now()));
        }
    }

    private static InvalidInput notCompletable() {
        return InvalidInput.of(List.of("body", "log_status"),
                "a Flow Log can only be complete with inputs and an output, output_message or error",
                "value_error.incomplete_log");
    }

    private LogWritten written() {
        return new LogWritten(logId, flowId, versionId, content.complete() ? LogStatus.COMPLETE : LogStatus.INCOMPLETE,
                getVersion());
    }

    @EventSourcingHandler
    void on(FlowLogCreated event) {
        logId = event.logId();
        flowId = event.flowId();
        versionId = event.versionId();
        requestDigest = event.requestDigest();
        content.created(event.fields(), event.messages(), event.outputMessage(), null);
    }

    @EventSourcingHandler
    void on(SpanRecorded event) {
        spanId = event.spanId();
        spanEnd = event.endTime();
    }

    @EventSourcingHandler
    void on(Object event) {
        content.on(event);
    }
}
