package dev.tracevault.command.evaluatorlog;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.MonitoringEvaluators;
import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.EvaluatorVersionRef;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Evaluator Logs: one judgment each, never judged by monitors themselves (an evaluator cannot
 * trigger itself), created once, erased once.
 */
class EvaluatorLogTest {

    private static final String LOG = "log_ev_1";
    private static final String JUDGED = "log_judged";
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-01T10:00:03Z");
    private static final TraceRef TRACE = new TraceRef("log_root", "fl_1");

    private FixtureConfiguration<EvaluatorLog> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(EvaluatorLog.class);
        // a monitor on the evaluator itself must not matter: an Evaluator Log is never judged
        fixture.registerInjectableResource(
                (MonitoringEvaluators) fileId -> List.of(new EvaluatorVersionRef("ev_1", "evv_1")));
    }

    private static CommonLogFields fields(Instant end) {
        return new CommonLogFields(T0, end, null, null, null, null, null, null, null, Map.of("q", "2+2"), null, null,
                null, null, null, null, null);
    }

    private static CreateEvaluatorLog create(LogStatus status, String digest) {
        return new CreateEvaluatorLog(LOG, "ev_1", "evv_1", JUDGED, fields(T1), null, true, null, status, TRACE,
                "evaluation_1", 2L, false, digest, T0);
    }

    private static EvaluatorLogCreated created(String status) {
        return new EvaluatorLogCreated(LOG, "ev_1", "evv_1", JUDGED, fields(T1), null, true, null, status, TRACE,
                "evaluation_1", 2L, false, "d", T0);
    }

    @Test
    void aJudgmentIsRecordedAndNeverJudgedItself() {
        fixture.givenNoPriorActivity()
                .when(create(null, "d"))
                .expectEvents(created(null))
                .expectResultMessagePayload(new LogWritten(LOG, "ev_1", "evv_1", null, 0));
    }

    @Test
    void aCompleteJudgmentCompletesAtItsEndTime() {
        fixture.givenNoPriorActivity()
                .when(create(LogStatus.COMPLETE, "d"))
                .expectEvents(created("complete"), new LogCompleted(LOG, T1))
                .expectResultMessagePayload(new LogWritten(LOG, "ev_1", "evv_1", LogStatus.COMPLETE, 1));
    }

    @Test
    void theSameJudgmentRecordedTwiceIsRecordedOnce() {
        // a monitoring evaluator's run that ran twice: same id, same request
        fixture.given(created(null))
                .when(create(null, "d"))
                .expectNoEvents()
                .expectResultMessagePayload(new LogWritten(LOG, "ev_1", "evv_1", null, 0));
    }

    @Test
    void anotherJudgmentUnderTheSameIdIsAConflict() {
        fixture.given(created(null))
                .when(create(null, "another digest"))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void erasureIsRecordedOnceAndTheIdStaysTaken() {
        var erased = new LogErased(LOG, "erasure_1", JUDGED, "key_admin", T1);
        fixture.given(created(null))
                .when(new EraseEvaluatorLog(LOG, "erasure_1", JUDGED, "key_admin", T1))
                .expectEvents(erased);
        fixture.given(created(null), erased)
                .when(new EraseEvaluatorLog(LOG, "erasure_2", LOG, "key_admin", T1))
                .expectNoEvents();
        fixture.given(created(null), erased)
                .when(create(null, "d"))
                .expectException(NotFound.class)
                .expectNoEvents();
    }
}
