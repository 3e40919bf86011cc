package dev.tracevault.query.analytics;


import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.DetailsCleared;
import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.log.ErrorCleared;
import dev.tracevault.events.log.ErrorSet;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindFileStats;
import dev.tracevault.query.TraceWindows;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The analytics view: per file, version and UTC hour, log counts by status, errors, durations,
 * provider latencies, tokens and costs, and evaluator results (README: Analytics). Its own
 * processor ({@code analytics}) and token, so it can be rebuilt by replay on its own.
 *
 * <p>Logs change after they are created (a PATCH, a completion, a child widening a Flow Log's
 * times or adding to its tokens, a judgment, an erasure), so each log keeps its facts and every
 * change subtracts the log's old contribution from its hourly row and adds the new one.
 */
@Component
@ProcessingGroup("analytics")
class AnalyticsProjection {

    private final AnalyticsStore store;
    private final StatsReport report;

    AnalyticsProjection(AnalyticsStore store, StatsReport report) {
        this.store = store;
        this.report = report;
    }

    @EventHandler
    void on(FileCreated event) {
        store.file(event.fileId(), event.kind());
    }

    @EventHandler
    void on(FileVersionCreated event) {
        if (event.kernel() != null && event.kernel().get("return_type") instanceof String returnType) {
            store.evaluatorVersion(event.versionId(), returnType);
        }
    }

    @EventHandler
    void on(FlowLogCreated event) {
        create(facts(event.logId(), "flow", event.flowId(), event.versionId(), event.fields(), event.loggedAt(),
                "incomplete"));
    }

    @EventHandler
    void on(PromptLogCreated event) {
        var facts = facts(event.logId(), "prompt", event.promptId(), event.versionId(), event.fields(),
                event.loggedAt(), event.status());
        if (event.details() != null) {
            for (String field : LogFacts.TOKEN_FIELDS) {
                BigDecimal value = decimal(event.details().get(field));
                if (value != null) {
                    facts.own.put(field, value);
                }
            }
        }
        create(facts);
    }

    @EventHandler
    void on(ToolLogCreated event) {
        create(facts(event.logId(), "tool", event.toolId(), event.versionId(), event.fields(), event.loggedAt(),
                event.status()));
    }

    /** A judgment: the judged log's current judgment by that evaluator version is the newest. */
    @EventHandler
    void on(EvaluatorLogCreated event) {
        var facts = new LogFacts();
        facts.logId = event.logId();
        facts.kind = "evaluator";
        facts.fileId = event.evaluatorId();
        facts.versionId = event.versionId();
        facts.judgedLogId = event.parentId();
        facts.loggedAt = event.loggedAt();
        var batch = batch();
        if (!batch.create(facts)) {
            return;
        }
        var judgment = new LogFacts.Judgment();
        judgment.logId = event.logId();
        judgment.evaluatorId = event.evaluatorId();
        judgment.versionId = event.versionId();
        judgment.loggedAt = event.loggedAt();
        judgment.returnType = store.returnType(event.versionId()).orElseGet(() -> returnTypeOf(event.judgment()));
        // a text judgment is only counted: its text (content) is not kept here
        judgment.value = "text".equals(judgment.returnType) && event.judgment() != null ? Boolean.TRUE
                : event.judgment();
        batch.find(event.parentId()).filter(LogFacts::judgeable)
                .ifPresent(judged -> change(batch, judged, j -> j.addJudgment(judgment)));
    }

    @EventHandler
    void on(ErrorSet event) {
        change(event.logId(), facts -> facts.error = true);
    }

    @EventHandler
    void on(ErrorCleared event) {
        change(event.logId(), facts -> facts.error = false);
    }

    @EventHandler
    void on(DetailsSet event) {
        details(event.logId(), event.details());
    }

    @EventHandler
    void on(DetailsCleared event) {
        Map<String, Object> cleared = new HashMap<>();
        event.fields().forEach(field -> cleared.put(field, null));
        details(event.logId(), cleared);
    }

    /** As the API: a Flow Log ends at its completion, or its latest child's end if later; others keep their end. */
    @EventHandler
    void on(LogCompleted event) {
        var batch = batch();
        var facts = batch.find(event.logId()).orElse(null);
        if (facts == null || !facts.judgeable()) {
            return;
        }
        Instant newEnd = TraceWindows.endOnCompletion(facts.kind.equals("flow"), facts.end, event.completedAt(), () -> {
            batch.flushFacts(); // this batch's children count too
            return store.latestChildEnd(event.logId());
        });
        changeTimes(batch, facts, f -> {
            f.status = "complete";
            f.end = newEnd;
        });
    }

    /**
     * An erased log leaves the stats, and its tokens and costs leave its ancestors'. Its trace
     * descendants and judgments are erased with it (each its own event); a descendant erased after
     * it finds no ancestor left to subtract from: the erased log took their share along.
     */
    @EventHandler
    void on(LogErased event) {
        var batch = batch();
        var facts = batch.find(event.logId()).orElse(null);
        if (facts == null) {
            return;
        }
        if (!facts.judgeable()) {
            batch.find(facts.judgedLogId).filter(LogFacts::judgeable).ifPresent(judged -> change(batch, judged,
                    j -> j.judgments.removeIf(judgment -> judgment.logId.equals(facts.logId))));
        } else {
            batch.contribute(facts, facts.contribution(), -1);
            Map<String, BigDecimal> share = new HashMap<>();
            LogFacts.TOKEN_FIELDS.forEach(field -> share.put(field, facts.total(field).negate()));
            addToAncestors(batch, facts, share);
        }
        batch.delete(facts.logId);
    }

