package dev.tracevault.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 16's write workload: {@code logs} incomplete Flow Logs created first, then
 * {@code PATCH /v5/flows/logs/{id}} of a random one of them with {@code {"output": "<12 random
 * chars>"}}, closed loop (N clients, each on its own keep-alive connection, a request as soon as
 * the previous one is answered) or open loop (a fixed arrival rate, latency from the intended send
 * time).
 *
 * <p>Every answer must be a 2xx whose document shows the output just written. Two clients may
 * PATCH the same log at once; then an answer may show the other one's output, which is counted
 * apart ("concurrent"). An answer that shows an output already acknowledged before this PATCH was
 * sent, or none, is stale: a lost update or a read from before the write ("stale").
 */
final class PatchLoad {

    /** One loop's outcome; {@code staleAnswers} and {@code concurrentAnswers} as in the class comment. */
    record Result(Stats stats, long elapsedNanos, long staleAnswers, long concurrentAnswers, List<Double> windowRates,
                  long maxInFlight, long lateDispatches, double targetRate, boolean drained) {
        double seconds() {
            return elapsedNanos / 1e9;
        }

        double patchesPerSecond() {
            return stats.count(Stats.Op.PATCH) / seconds();
        }
    }

    private static final char[] OUTPUT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final String OUTPUT_KEY = "\"output\":\"";

    private final int port;
    private final String apiKey;
    private final List<String> ids;
    /** Per log, the output of a PATCH already acknowledged (the latest one, give or take a race). */
    private final AtomicReferenceArray<String> acknowledged;

    private PatchLoad(int port, String apiKey, List<String> ids) {
        this.port = port;
        this.apiKey = apiKey;
        this.ids = ids;
        this.acknowledged = new AtomicReferenceArray<>(ids.size());
    }

    /** Creates {@code logs} incomplete Flow Logs with {@code threads} clients; fails on the first refusal. */
    static PatchLoad seed(int port, String apiKey, int logs, int threads) throws InterruptedException {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicLong next = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            clients.add(Thread.ofPlatform().name("seed-" + t).start(() -> {
                try (HttpConnection http = new HttpConnection(port, apiKey)) {
                    for (long n = next.getAndIncrement(); n < logs && failures.isEmpty(); n = next.getAndIncrement()) {
                        Api.Response created = http.post("/v5/flows/log", createBody(n));
                        String id = created.ok() ? Json.field(created.body(), "id") : null;
                        if (id == null) {
                            failures.add(created.status() + " " + Json.clip(created.body()));
                        } else {
                            ids.add(id);
                        }
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("POST /v5/flows/log failed: " + failures.getFirst());
        }
        return new PatchLoad(port, apiKey, List.copyOf(ids));
    }

    /** An incomplete Flow Log with ~250 bytes of inputs, as the trace workload opens one. */
    static String createBody(long n) {
        return "{\"path\":\"bench/PatchFlow\",\"flow\":{\"attributes\":{\"v\":1,\"pipeline\":\"rag\"}},"
                + "\"inputs\":{\"question\":\"What were the three most common failure modes in last week's support "
                + "tickets, and which of them are caused by the retrieval step rather than by the model? Answer "
                + "briefly.\",\"customer\":\"c-" + n + "\"},\"log_status\":\"incomplete\"}";
    }

    int logs() {
        return ids.size();
    }

    /**
     * {@code threads} clients PATCH back to back for {@code duration}. {@code window} &gt; 0 also
     * records the PATCH rate of each window (the warm-up's curve).
     */
    Result closedLoop(int threads, Duration duration, Duration window) throws InterruptedException {
        Stats stats = new Stats();
        Outcomes outcomes = new Outcomes();
        LongAdder done = new LongAdder();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            clients.add(Thread.ofPlatform().name("patch-client-" + i).start(() -> {
                try (HttpConnection http = new HttpConnection(port, apiKey)) {
                    while (System.nanoTime() < deadline) {
                        patchOnce(http, stats, outcomes, System.nanoTime());
                        done.increment();
                    }
                }
            }));
        }
        List<Double> rates = new ArrayList<>();
        if (!window.isZero()) {
            long last = 0;
            for (long at = start + window.toNanos(); at <= deadline; at += window.toNanos()) {
                LockSupport.parkNanos(at - System.nanoTime());
                long now = done.sum();
                rates.add((now - last) / (window.toNanos() / 1e9));
                Benchmark.progress(String.format("  %.0f PATCH/s in the last %d s", rates.getLast(), window.toSeconds()));
                last = now;
            }
        }
        for (Thread client : clients) {
            client.join();
        }
        return new Result(stats, System.nanoTime() - start, outcomes.stale.sum(), outcomes.concurrent.sum(), rates,
                threads, 0, 0, true);
    }

    /**
     * PATCHes arrive at {@code rate} per second for {@code duration}, whatever the latency, each on
     * its own virtual thread, sent on one of {@code connections} keep-alive connections (as wrk2
     * does: a request waits for a free connection rather than opening more, so a backlog does not
     * turn into a storm of new connections); each one's latency counts from its intended send time,
     * waiting included (no coordinated omission).
     */
    Result openLoop(double rate, Duration duration, int connections) throws InterruptedException {
        Stats stats = new Stats();
        Outcomes outcomes = new Outcomes();
        BlockingQueue<HttpConnection> idle = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            idle.add(new HttpConnection(port, apiKey));
        }
        AtomicLong inFlight = new AtomicLong();
        AtomicLong maxInFlight = new AtomicLong();
        long period = (long) (1e9 / rate);
        long late = 0;
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long intended = start; intended < end; intended += period) {
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait > 1_000_000) {
                late++;
            }
            long scheduled = intended;
            executor.execute(() -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                HttpConnection http = null;
                try {
                    http = idle.take();
                    patchOnce(http, stats, outcomes, scheduled);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (http != null) {
                        idle.add(http);
                    }
                    inFlight.decrementAndGet();
                }
            });
        }
        long window = Math.min(System.nanoTime(), end) - start;
        executor.shutdown();
        boolean drained = executor.awaitTermination(120, TimeUnit.SECONDS);
        if (!drained) {
            executor.shutdownNow();
        }
        idle.forEach(HttpConnection::close);
        return new Result(stats, window, outcomes.stale.sum(), outcomes.concurrent.sum(), List.of(), maxInFlight.get(),
                late, rate, drained);
    }

    /** Counts of the 2xx answers that do not show the output just written. */
    private static final class Outcomes {
        final LongAdder stale = new LongAdder();
        final LongAdder concurrent = new LongAdder();
    }

    private void patchOnce(HttpConnection http, Stats stats, Outcomes outcomes, long intendedStart) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] output = new char[12];
        for (int i = 0; i < output.length; i++) {
            output[i] = OUTPUT_CHARS[random.nextInt(OUTPUT_CHARS.length)];
        }
        String value = new String(output);
        int log = random.nextInt(ids.size());
        String before = acknowledged.get(log);
        Api.Response answer = http.patch("/v5/flows/logs/" + ids.get(log), "{\"output\":\"" + value + "\"}");
        stats.record(Stats.Op.PATCH, answer, intendedStart);
        if (!answer.ok()) {
            return;
        }
        acknowledged.set(log, value);
        String shown = shownOutput(answer.body());
        if (shown == null || shown.equals(before)) {
            outcomes.stale.increment();
        } else if (!shown.equals(value)) {
            outcomes.concurrent.increment();
        }
    }

    /** The document's {@code output} (the first one: this workload's logs have no children). */
    private static String shownOutput(String body) {
        int at = body.indexOf(OUTPUT_KEY);
        if (at < 0) {
            return null;
        }
        int from = at + OUTPUT_KEY.length();
        int to = body.indexOf('"', from);
        return to < 0 ? null : body.substring(from, to);
    }
}
