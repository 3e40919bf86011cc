package dev.tracevault.command.promptlog;

import dev.tracevault.command.log.EvaluationIds;
import dev.tracevault.command.log.LogContent;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.MonitoringEvaluators;
import dev.tracevault.command.log.StatusLog;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.problems.NotFound;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** A Prompt Log: one LLM call, with its messages, output, tokens and costs. */
@Aggregate(cache = "promptLogCache", commandTargetResolver = "commandTargets")
class PromptLog extends StatusLog {

    PromptLog() {
        // for Axon
    }

    @Override
    protected String kind() {
        return "Prompt";
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    LogWritten handle(CreatePromptLog c, MonitoringEvaluators monitors, EvaluationIds ids) {
        return create(c.logId(), c.requestDigest(), c.status(), c.fields().endTime(), c.now(), monitors, ids,
                () -> new PromptLogCreated(c.logId(), c.promptId(), c.versionId(), LogContent.stored(c.fields()),
                        LogContent.stored(c.fields(), c.messages()), LogContent.stored(c.fields(), c.outputMessage()),
                        c.details(), c.runId(), c.status() == null ? null : c.status().wire(),
                        c.trace(), c.clientLogId(), c.requestDigest(), c.now()));
    }

    @CommandHandler
    LogWritten handle(UpdatePromptLog command, MonitoringEvaluators monitors, EvaluationIds ids) {
        if (!fileId().equals(command.promptId())) {
            throw new NotFound("Prompt Log '" + logId() + "' not found in Prompt '" + command.promptId() + "'");
        }
        return update(command.update(), command.status(), command.now(), monitors, ids);
    }

    @CommandHandler
    void handle(ErasePromptLog c) {
        erase(c.erasureId(), c.requestedLogId(), c.erasedBy(), c.now());
    }

    @EventSourcingHandler
    void on(PromptLogCreated event) {
        created(event.logId(), event.promptId(), event.versionId(), event.requestDigest(),
                event.status() == null ? null : LogStatus.fromWire(event.status()).orElse(null));
        content().created(event.fields(), event.messages(), event.outputMessage(), event.details());
    }
}
