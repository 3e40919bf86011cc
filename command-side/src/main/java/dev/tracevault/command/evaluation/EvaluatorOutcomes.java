package dev.tracevault.command.evaluation;

import dev.tracevault.command.evaluatorlog.CreateEvaluatorLog;
import dev.tracevault.command.log.LogRegistry;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.events.log.CommonLogFields;
import java.math.BigDecimal;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Records the outcome of an evaluator run as its Evaluator Log ({@code parent_id} the judged log,
 * {@code judgment} or {@code error}), once: a run whose Evaluator Log exists, or that is no longer
 * queued (its log was erased), is just forgotten.
 */
@Component
class EvaluatorOutcomes {

    private final CommandGateway commands;
    private final LogRegistry registry;
    private final EvaluationJobs jobs;
    private final ObjectProvider<MeterRegistry> meters;

    EvaluatorOutcomes(CommandGateway commands, LogRegistry registry, EvaluationJobs jobs,
                      ObjectProvider<MeterRegistry> meters) {
        this.commands = commands;
        this.registry = registry;
        this.jobs = jobs;
        this.meters = meters;
    }

    boolean recorded(RunEvaluator run) {
        return registry.find(run.evaluatorLogId()).isPresent();
    }

    @CommandHandler
    void handle(RecordEvaluatorOutcome command) {
        var run = command.job();
        // a run no longer queued was recorded already, or its log was erased meanwhile
        if (!recorded(run) && jobs.exists(run)) {
            var outcome = command.outcome();
            var fields = new CommonLogFields(command.startedAt(), command.endedAt(), outcome.output(), null,
                    outcome.error(), outcome.providerLatency() == null ? null
                    : BigDecimal.valueOf(outcome.providerLatency()), outcome.stdout(), outcome.providerRequest(),
                    outcome.providerResponse(), null, "monitoring", null, null, null, null, null, null);
            commands.sendAndWait(new CreateEvaluatorLog(run.evaluatorLogId(), run.evaluatorId(), run.versionId(),
                    run.logId(), fields, null, outcome.failed() ? null : outcome.judgment(), null,
                    LogStatus.COMPLETE, null, run.evaluationId(), run.judgedSequence(), false, run.evaluatorLogId(),
                    command.endedAt() != null ? command.endedAt() : Instant.now()));
            registry.register(run.evaluatorLogId(), "evaluator", null, null, run.logId());
            meters.ifAvailable(m -> m.counter("tracevault.evaluations", "outcome",
                    outcome.failed() ? "error" : "judgment").increment());
        }
        jobs.delete(run);
    }
}
