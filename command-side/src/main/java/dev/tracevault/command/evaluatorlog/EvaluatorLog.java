package dev.tracevault.command.evaluatorlog;

import dev.tracevault.command.log.EvaluationIds;
import dev.tracevault.command.log.LogContent;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.MonitoringEvaluators;
import dev.tracevault.command.log.StatusLog;
import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An Evaluator Log: one judgment of one log by one evaluator version. A new judgment is a new
 * Evaluator Log; earlier ones are kept (spec §4.7). Evaluator Logs are not judged by monitors
 * themselves, so an evaluator can never trigger itself.
 */
@Aggregate(cache = "evaluatorLogCache", commandTargetResolver = "commandTargets")
class EvaluatorLog extends StatusLog {

    /** No monitor judges an Evaluator Log, so no evaluation is ever asked for. */
    private static final MonitoringEvaluators NO_MONITORS = fileId -> List.of();
    private static final EvaluationIds NOT_JUDGED = () -> {
        throw new IllegalStateException("Evaluator Logs are not judged by monitors");
    };

    EvaluatorLog() {
        // for Axon
    }

    @Override
    protected String kind() {
        return "Evaluator";
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    LogWritten handle(CreateEvaluatorLog c) {
        return create(c.logId(), c.requestDigest(), c.status(), c.fields().endTime(), c.now(), NO_MONITORS, NOT_JUDGED,
                () -> new EvaluatorLogCreated(c.logId(), c.evaluatorId(), c.versionId(), c.parentId(),
                        LogContent.stored(c.fields()), LogContent.stored(c.fields(), c.outputMessage()), c.judgment(), c.markedCompleted(),
                        c.status() == null ? null : c.status().wire(), c.trace(), c.evaluationId(),
                        c.judgedSequence(), c.clientLogId(), c.requestDigest(), c.now()));
    }

    @CommandHandler
    void handle(EraseEvaluatorLog c) {
        erase(c.erasureId(), c.requestedLogId(), c.erasedBy(), c.now());
    }

    @EventSourcingHandler
    void on(EvaluatorLogCreated event) {
        created(event.logId(), event.evaluatorId(), event.versionId(), event.requestDigest(),
                event.status() == null ? null : LogStatus.fromWire(event.status()).orElse(null));
        content().created(event.fields(), null, event.outputMessage(), null);
    }
}
