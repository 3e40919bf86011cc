package dev.tracevault.query.analytics;

import dev.tracevault.problems.NotFound;
import dev.tracevault.queries.FindFileStats;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer of {@code GET /v5/{flows,prompts,tools}/{id}/stats}: the hourly rows of the range,
 * summed into buckets, per version and in total (README: Analytics).
 */
@Component
class StatsReport {

    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};
    private static final String[] PERCENTILE_NAMES = {"p50", "p95", "p99"};

    private final AnalyticsStore store;

    StatsReport(AnalyticsStore store) {
        this.store = store;
    }

    String render(FindFileStats query) {
        if (!store.kind(query.fileId()).filter(query.kind()::equals).isPresent()) {
            throw new NotFound(query.kind().substring(0, 1).toUpperCase() + query.kind().substring(1) + " '"
                    + query.fileId() + "' not found");
        }
        Duration step = query.bucket().equals("hour") ? Duration.ofHours(1) : Duration.ofDays(1);
        var totals = new Rollup();
        Map<Instant, Rollup> buckets = new TreeMap<>();
        Map<String, Rollup> versions = new TreeMap<>();
        for (var hour : store.hours(query.fileId(), query.versionId(), query.from(), query.to())) {
            totals.add(hour.rollup(), 1);
            Instant bucket = query.bucket().equals("hour") ? hour.hourStart()
                    : hour.hourStart().truncatedTo(ChronoUnit.DAYS);
            buckets.computeIfAbsent(bucket, b -> new Rollup()).add(hour.rollup(), 1);
            versions.computeIfAbsent(hour.versionId(), v -> new Rollup()).add(hour.rollup(), 1);
        }
        ObjectNode answer = AnalyticsStore.JSON.createObjectNode();
        answer.put("id", query.fileId());
        answer.put("type", query.kind());
        answer.put("version_id", query.versionId());
        answer.put("from", query.from().toString());
        answer.put("to", query.to().toString());
        answer.put("bucket", query.bucket());
        answer.put("percentile_relative_error", Histogram.RELATIVE_ERROR);
        answer.set("totals", stats(totals));
        ArrayNode series = answer.putArray("series");
        for (Instant start = query.from(); start.isBefore(query.to()); start = start.plus(step)) {
            ObjectNode bucket = series.addObject();
            bucket.put("start", start.toString());
            bucket.put("end", start.plus(step).toString());
            bucket.setAll(stats(buckets.getOrDefault(start, new Rollup())));
        }
        ArrayNode byVersion = answer.putArray("versions");
        versions.forEach((versionId, rollup) -> {
            ObjectNode version = byVersion.addObject();
            version.put("version_id", versionId);
            version.setAll(stats(rollup));
        });
        return AnalyticsStore.JSON.writeValueAsString(answer);
    }

    private static ObjectNode stats(Rollup rollup) {
        ObjectNode stats = AnalyticsStore.JSON.createObjectNode();
        stats.put("logs", rollup.logs);
        ObjectNode status = stats.putObject("status");
        status.put("complete", rollup.complete);
        status.put("incomplete", rollup.incomplete);
        status.put("unspecified", rollup.unspecified);
        stats.put("errors", rollup.errors);
        if (rollup.logs == 0) {
            stats.putNull("error_rate");
        } else {
            stats.put("error_rate", rollup.errors / (double) rollup.logs);
        }
        stats.set("duration_ms", series(rollup.duration));
        stats.set("provider_latency_s", series(rollup.latency));
        ObjectNode tokens = stats.putObject("tokens");
        tokens.put("prompt", plain(rollup.promptTokens));
        tokens.put("output", plain(rollup.outputTokens));
        tokens.put("reasoning", plain(rollup.reasoningTokens));
        ObjectNode cost = stats.putObject("cost");
        cost.put("prompt", plain(rollup.promptCost));
        cost.put("output", plain(rollup.outputCost));
        cost.put("total", plain(rollup.promptCost.add(rollup.outputCost)));
        ArrayNode evaluators = stats.putArray("evaluators");
        Map<String, Rollup.Judgments> ordered = new LinkedHashMap<>(rollup.evaluators);
        ordered.forEach((versionId, judgments) -> {
            ObjectNode evaluator = evaluators.addObject();
            evaluator.put("evaluator_id", judgments.evaluatorId);
            evaluator.put("evaluator_version_id", versionId);
            evaluator.put("return_type", judgments.returnType);
            evaluator.put("count", judgments.count);
            switch (judgments.returnType) {
                case "boolean" -> {
                    evaluator.put("true_count", judgments.trueCount);
                    evaluator.put("true_rate", judgments.trueCount / (double) judgments.count);
                }
                case "number" -> evaluator.setAll(series(judgments.numbers));
                case "select", "multi_select" -> {
                    ObjectNode options = evaluator.putObject("options");
                    judgments.options.forEach(options::put);
                }
                default -> {
                    // text: the count says it all
                }
            }
        });
        return stats;
    }

    /** count, sum, mean (exact) and percentiles (within the histogram's relative error) of a series. */
    private static ObjectNode series(Rollup.Series series) {
        ObjectNode node = AnalyticsStore.JSON.createObjectNode();
        node.put("count", series.count);
        node.put("sum", plain(series.sum));
        if (series.count == 0) {
            node.putNull("mean");
            for (String name : PERCENTILE_NAMES) {
                node.putNull(name);
            }
            return node;
        }
        node.put("mean", series.sum.divide(BigDecimal.valueOf(series.count), MathContext.DECIMAL64).doubleValue());
        Histogram histogram = series.histogram;
        for (int i = 0; i < PERCENTILES.length; i++) {
            node.put(PERCENTILE_NAMES[i], histogram.quantile(PERCENTILES[i]));
        }
        return node;
    }

    /** A decimal without trailing zeros, so equal sums read the same whatever order they were added in. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
