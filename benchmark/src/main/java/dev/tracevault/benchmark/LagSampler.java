package dev.tracevault.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lag of the server's asynchronous event processors under load: {@code GET
 * /actuator/prometheus} (with the API key, in case the endpoint asks for it) once a {@code
 * period}, reading {@code tracevault_processor_lag_seconds} and {@code
 * tracevault_processor_lag_events} of every {@code processor}. The server refreshes these gauges
 * at most once a second, so a shorter period only repeats values.
 */
final class LagSampler implements AutoCloseable {

    /** Samples of one processor: lag in seconds and in events, in sampling order. */
    record Series(List<Double> seconds, List<Double> events) {
        double secondsPercentile(double p) {
            return percentile(seconds, p);
        }

        double eventsPercentile(double p) {
            return percentile(events, p);
        }

        double lastSeconds() {
            return seconds.isEmpty() ? Double.NaN : seconds.getLast();
        }

        double lastEvents() {
            return events.isEmpty() ? Double.NaN : events.getLast();
        }
    }

    private static final Pattern GAUGE = Pattern.compile(
            "^tracevault_processor_lag_(seconds|events)\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern PROCESSOR = Pattern.compile("processor=\"([^\"]*)\"");

    private final HttpConnection http;
    private final long periodNanos;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private volatile boolean stop;
    private volatile String unavailable;
    private Thread thread;

    LagSampler(int port, String apiKey, long periodMillis) {
        this.http = new HttpConnection(port, apiKey);
        this.periodNanos = periodMillis * 1_000_000;
    }

    /** One scrape: processor → {lag seconds, lag events}; null when the server has no such metrics (reason kept). */
    private Map<String, double[]> scrape() {
        Api.Response answer = http.get("/actuator/prometheus");
        if (!answer.ok()) {
            unavailable = "GET /actuator/prometheus answered " + answer.status();
            return null;
        }
        Map<String, double[]> found = new LinkedHashMap<>();
        Matcher m = GAUGE.matcher(answer.body());
        while (m.find()) {
            Matcher p = PROCESSOR.matcher(m.group(2));
            if (p.find()) {
                double[] pair = found.computeIfAbsent(p.group(1), k -> new double[] {Double.NaN, Double.NaN});
                pair[m.group(1).equals("seconds") ? 0 : 1] = Double.parseDouble(m.group(3));
            }
        }
        if (found.isEmpty()) {
            unavailable = "no tracevault_processor_lag_* gauges in /actuator/prometheus";
            return null;
        }
        return found;
    }

    /** Samples in the background until {@link #stop}; stops at once if the server has no lag metrics. */
    LagSampler start() {
        thread = Thread.ofPlatform().daemon().name("lag-sampler").start(() -> {
            long next = System.nanoTime();
            while (!stop) {
                Map<String, double[]> found = scrape();
                if (found == null) {
                    return;
                }
                synchronized (series) {
                    found.forEach((processor, pair) -> {
                        Series s = series.computeIfAbsent(processor, k -> new Series(new ArrayList<>(), new ArrayList<>()));
                        s.seconds().add(pair[0]);
                        s.events().add(pair[1]);
                    });
                }
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        });
        return this;
    }

    /** Ends the background sampling; the samples stay. */
    void stop() throws InterruptedException {
        stop = true;
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /**
     * After the load (call {@link #stop} first): scrapes until every processor reports 0 events
     * behind, for at most {@code maxMillis}; the seconds that took (resolution: the server's 1 s
     * refresh), or -1 when some lag was left at the end or the metrics are missing.
     */
    double secondsUntilCaughtUp(long maxMillis) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + maxMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            Map<String, double[]> found = scrape();
            if (found == null) {
                return -1;
            }
            if (found.values().stream().allMatch(pair -> pair[1] == 0 || Double.isNaN(pair[1]))) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(250);
        }
        return -1;
    }

    Map<String, Series> series() {
        synchronized (series) {
            Map<String, Series> copy = new LinkedHashMap<>();
            series.forEach((k, v) -> copy.put(k, new Series(List.copyOf(v.seconds()), List.copyOf(v.events()))));
            return copy;
        }
    }

    /** Why there are no samples, or null when there are. */
    String unavailable() {
        synchronized (series) {
            return series.isEmpty() ? (unavailable == null ? "no samples" : unavailable) : null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        http.close();
    }

    /** Nearest-rank percentile of the numbers present (NaN when there are none). */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
