package dev.tracevault.command.flowlog;

import dev.tracevault.command.log.AdmitTraceMember;

import dev.tracevault.command.log.EvaluationIds;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogUpdate;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.MonitoringEvaluators;
import dev.tracevault.command.log.Patch;
import dev.tracevault.command.log.SpanRef;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.ErrorCleared;
import dev.tracevault.events.log.ErrorSet;
import dev.tracevault.events.log.EvaluationRequested;
import dev.tracevault.events.log.EvaluatorVersionRef;
import dev.tracevault.events.log.InputsCleared;
import dev.tracevault.events.log.InputsSet;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.log.MessagesCleared;
import dev.tracevault.events.log.MessagesSet;
import dev.tracevault.events.log.OutputCleared;
import dev.tracevault.events.log.OutputMessageCleared;
import dev.tracevault.events.log.OutputMessageSet;
import dev.tracevault.events.log.OutputSet;
import dev.tracevault.events.log.SpanRecorded;
import dev.tracevault.events.log.TraceMemberAdmitted;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
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

class FlowLogTest {

    private static final String LOG = "log_1";
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-01T10:00:05Z");
    private static final Map<String, Object> INPUTS = Map.of("question", "What is 2+2?");
    private static final ChatMessage ANSWER = new ChatMessage("assistant", "4", null, null, null);

    private static final EvaluatorVersionRef MONITOR = new EvaluatorVersionRef("ev_1", "evv_1");
    private static final String EVALUATION = "evaluation_1";