    @ResetHandler
    void reset() {
        store.deleteAll();
    }

    @QueryHandler
    ApiDocument handle(FindFileStats query) {
        return new ApiDocument(report.render(query));
    }

    private static LogFacts facts(String logId, String kind, String fileId, String versionId, CommonLogFields fields,
                                  Instant loggedAt, String status) {
        var facts = new LogFacts();
        facts.logId = logId;
        facts.kind = kind;
        facts.fileId = fileId;
        facts.versionId = versionId;
        facts.parentId = fields.traceParentId();
        facts.loggedAt = loggedAt;
        facts.createdAt = fields.createdAt() != null ? fields.createdAt() : loggedAt;
        facts.start = fields.startTime();
        facts.end = fields.endTime();
        facts.status = status;
        facts.error = fields.error() != null;
        facts.latency = fields.providerLatency();
        return facts;
    }

    private void create(LogFacts facts) {
        var batch = batch();
        if (!batch.create(facts)) {
            return;
        }
        batch.contribute(facts, facts.contribution(), 1);
        if (facts.parentId != null) {
            widenAncestors(batch, facts);
            Map<String, BigDecimal> share = new HashMap<>(facts.own);
            addToAncestors(batch, facts, share);
        }
    }

    private void details(String logId, Map<String, Object> details) {
        var batch = batch();
        var facts = batch.find(logId).orElse(null);
        if (facts == null || !facts.judgeable()) {
            return;
        }
        Map<String, BigDecimal> share = new HashMap<>();
        changeTimes(batch, facts, f -> details.forEach((field, value) -> {
            switch (field) {
                case "start_time" -> f.start = instant(value);
                case "end_time" -> f.end = instant(value);
                case "created_at" -> f.createdAt = instant(value);
                case "provider_latency" -> f.latency = decimal(value);
                default -> {
                    if (LogFacts.TOKEN_FIELDS.contains(field)) {
                        BigDecimal before = f.own.getOrDefault(field, BigDecimal.ZERO);
                        BigDecimal after = decimal(value);
                        if (after == null) {
                            f.own.remove(field);
                        } else {
                            f.own.put(field, after);
                        }
                        share.put(field, (after == null ? BigDecimal.ZERO : after).subtract(before));
                    }
                }
            }
        }));
        addToAncestors(batch, facts, share);
    }

    private void change(String logId, Consumer<LogFacts> change) {
        var batch = batch();
        batch.find(logId).filter(LogFacts::judgeable).ifPresent(facts -> change(batch, facts, change));
    }

    /** Subtracts the log's contribution, changes it, adds the new one. */
    private static void change(AnalyticsBatch batch, LogFacts facts, Consumer<LogFacts> change) {
        batch.contribute(facts, facts.contribution(), -1);
        change.accept(facts);
        batch.contribute(facts, facts.contribution(), 1);
        batch.changed(facts);
    }

    /** A change that may move the log's start or end: its ancestors widen to cover it, as in the API. */
    private static void changeTimes(AnalyticsBatch batch, LogFacts facts, Consumer<LogFacts> change) {
        Instant start = facts.start;
        Instant end = facts.end;
        change(batch, facts, change);
        if (facts.parentId != null && (!Objects.equals(start, facts.start) || !Objects.equals(end, facts.end))) {
            widenAncestors(batch, facts);
        }
    }

    /** Widens every ancestor's start and end to cover the log's, as the log documents do. */
    private static void widenAncestors(AnalyticsBatch batch, LogFacts log) {
        TraceWindows.widenAncestors(log.parentId, log.start, log.end, new TraceWindows.Logs<LogFacts>() {
            @Override
            public Optional<LogFacts> find(String logId) {
                return batch.find(logId);
            }

            @Override
            public Instant start(LogFacts facts) {
                return facts.start;
            }

            @Override
            public Instant end(LogFacts facts) {
                return facts.end;
            }

            @Override
            public String parentId(LogFacts facts) {
                return facts.parentId;
            }

            @Override
            public void widen(LogFacts facts, Instant start, Instant end) {
                change(batch, facts, f -> {
                    f.start = start;
                    f.end = end;
                });
            }
        });
    }

    /** Adds a change of a log's own tokens and costs to every ancestor's descendant sums. */
    private static void addToAncestors(AnalyticsBatch batch, LogFacts log, Map<String, BigDecimal> share) {
        share.values().removeIf(v -> v.signum() == 0);
        if (share.isEmpty()) {
            return;
        }
        String current = log.parentId;
        while (current != null) {
            var ancestor = batch.find(current).orElse(null);
            if (ancestor == null) {
                return;
            }
            change(batch, ancestor, a -> share.forEach((field, delta) -> {
                BigDecimal now = a.descendants.getOrDefault(field, BigDecimal.ZERO).add(delta);
                if (now.signum() == 0) {
                    a.descendants.remove(field);
                } else {
                    a.descendants.put(field, now);
                }
            }));
            current = ancestor.parentId;
        }
    }

    private AnalyticsBatch batch() {
        return AnalyticsBatch.current(store);
    }

    private static String returnTypeOf(Object judgment) {
        return judgment instanceof Boolean ? "boolean" : judgment instanceof Number ? "number"
                : judgment instanceof List<?> ? "multi_select" : judgment instanceof String ? "select" : "text";
    }

    static BigDecimal decimal(Object value) {
        return value == null ? null : value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    private static Instant instant(Object value) {
        return value == null ? null : value instanceof Instant i ? i : Instant.parse(value.toString());
    }
}
