package dev.tracevault.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies (microseconds, HdrHistogram, 3 significant digits) and outcomes of one phase, per
 * kind of request. Thread-safe: every client thread records into the same instance.
 */
final class Stats {

    /** Kinds of request the workload sends. New scenarios add theirs here (judgments, listings...). */
    enum Op {
        CREATE_FLOW_LOG("POST /flows/log"),
        CREATE_PROMPT_LOG("POST /prompts/log (child)"),
        CREATE_TOOL_LOG("POST /tools/log (child)"),
        PATCH("PATCH /flows/logs/{id}"),
        COMPLETE("PATCH /flows/logs/{id} (completes)"),
        GET_LOG("GET /logs/{id}");

        final String label;

        Op(String label) {
            this.label = label;
        }

        boolean isPatch() {
            return this == PATCH || this == COMPLETE;
        }
    }

    private static final long HIGHEST_MICROS = 10L * 60 * 1_000_000;
    private static final int MAX_SAMPLES = 5;

    private final Map<Op, ConcurrentHistogram> histograms = new EnumMap<>(Op.class);
    private final Map<Op, LongAdder> errors = new EnumMap<>(Op.class);
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

    Stats() {
        for (Op op : Op.values()) {
            histograms.put(op, new ConcurrentHistogram(HIGHEST_MICROS, 3));
            errors.put(op, new LongAdder());
        }
    }

    /** Records a request whose latency counts from {@code intendedStartNanos} (see OpenLoop). */
    void record(Op op, Api.Response response, long intendedStartNanos) {
        long micros = Math.max(0, (response.endNanos() - intendedStartNanos) / 1_000);
        histograms.get(op).recordValue(Math.min(micros, HIGHEST_MICROS));
        if (!response.ok()) {
            errors.get(op).increment();
            statuses.computeIfAbsent(op.name() + " " + response.status(), k -> new LongAdder()).increment();
            if (errorSamples.size() < MAX_SAMPLES) {
                String body = response.body() == null ? "" : response.body();
                errorSamples.add(op.label + " -> " + response.status() + " " + body.substring(0, Math.min(200, body.length())));
            }
        }
    }

    void record(Op op, Api.Response response) {
        record(op, response, response.startNanos());
    }

    Histogram histogram(Op op) {
        return histograms.get(op);
    }

    /** All the given kinds in one histogram. */
    Histogram merged(Op... ops) {
        Histogram all = new Histogram(HIGHEST_MICROS, 3);
        for (Op op : ops) {
            all.add(histograms.get(op));
        }
        return all;
    }

    Histogram patches() {
        return merged(Op.PATCH, Op.COMPLETE);
    }

    Histogram all() {
        return merged(Op.values());
    }

    long count(Op op) {
        return histograms.get(op).getTotalCount();
    }

    long errors(Op op) {
        return errors.get(op).sum();
    }

    long patchCount() {
        return count(Op.PATCH) + count(Op.COMPLETE);
    }

    long totalCount() {
        long n = 0;
        for (Op op : Op.values()) {
            n += count(op);
        }
        return n;
    }

    long totalErrors() {
        long n = 0;
        for (Op op : Op.values()) {
            n += errors(op);
        }
        return n;
    }

    long patchErrors() {
        return errors(Op.PATCH) + errors(Op.COMPLETE);
    }

    Map<String, Long> statusCounts() {
        Map<String, Long> result = new TreeMap<>();
        statuses.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }

    List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    /** Milliseconds, two decimals, from a microsecond histogram value. */
    static double ms(long micros) {
        return micros / 1000.0;
    }
}