    private FixtureConfiguration<FlowLog> fixture;
    private final Map<String, List<EvaluatorVersionRef>> monitors = new HashMap<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(FlowLog.class);
        MonitoringEvaluators byFile = fileId -> monitors.getOrDefault(fileId, List.of());
        fixture.registerInjectableResource(byFile);
        fixture.registerInjectableResource((EvaluationIds) () -> EVALUATION);
    }

    /** The evaluation the log asks its file's monitor for, at {@code at}. */
    private static EvaluationRequested evaluation(Instant at) {
        return new EvaluationRequested(LOG, EVALUATION, "fl_1", List.of(MONITOR), at);
    }

    private static CommonLogFields fields(Map<String, Object> inputs, String output, String error, Instant endTime) {
        return new CommonLogFields(T0, endTime, output, null, error, null, null, null, null, inputs, null, null,
                null, null, null, null, null);
    }

    private static final TraceRef TRACE = new TraceRef(LOG, "fl_1");

    private static CreateFlowLog create(CommonLogFields fields, LogStatus status, String digest) {
        return new CreateFlowLog(LOG, "fl_1", "flv_1", fields, null, null, null, status, TRACE, true, digest, T0);
    }

    private static FlowLogCreated created(CommonLogFields fields, String digest) {
        return new FlowLogCreated(LOG, "fl_1", "flv_1", fields, null, null, null, TRACE, true, digest, T0);
    }

    private static UpdateFlowLog update(Patch<Map<String, Object>> inputs, Patch<String> output, Patch<String> error,
                                        LogStatus status) {
        return new UpdateFlowLog(LOG, new LogUpdate(inputs, Patch.absent(), output, Patch.absent(), error, Map.of()),
                status, T1);
    }

    private static UpdateFlowLog update(LogUpdate update) {
        return new UpdateFlowLog(LOG, update, null, T1);
    }

    private final FlowLogCreated openLog = created(fields(INPUTS, null, null, null), "d1");

    @Test
    void createsAnIncompleteLog() {
        fixture.givenNoPriorActivity()
                .when(create(fields(INPUTS, null, null, null), LogStatus.INCOMPLETE, "d1"))
                .expectEvents(openLog)
                .expectResultMessagePayload(new LogWritten(LOG, "fl_1", "flv_1", LogStatus.INCOMPLETE, 0));
    }

    @Test
    void createdCompleteLogCompletesAtItsEndTime() {
        var complete = fields(INPUTS, "4", null, T1);
        fixture.givenNoPriorActivity()
                .when(create(complete, LogStatus.COMPLETE, "d1"))
                .expectEvents(created(complete, "d1"), new LogCompleted(LOG, T1));
    }

    @Test
    void createdCompleteLogWithoutEndTimeCompletesWhenLogged() {
        var complete = fields(INPUTS, null, "boom", null);
        fixture.givenNoPriorActivity()
                .when(create(complete, LogStatus.COMPLETE, "d1"))
                .expectEvents(created(complete, "d1"), new LogCompleted(LOG, T0));
    }

    @Test
    void cannotCreateCompleteLogWithoutOutput() {
        fixture.givenNoPriorActivity()
                .when(create(fields(INPUTS, null, null, null), LogStatus.COMPLETE, "d1"))
                .expectException(InvalidInput.class)
                .expectNoEvents();
    }

    @Test
    void cannotCreateCompleteLogWithoutInputs() {
        fixture.givenNoPriorActivity()
                .when(create(fields(null, "4", null, null), LogStatus.COMPLETE, "d1"))
                .expectException(InvalidInput.class)
                .expectNoEvents();
    }

    @Test
    void retriedCreateReturnsTheStoredLogAndRecordsNothing() {
        fixture.given(openLog)
                .when(create(fields(INPUTS, null, null, null), LogStatus.INCOMPLETE, "d1"))
                .expectNoEvents()
                .expectResultMessagePayload(new LogWritten(LOG, "fl_1", "flv_1", LogStatus.INCOMPLETE, 0));
    }

    @Test
    void reusedLogIdWithAnotherBodyIsAConflict() {
        fixture.given(openLog)
                .when(create(fields(INPUTS, "other", null, null), LogStatus.INCOMPLETE, "d2"))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void eachChangedFieldIsItsOwnEvent() {
        var messages = List.of(new ChatMessage("user", "hi", null, null, null));
        fixture.given(openLog)
                .when(update(new LogUpdate(Patch.of(Map.of("question", "3+3?")), Patch.of(messages), Patch.of("6"),
                        Patch.of(ANSWER), Patch.of("warn"), Map.of())))
                .expectEvents(new InputsSet(LOG, Map.of("question", "3+3?")), new MessagesSet(LOG, messages),
                        new OutputSet(LOG, "6"), new OutputMessageSet(LOG, ANSWER), new ErrorSet(LOG, "warn"));
    }

    @Test
    void patchThatChangesNothingRecordsNothing() {
        fixture.given(openLog, new OutputSet(LOG, "4"))
                .when(update(Patch.of(INPUTS), Patch.of("4"), Patch.absent(), LogStatus.INCOMPLETE))
                .expectNoEvents()
                .expectResultMessagePayload(new LogWritten(LOG, "fl_1", "flv_1", LogStatus.INCOMPLETE, 1));
    }

    @Test
    void nullUnsetsAStoredValueWithAnExplicitEvent() {
        fixture.given(openLog, new OutputSet(LOG, "4"), new ErrorSet(LOG, "boom"))
                .when(update(Patch.of(null), Patch.of(null), Patch.of(null), null))
                .expectEvents(new InputsCleared(LOG), new OutputCleared(LOG), new ErrorCleared(LOG));
    }

    @Test
    void nullForAnUnsetValueRecordsNothing() {
        fixture.given(openLog)
                .when(update(Patch.absent(), Patch.of(null), Patch.of(null), null))
                .expectNoEvents();
    }

    @Test
    void unsettingMessagesAndOutputMessage() {
        fixture.given(openLog, new MessagesSet(LOG, List.of(ANSWER)), new OutputMessageSet(LOG, ANSWER))
                .when(update(new LogUpdate(Patch.absent(), Patch.of(null), Patch.absent(), Patch.of(null),
                        Patch.absent(), Map.of())))
                .expectEvents(new MessagesCleared(LOG), new OutputMessageCleared(LOG));
    }

    @Test
    void completingSetsEndTimeToTheCompletionTime() {
        fixture.given(openLog)
                .when(update(Patch.absent(), Patch.of("4"), Patch.absent(), LogStatus.COMPLETE))
                .expectEvents(new OutputSet(LOG, "4"), new LogCompleted(LOG, T1))
                .expectResultMessagePayload(new LogWritten(LOG, "fl_1", "flv_1", LogStatus.COMPLETE, 2));
    }

    @Test
    void completingWithAnErrorInsteadOfOutput() {
        fixture.given(openLog)
                .when(update(Patch.absent(), Patch.absent(), Patch.of("timeout"), LogStatus.COMPLETE))
                .expectEvents(new ErrorSet(LOG, "timeout"), new LogCompleted(LOG, T1));
    }

    @Test
    void completingWithAnOutputMessageInsteadOfOutput() {
        fixture.given(openLog, new OutputMessageSet(LOG, ANSWER))
                .when(update(Patch.absent(), Patch.absent(), Patch.absent(), LogStatus.COMPLETE))
                .expectEvents(new LogCompleted(LOG, T1));
    }

    @Test
    void cannotCompleteWithoutOutput() {
        fixture.given(openLog)
                .when(update(Patch.absent(), Patch.absent(), Patch.absent(), LogStatus.COMPLETE))
                .expectException(InvalidInput.class)
                .expectNoEvents();
    }

    @Test
    void cannotCompleteWithoutInputs() {
        fixture.given(created(fields(null, "4", null, null), "d1"))
                .when(update(Patch.absent(), Patch.absent(), Patch.absent(), LogStatus.COMPLETE))
                .expectException(InvalidInput.class)
                .expectNoEvents();
    }

    @Test
    void cannotCompleteWhileUnsettingTheOnlyOutput() {
        fixture.given(openLog, new OutputSet(LOG, "4"))
                .when(update(Patch.absent(), Patch.of(null), Patch.absent(), LogStatus.COMPLETE))
                .expectException(InvalidInput.class)
                .expectNoEvents();
    }

    @Test
    void cannotReopenCompletedLog() {
        fixture.given(openLog, new OutputSet(LOG, "4"), new LogCompleted(LOG, T1))
                .when(update(Patch.absent(), Patch.absent(), Patch.absent(), LogStatus.INCOMPLETE))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void completingAgainRecordsNothing() {
        fixture.given(openLog, new OutputSet(LOG, "4"), new LogCompleted(LOG, T1))
                .when(update(Patch.absent(), Patch.absent(), Patch.absent(), LogStatus.COMPLETE))
                .expectNoEvents();
    }

    @Test
    void completedLogMayChangeItsOutput() {
        fixture.given(openLog, new OutputSet(LOG, "4"), new LogCompleted(LOG, T1))
                .when(update(Patch.absent(), Patch.of("four"), Patch.absent(), null))
                .expectEvents(new OutputSet(LOG, "four"));
    }

    @Test
    void completedLogCannotLoseItsInputsOrItsOnlyOutput() {
        fixture.given(openLog, new OutputSet(LOG, "4"), new LogCompleted(LOG, T1))
                .when(update(Patch.of(null), Patch.absent(), Patch.absent(), null))
                .expectException(Conflict.class)
                .expectNoEvents();
        fixture.given(openLog, new OutputSet(LOG, "4"), new LogCompleted(LOG, T1))
                .when(update(Patch.absent(), Patch.of(null), Patch.absent(), null))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void logIdTakenByAnotherKindOfStreamCannotBeLoadedAsAFlowLog() {
        // The framework refuses; the endpoints turn this into a 409 (create) or a 404 (update).
        fixture.given(new FileCreated(LOG, "flow", "demo/x", "x", T0))
                .when(create(fields(INPUTS, null, null, null), LogStatus.INCOMPLETE, "d1"))
                .expectException(IncompatibleAggregateException.class)
                .expectNoEvents();
    }

    @Test
    void patchStateSurvivesReplay() {
        // Patch semantics are decided on replayed state: a value set earlier then cleared is unset now.
        fixture.given(openLog, new OutputSet(LOG, "4"), new OutputCleared(LOG))
                .when(update(Patch.absent(), Patch.of(null), Patch.absent(), null))
                .expectNoEvents();
    }

    @Test
    void openRootAdmitsTraceMembers() {
        fixture.given(openLog)
                .when(new AdmitTraceMember(LOG, "child_1", LOG))
                .expectEvents(new TraceMemberAdmitted(LOG, "child_1", LOG));
    }

    @Test
    void completedRootRefusesTraceMembers() {
        fixture.given(openLog, new OutputSet(LOG, "4"), new LogCompleted(LOG, T1))
                .when(new AdmitTraceMember(LOG, "child_1", "nested_1"))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- spans (OpenTelemetry)

    private static final String TRACE_HEX = "0af7651916cd43dd8448eb211c80319c";
    private static final SpanRef ROOT_SPAN = new SpanRef(TRACE_HEX, "b7ad6b7169203331", T0, T1);

    private static SpanRef childSpan(Instant start) {
        return new SpanRef(TRACE_HEX, "00f067aa0ba902b7", start, start.plusSeconds(1));
    }

    private final SpanRecorded rootSpanRecorded = new SpanRecorded(LOG, TRACE_HEX, "b7ad6b7169203331", T0, T1);

    @Test
    void recordsTheSpanItWasWrittenFromOnce() {
        fixture.given(openLog)
                .when(new RecordSpan(LOG, ROOT_SPAN))
                .expectEvents(rootSpanRecorded);
        fixture.given(openLog, rootSpanRecorded)
                .when(new RecordSpan(LOG, ROOT_SPAN))
                .expectNoEvents();
    }

    @Test
    void completingFromASpanEndsAtTheSpansEnd() {
        Instant spanEnd = T1.minusSeconds(2);
        fixture.given(openLog)
                .when(new UpdateFlowLog(LOG, new LogUpdate(Patch.absent(), Patch.absent(), Patch.of("4"),
                        Patch.absent(), Patch.absent(), Map.of()), LogStatus.COMPLETE, T1, spanEnd))
                .expectEvents(new OutputSet(LOG, "4"), new LogCompleted(LOG, spanEnd));
    }

    @Test
    void completedRootAdmitsASpanThatStartedWithinItsSpan() {
        monitors.put("fl_1", List.of(MONITOR));
        // delivered after the root's completion, but it ran inside the root's span: the trace changed
        fixture.given(openLog, rootSpanRecorded, new OutputSet(LOG, "4"), new LogCompleted(LOG, T1))
                .when(new AdmitTraceMember(LOG, "child_1", LOG, childSpan(T0.plusSeconds(1)), T1))
                .expectEvents(new TraceMemberAdmitted(LOG, "child_1", LOG), evaluation(T1));
    }

    @Test
    void completedRootRefusesASpanThatStartedAfterItsSpan() {
        fixture.given(openLog, rootSpanRecorded, new OutputSet(LOG, "4"), new LogCompleted(LOG, T1))
                .when(new AdmitTraceMember(LOG, "child_1", LOG, childSpan(T1.plusMillis(1)), T1))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void completedRootWithoutASpanRefusesLateSpans() {
        // completed over REST: no window, so nothing joins after the completion
        fixture.given(openLog, new OutputSet(LOG, "4"), new LogCompleted(LOG, T1))
                .when(new AdmitTraceMember(LOG, "child_1", LOG, childSpan(T0), T1))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void admittingMembersDoesNotStopCompletion() {
        fixture.given(openLog, new TraceMemberAdmitted(LOG, "child_1", LOG), new OutputSet(LOG, "4"))
                .when(update(Patch.absent(), Patch.absent(), Patch.absent(), LogStatus.COMPLETE))
                .expectEvents(new LogCompleted(LOG, T1));
    }

    @Test
    void otherFieldsChangeTogetherInOneDetailsEvent() {
        // Flow PATCH has no detail fields on the wire, but the shared rule applies to every kind
        fixture.given(openLog)
                .when(update(new LogUpdate(Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(),
                        Patch.absent(), Map.of("stdout", Patch.of("out"), "source", Patch.of(null)))))
                .expectEvents(new dev.tracevault.events.log.DetailsSet(LOG, Map.of("stdout", "out")));
    }

    @Test
    void completingAsksTheMonitorsForAJudgment() {
        monitors.put("fl_1", List.of(MONITOR));
        fixture.given(openLog)
                .when(update(Patch.absent(), Patch.of("4"), Patch.absent(), LogStatus.COMPLETE))
                .expectEvents(new OutputSet(LOG, "4"), new LogCompleted(LOG, T1), evaluation(T1));
    }

    @Test
    void aLogCreatedCompleteIsJudgedAtOnce() {
        monitors.put("fl_1", List.of(MONITOR));
        var complete = fields(INPUTS, "4", null, T1);
        fixture.givenNoPriorActivity()
                .when(create(complete, LogStatus.COMPLETE, "d1"))
                .expectEvents(created(complete, "d1"), new LogCompleted(LOG, T1), evaluation(T0));
    }

    @Test
    void changingACompleteLogIsJudgedAgain() {
        monitors.put("fl_1", List.of(MONITOR));
        fixture.given(created(fields(INPUTS, "4", null, null), "d1"), new LogCompleted(LOG, T0))
                .when(update(Patch.absent(), Patch.of("5"), Patch.absent(), null))
                .expectEvents(new OutputSet(LOG, "5"), evaluation(T1));
    }

    @Test
    void aPatchThatChangesNothingIsNotJudgedAgain() {
        monitors.put("fl_1", List.of(MONITOR));
        fixture.given(created(fields(INPUTS, "4", null, null), "d1"), new LogCompleted(LOG, T0))
                .when(update(Patch.absent(), Patch.of("4"), Patch.absent(), LogStatus.COMPLETE))
                .expectNoEvents();
    }

    @Test
    void anIncompleteLogIsNotJudged() {
        monitors.put("fl_1", List.of(MONITOR));
        fixture.given(openLog)
                .when(update(Patch.absent(), Patch.of("4"), Patch.absent(), null))
                .expectEvents(new OutputSet(LOG, "4"));
    }

    @Test
    void withoutMonitorsCompletionAsksForNothing() {
        fixture.given(openLog)
                .when(update(Patch.absent(), Patch.of("4"), Patch.absent(), LogStatus.COMPLETE))
                .expectEvents(new OutputSet(LOG, "4"), new LogCompleted(LOG, T1));
    }

    // ---------------------------------------------------------------- erasure

    private static final LogErased ERASED = new LogErased(LOG, "erasure_1", LOG, "key_admin", T1);

    @Test
    void erasureIsRecordedOnce() {
        fixture.given(openLog, new OutputSet(LOG, "4"))
                .when(new EraseFlowLog(LOG, "erasure_1", LOG, "key_admin", T1))
                .expectEvents(ERASED);
        fixture.given(openLog, ERASED)
                .when(new EraseFlowLog(LOG, "erasure_2", LOG, "key_admin", T1))
                .expectNoEvents();
    }

    @Test
    void anErasedLogTakesNoChangeNoMemberAndNoSpan() {
        fixture.given(openLog, ERASED)
                .when(update(Patch.absent(), Patch.of("4"), Patch.absent(), null))
                .expectException(NotFound.class)
                .expectNoEvents();
        fixture.given(openLog, ERASED)
                .when(new AdmitTraceMember(LOG, "child_1", LOG))
                .expectException(NotFound.class)
                .expectNoEvents();
        fixture.given(openLog, ERASED)
                .when(new RecordSpan(LOG, ROOT_SPAN))
                .expectException(NotFound.class)
                .expectNoEvents();
    }

    @Test
    void anErasedLogIsNotCreatedAgainNotEvenByItsOwnRetry() {
        fixture.given(openLog, ERASED)
                .when(create(fields(INPUTS, null, null, null), LogStatus.INCOMPLETE, "d1"))
                .expectException(NotFound.class)
                .expectNoEvents();
    }
}
