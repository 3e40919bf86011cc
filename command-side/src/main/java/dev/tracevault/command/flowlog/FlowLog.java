package dev.tracevault.command.flowlog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tracevault.command.log.AdmitTraceMember;
import dev.tracevault.command.log.EvaluationIds;
import dev.tracevault.command.log.LogAggregate;
import dev.tracevault.command.log.LogContent;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.MonitoringEvaluators;
import dev.tracevault.command.log.SpanRef;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.LogChange;
import dev.tracevault.events.log.LogCompleted;
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
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A Flow Log: created by {@code POST /flows/log}, changed field by field by
 * {@code PATCH /flows/logs/{id}} until it is complete. A Flow Log is also what holds a trace
 * together: the root admits every member of its trace, and refuses them once complete.
 *
 * <p>Its own rules (the shared ones are {@link LogAggregate}'s): a Flow Log is incomplete until it
 * completes; a complete log has inputs and an output, output message or error, and keeps them;
 * completing sets the end time; a complete Flow Log admits no more trace members, except spans
 * delivered late: a Flow Log recorded from a span admits a span that started before its own span
 * ended. Completing, and changing a complete log (a late member too), asks its monitoring
 * evaluators for a judgment.
 *
 * <p>Snapshots of it are kept ({@code traceRootSnapshots}); its {@link Revision} changes with the
 * shape of its state, so that a snapshot of an older shape is passed over for the events.
 */
@Aggregate(snapshotTriggerDefinition = "traceRootSnapshots", cache = "flowLogCache",
        commandTargetResolver = "commandTargets")
@Revision("2")
class FlowLog extends LogAggregate {

    /** The span this log was recorded from (null: none), and when that span ended. */
    private String spanId;
    private Instant spanEnd;

    FlowLog() {
        // for Axon
    }

    @Override
    protected String kind() {
        return "Flow";
    }

    /** Creates the log, or answers a retry of the same create. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    LogWritten handle(CreateFlowLog command, MonitoringEvaluators monitors, EvaluationIds ids) {
        if (createdBy(command.logId(), command.requestDigest())) {
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
            requestEvaluation(monitors, ids, command.now());
        }
        return written();
    }

    @CommandHandler
    LogWritten handle(UpdateFlowLog command, MonitoringEvaluators monitors, EvaluationIds ids) {
        requireChangeable(command.status());
        boolean complete = complete();
        boolean completing = completes(command.status());
        boolean completable = content().completableAfter(command.update());
        if (completing && !completable) {
            throw notCompletable();
        }
        if (complete && !completable) {
            throw new Conflict("Flow Log '" + logId()
                    + "' is complete; it must keep its inputs and an output, output_message or error");
        }
        var changes = applyChanges(command.update());
        if (completing) {
            apply(new LogCompleted(logId(), command.completedAt() != null ? command.completedAt() : command.now()));
        }
        if (completing || complete && !changes.isEmpty()) {
            requestEvaluation(monitors, ids, command.now());
        }
        return written();
    }

    @CommandHandler
    void handle(AdmitTraceMember command, MonitoringEvaluators monitors, EvaluationIds ids) {
        content().requireNotErased(logId());
        if (!complete()) {
            apply(new TraceMemberAdmitted(logId(), command.memberId(), command.parentId()));
            return;
        }
        if (!startedWithinSpan(command.memberSpan())) {
            throw new Conflict("Flow Log '" + logId() + "' is complete: no more logs can join its trace");
        }
        // a span that ran inside this log's span, delivered after its completion: the trace changed
        apply(new TraceMemberAdmitted(logId(), command.memberId(), command.parentId()));
        requestEvaluation(monitors, ids, command.now());
    }

    @CommandHandler
    LogWritten handle(RecordSpan command) {
        content().requireNotErased(logId());
        SpanRef span = command.span();
        if (!Objects.equals(span.spanId(), spanId) || !Objects.equals(span.end(), spanEnd)) {
            apply(new SpanRecorded(logId(), span.traceId(), span.spanId(), span.start(), span.end()));
        }
        return written();
    }

    private boolean startedWithinSpan(SpanRef member) {
        return member != null && member.start() != null && spanEnd != null && !member.start().isAfter(spanEnd);
    }

    @CommandHandler
    void handle(EraseFlowLog command) {
        erase(command.erasureId(), command.requestedLogId(), command.erasedBy(), command.now());
    }

    private static InvalidInput notCompletable() {
        return InvalidInput.of(List.of("body", "log_status"),
                "a Flow Log can only be complete with inputs and an output, output_message or error",
                "value_error.incomplete_log");
    }

    @EventSourcingHandler
    void on(FlowLogCreated event) {
        created(event.logId(), event.flowId(), event.versionId(), event.requestDigest(), LogStatus.INCOMPLETE);
        content().created(event.fields(), event.messages(), event.outputMessage(), null);
    }

    @Override
    protected void assign(LogChange event) {
        if (event instanceof SpanRecorded span) {
            spanId = span.spanId();
            spanEnd = span.endTime();
        }
    }
}
