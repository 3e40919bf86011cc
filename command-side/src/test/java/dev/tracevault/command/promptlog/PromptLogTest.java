package dev.tracevault.command.promptlog;


import dev.tracevault.command.log.EvaluationIds;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogUpdate;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.MonitoringEvaluators;
import dev.tracevault.command.log.Patch;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.DetailsCleared;
import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.log.EvaluationRequested;
import dev.tracevault.events.log.EvaluatorVersionRef;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.OutputSet;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.NotFound;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prompt Logs follow the status rules of non-Flow logs (spec §4.2); Tool Logs share them (StatusLog). */
class PromptLogTest {

    private static final String LOG = "log_p";
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-01T10:00:02Z");
    private static final TraceRef TRACE = new TraceRef("log_root", "fl_1");
    private static final Map<String, Object> TOKENS = Map.of("prompt_tokens", new BigDecimal("10"));

    private static final EvaluatorVersionRef MONITOR = new EvaluatorVersionRef("ev_1", "evv_1");
    private static final String EVALUATION = "evaluation_1";

    private FixtureConfiguration<PromptLog> fixture;
    private final Map<String, List<EvaluatorVersionRef>> monitors = new HashMap<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PromptLog.class);
        MonitoringEvaluators byFile = fileId -> monitors.getOrDefault(fileId, List.of());
        fixture.registerInjectableResource(byFile);
        fixture.registerInjectableResource((EvaluationIds) () -> EVALUATION);
    }

    /** The evaluation the log asks its file's monitor for, at {@code at}. */
    private static EvaluationRequested evaluation(Instant at) {
        return new EvaluationRequested(LOG, EVALUATION, "pr_1", List.of(MONITOR), at);
    }

    private static CommonLogFields fields(String output, Instant end) {
        return new CommonLogFields(T0, end, output, null, null, null, null, null, null, Map.of("q", 1), null, null,
                null, "log_root", null, null, null);
    }

    private static CreatePromptLog create(LogStatus status, Instant end) {
        return new CreatePromptLog(LOG, "pr_1", "prv_1", fields("4", end), null, null, TOKENS, null, status, TRACE,
                false, "d", T0);
    }

    private static PromptLogCreated created(String status, Instant end) {
        return new PromptLogCreated(LOG, "pr_1", "prv_1", fields("4", end), null, null, TOKENS, null, status, TRACE,
                false, "d", T0);
    }

    private static UpdatePromptLog update(LogUpdate update, LogStatus status) {
        return new UpdatePromptLog(LOG, "pr_1", update, status, T1);
    }

    private static LogUpdate details(Map<String, Patch<Object>> details) {
        return new LogUpdate(Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), details);
    }

    @Test
    void aLogWithoutStatusIsCreatedWithoutOne() {
        fixture.givenNoPriorActivity()
                .when(create(null, null))
                .expectEvents(created(null, null))
                .expectResultMessagePayload(new LogWritten(LOG, "pr_1", "prv_1", null, 0));
    }

    @Test
    void aLogCreatedCompleteCompletesAtItsEndTime() {
        fixture.givenNoPriorActivity()
                .when(create(LogStatus.COMPLETE, T1))
                .expectEvents(created("complete", T1), new LogCompleted(LOG, T1));
    }

    @Test
    void completingNeedsNoOutputForAPromptLog() {
        fixture.given(created("incomplete", null))
                .when(update(LogUpdate.none(), LogStatus.COMPLETE))
                .expectEvents(new LogCompleted(LOG, T1));
    }

    @Test
    void cannotReopenACompletedPromptLog() {
        fixture.given(created("complete", null), new LogCompleted(LOG, T0))
                .when(update(LogUpdate.none(), LogStatus.INCOMPLETE))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void completedPromptLogsMayStillChange() {
        fixture.given(created("complete", null), new LogCompleted(LOG, T0))
                .when(update(new LogUpdate(Patch.absent(), Patch.absent(), Patch.of("5"), Patch.absent(),
                        Patch.absent(), Map.of()), null))
                .expectEvents(new OutputSet(LOG, "5"));
    }

    @Test
    void tokensCostsAndTimesChangeAsDetails() {
        Map<String, Patch<Object>> patch = new TreeMap<>();
        patch.put("prompt_tokens", Patch.of(new BigDecimal("10")));
        patch.put("output_tokens", Patch.of(new BigDecimal("3")));
        patch.put("start_time", Patch.of(null));
        patch.put("stdout", Patch.of(null));
        fixture.given(created(null, null))
                .when(update(details(patch), null))
                .expectEvents(new DetailsSet(LOG, Map.of("output_tokens", new BigDecimal("3"))),
                        new DetailsCleared(LOG, List.of("start_time")));
    }

    @Test
    void aLogOfAnotherPromptIsNotFound() {
        fixture.given(created(null, null))
                .when(new UpdatePromptLog(LOG, "pr_other", LogUpdate.none(), null, T1))
                .expectException(NotFound.class);
    }

    @Test
    void retriedCreateChangesNothingAndAnotherBodyConflicts() {
        fixture.given(created(null, null))
                .when(create(null, null))
                .expectNoEvents();
        fixture.given(created(null, null))
                .when(new CreatePromptLog(LOG, "pr_1", "prv_1", fields("4", null), null, null, TOKENS, null, null,
                        TRACE, false, "other", T0))
                .expectException(Conflict.class);
    }

    @Test
    void numbersReadBackFromEventsCompareByTheirText() {
        // an event stores 12; read back it is an Integer, the request's value a BigDecimal
        fixture.given(created(null, null), new DetailsSet(LOG, Map.of("prompt_tokens", 12)))
                .when(update(details(Map.of("prompt_tokens", Patch.of(new BigDecimal("12")))), null))
                .expectNoEvents();
    }

    @Test
    void aLogWithoutStatusIsJudgedWhenCreated() {
        monitors.put("pr_1", List.of(MONITOR));
        fixture.givenNoPriorActivity()
                .when(create(null, null))
                .expectEvents(created(null, null), evaluation(T0));
    }

    @Test
    void anIncompleteLogIsJudgedOnlyWhenItCompletes() {
        monitors.put("pr_1", List.of(MONITOR));
        fixture.givenNoPriorActivity()
                .when(create(LogStatus.INCOMPLETE, null))
                .expectEvents(created("incomplete", null));
        fixture.given(created("incomplete", null))
                .when(update(LogUpdate.none(), LogStatus.COMPLETE))
                .expectEvents(new LogCompleted(LOG, T1), evaluation(T1));
    }

    @Test
    void everyChangeOfALogWithoutStatusIsJudged() {
        monitors.put("pr_1", List.of(MONITOR));
        fixture.given(created(null, null))
                .when(update(details(Map.of("prompt_tokens", Patch.of(new BigDecimal("11")))), null))
                .expectEvents(new DetailsSet(LOG, Map.of("prompt_tokens", new BigDecimal("11"))), evaluation(T1));
    }
}
