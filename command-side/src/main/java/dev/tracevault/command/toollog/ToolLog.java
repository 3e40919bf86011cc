package dev.tracevault.command.toollog;

import dev.tracevault.command.log.EvaluationIds;
import dev.tracevault.command.log.LogContent;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.MonitoringEvaluators;
import dev.tracevault.command.log.StatusLog;
import dev.tracevault.events.toollog.ToolLogCreated;
import dev.tracevault.problems.NotFound;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** A Tool Log: one tool call, with its inputs and output. */
@Aggregate(cache = "toolLogCache", commandTargetResolver = "commandTargets")
class ToolLog extends StatusLog {

    ToolLog() {
        // for Axon
    }

    @Override
    protected String kind() {
        return "Tool";
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    LogWritten handle(CreateToolLog c, MonitoringEvaluators monitors, EvaluationIds ids) {
        return create(c.logId(), c.requestDigest(), c.status(), c.fields().endTime(), c.now(), monitors, ids,
                () -> new ToolLogCreated(c.logId(), c.toolId(), c.versionId(), LogContent.stored(c.fields()),
                        c.status() == null ? null : c.status().wire(), c.trace(), c.clientLogId(), c.requestDigest(),
                        c.now()));
    }

    @CommandHandler
    LogWritten handle(UpdateToolLog command, MonitoringEvaluators monitors, EvaluationIds ids) {
        if (!fileId().equals(command.toolId())) {
            throw new NotFound("Tool Log '" + logId() + "' not found in Tool '" + command.toolId() + "'");
        }
        return update(command.update(), command.status(), command.now(), monitors, ids);
    }

    @CommandHandler
    void handle(EraseToolLog c) {
        erase(c.erasureId(), c.requestedLogId(), c.erasedBy(), c.now());
    }

    @EventSourcingHandler
    void on(ToolLogCreated event) {
        created(event.logId(), event.toolId(), event.versionId(), event.requestDigest(),
                event.status() == null ? null : LogStatus.fromWire(event.status()).orElse(null));
        content().created(event.fields(), null, null, null);
    }
}
