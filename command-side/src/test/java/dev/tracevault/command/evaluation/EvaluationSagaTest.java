package dev.tracevault.command.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.command.evaluation.run.EvaluatorOutcome;
import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.log.EvaluationRequested;
import dev.tracevault.events.log.EvaluatorVersionRef;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.OutputSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The evaluation saga: one run per monitor, an end when all are recorded, errors at the deadline. */
class EvaluationSagaTest {

    private static final String EVALUATION = "evaluation-1";
    private static final String LOG = "log_1";
    /** The request follows the log's creation and completion: the third event of its stream. */
    private static final long JUDGED_SEQUENCE = 2;
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final EvaluatorVersionRef PYTHON = new EvaluatorVersionRef("ev_py", "evv_py");
    private static final EvaluatorVersionRef LLM = new EvaluatorVersionRef("ev_llm", "evv_llm");

    private SagaTestFixture<EvaluationSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(EvaluationSaga.class);
        fixture.registerResource(new EvaluationSettings(Duration.ofSeconds(30), DEADLINE, 1, Duration.ofSeconds(30)));
        fixture.setCallbackBehavior((payload, metaData) -> null);
        fixture.registerListenerInvocationErrorHandler((exception, event, handler) -> {
            throw exception;
        });
    }

    private static EvaluationRequested requested(EvaluatorVersionRef... evaluators) {
        return new EvaluationRequested(LOG, EVALUATION, "fl_1", List.of(evaluators), T0);
    }

    /** The log's events before its evaluation request: the saga reads the judged sequence from the stream. */
    private static final Object[] HISTORY = {new OutputSet(LOG, "4"), new LogCompleted(LOG, T0)};

    private static RunEvaluator run(EvaluatorVersionRef evaluator) {
        return new RunEvaluator(EVALUATION, evaluator.evaluatorId(), evaluator.versionId(), LOG, JUDGED_SEQUENCE,
                EvaluatorLogIds.of(EVALUATION, evaluator.versionId()));
    }

    private static EvaluatorLogCreated recorded(EvaluatorVersionRef evaluator) {
        String id = EvaluatorLogIds.of(EVALUATION, evaluator.versionId());
        return new EvaluatorLogCreated(id, evaluator.evaluatorId(), evaluator.versionId(), LOG, null, null, true, null,
                "complete", null, EVALUATION, JUDGED_SEQUENCE, false, id, T0);
    }

    @Test
    void startsOnAnEvaluationRequestAndAsksForOneRunPerEvaluator() {
        fixture.givenAggregate(LOG).published(HISTORY)
                .whenAggregate(LOG).publishes(requested(PYTHON, LLM))
                .expectActiveSagas(1)
                .expectDispatchedCommands(run(PYTHON), run(LLM))
                .expectScheduledDeadline(DEADLINE, new EvaluationOverdue(EVALUATION));
    }

    @Test
    void theEvaluatorLogIdIsFixedByEvaluationAndVersion() {
        assertThat(run(PYTHON).evaluatorLogId()).isEqualTo(EvaluatorLogIds.of(EVALUATION, "evv_py"))
                .isNotEqualTo(EvaluatorLogIds.of(EVALUATION, "evv_llm"))
                .isNotEqualTo(EvaluatorLogIds.of("evaluation-2", "evv_py"));
    }

    @Test
    void withoutEvaluatorsNothingStarts() {
        fixture.givenAggregate(LOG).published(HISTORY)
                .whenAggregate(LOG).publishes(requested())
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void staysActiveUntilEveryEvaluatorIsRecorded() {
        fixture.givenAggregate(LOG).published(HISTORY[0], HISTORY[1], requested(PYTHON, LLM))
                .whenAggregate(EvaluatorLogIds.of(EVALUATION, "evv_py")).publishes(recorded(PYTHON))
                .expectActiveSagas(1)
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(DEADLINE, EvaluationSaga.DEADLINE);
    }

    @Test
    void endsWhenEveryEvaluatorIsRecordedAndCancelsItsDeadline() {
        fixture.givenAggregate(LOG).published(HISTORY[0], HISTORY[1], requested(PYTHON, LLM))
                .andThenAggregate(EvaluatorLogIds.of(EVALUATION, "evv_py")).published(recorded(PYTHON))
                .whenAggregate(EvaluatorLogIds.of(EVALUATION, "evv_llm")).publishes(recorded(LLM))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void atTheDeadlineEveryMissingJudgmentBecomesAnError() {
        fixture.givenAggregate(LOG).published(HISTORY[0], HISTORY[1], requested(PYTHON, LLM))
                .andThenAggregate(EvaluatorLogIds.of(EVALUATION, "evv_py")).published(recorded(PYTHON))
                .whenTimeElapses(DEADLINE.plusSeconds(1))
                .expectDeadlinesMet(new EvaluationOverdue(EVALUATION))
                // failed as of the moment it became overdue: requested at T0, plus the deadline
                .expectDispatchedCommands(new RecordEvaluatorOutcome(run(LLM), EvaluatorOutcome.failed(
                        "the evaluator gave no judgment within the evaluation deadline of " + DEADLINE), null,
                        T0.plus(DEADLINE)))
                .expectActiveSagas(0);
    }

    @Test
    void aPostedJudgmentWithoutEvaluationTouchesNoSaga() {
        var posted = new EvaluatorLogCreated("log_posted", "ev_ext", "evv_ext", LOG, null, null, "good", null, null,
                null, null, null, false, "d", T0);
        fixture.givenAggregate(LOG).published(HISTORY[0], HISTORY[1], requested(PYTHON))
                .whenAggregate("log_posted").publishes(posted)
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

}
