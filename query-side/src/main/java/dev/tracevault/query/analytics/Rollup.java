package dev.tracevault.query.analytics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a set of logs adds up to: counts by status, errors, exact sums and histograms of durations
 * and provider latencies, token and cost sums, and the current judgments of each evaluator
 * version. One log's contribution is a rollup of one log; an hourly row is the sum of its logs'
 * contributions; a day or a whole range is the sum of hourly rows. Every part can be added and
 * subtracted exactly (sums are decimals, histograms fixed-bin counts), so a change to a log is its
 * old contribution subtracted and its new one added.
 *
 * <p>Stored as JSON (public fields, so the mapper needs no configuration).
 */
final class Rollup {

    /** A numeric series: how many values, their exact sum and their histogram. */
    static final class Series {
        public long count;
        public BigDecimal sum = BigDecimal.ZERO;
        public Histogram histogram = new Histogram();

        void add(BigDecimal value) {
            count++;
            sum = sum.add(value);
            histogram.add(value.doubleValue(), 1);
        }

        void add(Series other, long sign) {
            count += sign * other.count;
            sum = sum.add(sign < 0 ? other.sum.negate() : other.sum);
            histogram.merge(other.histogram, sign);
        }
    }

    /** The current judgments of one evaluator version. */
    static final class Judgments {
        public String evaluatorId;
        public String returnType;
        /** Judgments that are not null (a withdrawn or failed judgment counts as none). */
        public long count;
        public long trueCount;
        public Series numbers = new Series();
        public Map<String, Long> options = new TreeMap<>();

        boolean isEmpty() {
            return count == 0;
        }
    }

    public long logs;
    public long complete;
    public long incomplete;
    public long unspecified;
    public long errors;
    /** end − start in milliseconds, of logs with both. */
    public Series duration = new Series();
    /** provider_latency in seconds, of logs with one. */
    public Series latency = new Series();
    public BigDecimal promptTokens = BigDecimal.ZERO;
    public BigDecimal outputTokens = BigDecimal.ZERO;
    public BigDecimal reasoningTokens = BigDecimal.ZERO;
    public BigDecimal promptCost = BigDecimal.ZERO;
    public BigDecimal outputCost = BigDecimal.ZERO;
    /** By evaluator version id. */
    public Map<String, Judgments> evaluators = new TreeMap<>();

    boolean isEmpty() {
        return logs == 0 && evaluators.isEmpty();
    }

    /** Adds ({@code sign} 1) or subtracts ({@code sign} -1) another rollup. */
    void add(Rollup other, long sign) {
        logs += sign * other.logs;
        complete += sign * other.complete;
        incomplete += sign * other.incomplete;
        unspecified += sign * other.unspecified;
        errors += sign * other.errors;
        duration.add(other.duration, sign);
        latency.add(other.latency, sign);
        promptTokens = plus(promptTokens, other.promptTokens, sign);
        outputTokens = plus(outputTokens, other.outputTokens, sign);
        reasoningTokens = plus(reasoningTokens, other.reasoningTokens, sign);
        promptCost = plus(promptCost, other.promptCost, sign);
        outputCost = plus(outputCost, other.outputCost, sign);
        other.evaluators.forEach((versionId, theirs) -> {
            Judgments mine = evaluators.computeIfAbsent(versionId, v -> {
                var fresh = new Judgments();
                fresh.evaluatorId = theirs.evaluatorId;
                fresh.returnType = theirs.returnType;
                return fresh;
            });
            mine.count += sign * theirs.count;
            mine.trueCount += sign * theirs.trueCount;
            mine.numbers.add(theirs.numbers, sign);
            theirs.options.forEach((option, n) -> {
                long now = mine.options.getOrDefault(option, 0L) + sign * n;
                if (now == 0) {
                    mine.options.remove(option);
                } else {
                    mine.options.put(option, now);
                }
            });
            if (mine.isEmpty()) {
                evaluators.remove(versionId);
            }
        });
    }

    /** Records one current judgment of an evaluator version. */
    void judge(String versionId, String evaluatorId, String returnType, Object judgment) {
        var judgments = new Rollup();
        var mine = new Judgments();
        mine.evaluatorId = evaluatorId;
        mine.returnType = returnType;
        mine.count = 1;
        switch (returnType) {
            case "boolean" -> mine.trueCount = Boolean.TRUE.equals(judgment) ? 1 : 0;
            case "number" -> {
                if (judgment instanceof Number number) {
                    mine.numbers.add(new BigDecimal(number.toString()));
                }
            }
            case "select" -> mine.options.put(String.valueOf(judgment), 1L);
            case "multi_select" -> {
                if (judgment instanceof List<?> chosen) {
                    chosen.forEach(option -> mine.options.merge(String.valueOf(option), 1L, Long::sum));
                }
            }
            default -> {
                // text: only counted
            }
        }
        judgments.evaluators.put(versionId, mine);
        add(judgments, 1);
    }

    private static BigDecimal plus(BigDecimal a, BigDecimal b, long sign) {
        return sign < 0 ? a.subtract(b) : a.add(b);
    }
}
