package dev.tracevault.command.toollog;

import dev.tracevault.command.log.EvaluationIds;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogUpdate;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.MonitoringEvaluators;
import dev.tracevault.command.log.Patch;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.ErrorSet;
import dev.tracevault.events.log.EvaluationRequested;
import dev.tracevault.events.log.EvaluatorVersionRef;
import dev.tracevault.events.log.InputsSet;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.log.OutputSet;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tool Logs: the optional-status rules they share with Prompt Logs, and erasure. */
class ToolLogTest {

    private static final String LOG = "log_t";
    private static final String TOOL = "tl_1";
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-01T10:00:02Z");
    private static final Instant T2 = Instant.parse("2025-01-01T10:00:09Z");
    private static final TraceRef TRACE = new TraceRef("log_root", "fl_1");
    private static final EvaluatorVersionRef MONITOR = new EvaluatorVersionRef("ev_1", "evv_1");
    private static final String EVALUATION = "evaluation_1";

    private FixtureConfiguration<ToolLog> fixture;
    private final Map<String, List<EvaluatorVersionRef>> monitors = new HashMap<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ToolLog.class);
        fixture.registerInjectableResource((MonitoringEvaluators) fileId -> monitors.getOrDefault(fileId, List.of()));
        fixture.registerInjectableResource((EvaluationIds) () -> EVALUATION);
    }

    private static CommonLogFields fields(String output, Boolean save) {
        return new CommonLogFields(T0, null, output, null, null, null, null, null, null, Map.of("city", "Paris"),
                null, null, null, "log_root", null, null, save);
    }

    private static CreateToolLog create(LogStatus status, String digest) {
        return new CreateToolLog(LOG, TOOL, "tlv_1", fields("sunny", null), status, TRACE, true, digest, T0);
    }

    private static ToolLogCreated created(String status) {
        return new ToolLogCreated(LOG, TOOL, "tlv_1", fields("sunny", null), status, TRACE, true, "d", T0);
    }

    private static UpdateToolLog update(LogUpdate update, LogStatus status) {
        return new UpdateToolLog(LOG, TOOL, update, status, T1);
    }

    private static LogUpdate output(String output) {
        return new LogUpdate(Patch.absent(), Patch.absent(), Patch.of(output), Patch.absent(), Patch.absent(),
                Map.of());
    }

    private static EvaluationRequested evaluation(Instant at) {
        return new EvaluationRequested(LOG, EVALUATION, TOOL, List.of(MONITOR), at);
    }

    private static final LogErased ERASED = new LogErased(LOG, "erasure_1", "log_root", "key_admin", T2);

    @Test
    void createsALogWithItsStatus() {
        fixture.givenNoPriorActivity()
                .when(create(LogStatus.INCOMPLETE, "d"))
                .expectEvents(created("incomplete"))
                .expectResultMessagePayload(new LogWritten(LOG, TOOL, "tlv_1", LogStatus.INCOMPLETE, 0));
    }

    @Test
    void aLogCreatedCompleteWithoutEndTimeCompletesWhenLogged() {
        fixture.givenNoPriorActivity()
                .when(create(LogStatus.COMPLETE, "d"))
                .expectEvents(created("complete"), new LogCompleted(LOG, T0))
                .expectResultMessagePayload(new LogWritten(LOG, TOOL, "tlv_1", LogStatus.COMPLETE, 1));
    }

    @Test
    void retriedCreateRecordsNothing() {
        fixture.given(created(null))
                .when(create(null, "d"))
                .expectNoEvents()
                .expectResultMessagePayload(new LogWritten(LOG, TOOL, "tlv_1", null, 0));
    }

    @Test
    void reusedLogIdWithAnotherBodyIsAConflict() {
        fixture.given(created(null))
                .when(create(null, "another digest"))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void aCompleteLogMayStillChange() {
        fixture.given(created("complete"), new LogCompleted(LOG, T0))
                .when(update(output("rainy"), null))
                .expectEvents(new OutputSet(LOG, "rainy"))
                .expectResultMessagePayload(new LogWritten(LOG, TOOL, "tlv_1", LogStatus.COMPLETE, 2));
    }

    @Test
    void cannotReopenACompleteLog() {
        fixture.given(created("complete"), new LogCompleted(LOG, T0))
                .when(update(LogUpdate.none(), LogStatus.INCOMPLETE))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void completingAgainRecordsNothing() {
        fixture.given(created("complete"), new LogCompleted(LOG, T0))
                .when(update(LogUpdate.none(), LogStatus.COMPLETE))
                .expectNoEvents();
    }

    @Test
    void anUpdateNamesTheToolOfTheLog() {
        fixture.given(created(null))
                .when(new UpdateToolLog(LOG, "tl_other", output("rainy"), null, T1))
                .expectException(NotFound.class)
                .expectNoEvents();
    }

    @Test
    void anUnsavedLogKeepsNoPayloadChangesButItsError() {
        var unsaved = new ToolLogCreated(LOG, TOOL, "tlv_1", fields(null, false), null, TRACE, true, "d", T0);
        fixture.given(unsaved)
                .when(update(new LogUpdate(Patch.of(Map.of("city", "Rome")), Patch.absent(), Patch.of("rainy"),
                        Patch.absent(), Patch.of("timeout"), Map.of()), null))
                .expectEvents(new ErrorSet(LOG, "timeout"));
    }

    @Test
    void anIncompleteLogIsJudgedWhenItCompletesAndNotBefore() {
        monitors.put(TOOL, List.of(MONITOR));
        fixture.given(created("incomplete"))
                .when(update(output("rainy"), null))
                .expectEvents(new OutputSet(LOG, "rainy"));
        fixture.given(created("incomplete"))
                .when(update(output("rainy"), LogStatus.COMPLETE))
                .expectEvents(new OutputSet(LOG, "rainy"), new LogCompleted(LOG, T1), evaluation(T1));
    }

    @Test
    void aLogCreatedWithoutStatusIsJudgedAtOnceAndOnEveryChange() {
        monitors.put(TOOL, List.of(MONITOR));
        fixture.givenNoPriorActivity()
                .when(create(null, "d"))
                .expectEvents(created(null), evaluation(T0));
        fixture.given(created(null))
                .when(update(new LogUpdate(Patch.of(Map.of("city", "Rome")), Patch.absent(), Patch.absent(),
                        Patch.absent(), Patch.absent(), Map.of()), null))
                .expectEvents(new InputsSet(LOG, Map.of("city", "Rome")), evaluation(T1));
    }

    @Test
    void anUpdateThatChangesNothingIsNotJudged() {
        monitors.put(TOOL, List.of(MONITOR));
        fixture.given(created(null))
                .when(update(output("sunny"), null))
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- erasure

    @Test
    void erasureIsRecordedOnce() {
        fixture.given(created(null), new OutputSet(LOG, "rainy"))
                .when(new EraseToolLog(LOG, "erasure_1", "log_root", "key_admin", T2))
                .expectEvents(ERASED);
        fixture.given(created(null), ERASED)
                .when(new EraseToolLog(LOG, "erasure_2", LOG, "key_admin", T2))
                .expectNoEvents();
    }

    @Test
    void anErasedLogTakesNoChange() {
        fixture.given(created(null), ERASED)
                .when(update(output("rainy"), null))
                .expectException(NotFound.class)
                .expectNoEvents();
    }

    @Test
    void anErasedLogIsNotCreatedAgainNotEvenByItsOwnRetry() {
        fixture.given(created(null), ERASED)
                .when(create(null, "d"))
                .expectException(NotFound.class)
                .expectNoEvents();
    }

    @Test
    void aLogIdTakenByAnotherKindCannotBeLoadedAsAToolLog() {
        fixture.given(new PromptLogCreated(LOG, "pr_1", "prv_1", fields("4", null), null, null, null, null, null,
                        TRACE, true, "d", T0))
                .when(create(null, "d"))
                .expectException(IncompatibleAggregateException.class)
                .expectNoEvents();
    }
}
