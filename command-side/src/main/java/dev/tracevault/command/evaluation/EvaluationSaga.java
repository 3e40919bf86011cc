package dev.tracevault.command.evaluation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.tracevault.command.evaluation.run.EvaluatorOutcome;
import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.log.EvaluationRequested;
import dev.tracevault.events.log.EvaluatorVersionRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * One evaluation of one log version by its monitoring evaluators. It starts when the log asks for
 * it ({@link EvaluationRequested}: the log completed, or a complete log changed), asks for one run
 * per evaluator ({@link RunEvaluator}; workers run them outside any request), and ends when every
 * evaluator's Evaluator Log exists. At the deadline, every evaluator still without one gets an
 * Evaluator Log with an error, and the evaluation ends: nothing waits for ever.
 *
 * <p>Its state and its deadline are stored, so a restart continues it; the Evaluator Log of each
 * evaluator has an id fixed by the evaluation, so it is recorded once whatever runs twice.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class EvaluationSaga {

    static final String EVALUATION_ID = "evaluationId";
    static final String DEADLINE = "evaluation-deadline";

    private String evaluationId;
    /** The runs still without an Evaluator Log, by that log's id. */
    private Map<String, RunEvaluator> pending = new LinkedHashMap<>();
    private String deadlineId;
    /** When the evaluation is overdue: its request's time plus the deadline. */
    private Instant dueAt;

    @StartSaga
    @SagaEventHandler(associationProperty = EVALUATION_ID)
    void on(EvaluationRequested event, @SequenceNumber long sequence, CommandGateway commands,
            DeadlineManager deadlines, EvaluationSettings settings) {
        evaluationId = event.evaluationId();
        for (EvaluatorVersionRef evaluator : event.evaluators()) {
            var run = new RunEvaluator(evaluationId, evaluator.evaluatorId(), evaluator.versionId(), event.logId(),
                    sequence, EvaluatorLogIds.of(evaluationId, evaluator.versionId()));
            pending.put(run.evaluatorLogId(), run);
        }
        if (pending.isEmpty()) {
            SagaLifecycle.end();
            return;
        }
        dueAt = event.requestedAt().plus(settings.deadline());
        deadlineId = deadlines.schedule(settings.deadline(), DEADLINE, new EvaluationOverdue(evaluationId));
        pending.values().forEach(run -> commands.sendAndWait(SystemActor.evaluation(run)));
    }

    @SagaEventHandler(associationProperty = EVALUATION_ID)
    void on(EvaluatorLogCreated event, DeadlineManager deadlines) {
        pending.remove(event.logId());
        if (pending.isEmpty()) {
            deadlines.cancelSchedule(DEADLINE, deadlineId);
            SagaLifecycle.end();
        }
    }

    /**
     * The missing judgments fail as of the moment the evaluation became overdue (the saga reads no
     * clock). A saga stored before it kept that moment takes the deadline message's time.
     */
    @DeadlineHandler(deadlineName = DEADLINE)
    void on(EvaluationOverdue overdue, @Timestamp Instant firedAt, CommandGateway commands,
            EvaluationSettings settings) {
        Instant failedAt = dueAt != null ? dueAt : firedAt;
        for (RunEvaluator run : pending.values()) {
            commands.sendAndWait(SystemActor.evaluation(new RecordEvaluatorOutcome(run, EvaluatorOutcome.failed(
                    "the evaluator gave no judgment within the evaluation deadline of " + settings.deadline()),
                    null, failedAt)));
        }
        SagaLifecycle.end();
    }
}
