package dev.tracevault.query.analytics;

import dev.tracevault.events.promptlog.PromptDetail;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the analytics keep of one log: enough to compute its contribution to the hourly rows
 * ({@link #contribution()}) before and after every change. Times mirror the API's (a Flow Log's
 * start and end widened by its trace), so durations are those a client computes from the log.
 * Stored as JSON in {@code analytics_log}.
 */
final class LogFacts {

    /** One judgment of this log by an Evaluator Log. */
    static final class Judgment {
        public String logId;
        public String evaluatorId;
        public String versionId;
        public String returnType;
        public Object value;
        public Instant loggedAt;
    }

    /** The usage a log adds to its trace and its hour: its token counts and costs. */
    static final List<String> TOKEN_FIELDS = Stream.concat(PromptDetail.tokens().stream(), PromptDetail.costs().stream())
            .toList();

    public String logId;
    /** flow, prompt, tool or evaluator (an Evaluator Log contributes nothing itself). */
    public String kind;
    public String fileId;
    public String versionId;
    public String parentId;
    /** For an Evaluator Log: the log it judges. */
    public String judgedLogId;
    public Instant loggedAt;
    public Instant createdAt;
    public Instant start;
    public Instant end;
    public String status;
    public boolean error;
    public BigDecimal latency;
    /** The log's own token counts and costs, by wire name. */
    public Map<String, BigDecimal> own = new LinkedHashMap<>();
    /** The sums of its trace descendants' own token counts and costs. */
    public Map<String, BigDecimal> descendants = new LinkedHashMap<>();
    public List<Judgment> judgments = new ArrayList<>();

    boolean judgeable() {
        return !"evaluator".equals(kind);
    }

    /** The UTC hour its contribution counts in: of {@code created_at}, else of when it was logged. */
    Instant hour() {
        return (createdAt != null ? createdAt : loggedAt).truncatedTo(ChronoUnit.HOURS);
    }

    BigDecimal total(String field) {
        return own.getOrDefault(field, BigDecimal.ZERO).add(descendants.getOrDefault(field, BigDecimal.ZERO));
    }

    void addJudgment(Judgment judgment) {
        judgments.removeIf(j -> j.logId.equals(judgment.logId));
        judgments.add(judgment);
        judgments.sort(Comparator.comparing((Judgment j) -> j.loggedAt).thenComparing(j -> j.logId));
    }

    /** This log's contribution to its hourly row, or null if it makes none. */
    Rollup contribution() {
        if (!judgeable()) {
            return null;
        }
        var rollup = new Rollup();
        rollup.logs = 1;
        if ("complete".equals(status)) {
            rollup.complete = 1;
        } else if ("incomplete".equals(status)) {
            rollup.incomplete = 1;
        } else {
            rollup.unspecified = 1;
        }
        rollup.errors = error ? 1 : 0;
        if (start != null && end != null) {
            rollup.duration.add(millis(Duration.between(start, end)));
        }
        if (latency != null) {
            rollup.latency.add(latency);
        }
        rollup.promptTokens = total("prompt_tokens");
        rollup.outputTokens = total("output_tokens");
        rollup.reasoningTokens = total("reasoning_tokens");
        rollup.promptCost = total("prompt_cost");
        rollup.outputCost = total("output_cost");
        // each evaluator version's newest judgment is its current one; null means withdrawn (or failed)
        Map<String, Judgment> current = new LinkedHashMap<>();
        judgments.forEach(j -> current.put(j.versionId, j));
        current.values().stream().filter(j -> j.value != null)
                .forEach(j -> rollup.judge(j.versionId, j.evaluatorId, j.returnType, j.value));
        return rollup;
    }

    static BigDecimal millis(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).multiply(BigDecimal.valueOf(1000))
                .add(BigDecimal.valueOf(duration.getNano(), 6));
    }
}
