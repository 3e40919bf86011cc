package dev.tracevault.benchmark;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Traces arrive on a fixed schedule, each on its own virtual thread, whatever the server's
 * latency: a slow answer never delays the next arrival. Latency counts from the intended send
 * time (the schedule for a trace's first request, the previous answer for the next ones), so a
 * backlog shows up in the figures instead of being hidden (no coordinated omission).
 */
final class OpenLoop {

    record Result(Stats stats, long windowNanos, double targetPatchRate, long traces, long maxInFlight,
                  long lateDispatches, boolean drained) {
        double seconds() {
            return windowNanos / 1e9;
        }

        double patchesPerSecond() {
            return stats.patchCount() / seconds();
        }

        double requestsPerSecond() {
            return stats.totalCount() / seconds();
        }
    }

    private OpenLoop() {
    }

    /**
     * Starts {@code patchRate / patchesPerTrace} traces per second for {@code duration}, or until
     * {@code stopEarly} is set; then waits for the traces in flight.
     */
    static Result run(Workload workload, Api api, double patchRate, Duration duration, AtomicBoolean stopEarly)
            throws InterruptedException {
        Stats stats = new Stats();
        double traceRate = patchRate / workload.patchesPerTrace();
        long period = (long) (1e9 / traceRate);
        AtomicLong inFlight = new AtomicLong();
        AtomicLong maxInFlight = new AtomicLong();
        long late = 0;
        long traces = 0;
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long intended = start;
        while (intended < end && !stopEarly.get()) {
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            if (-wait > 1_000_000) {
                late++;
            }
            long scheduled = intended;
            executor.execute(() -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    workload.run(api, stats, scheduled, () -> false);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
            traces++;
            intended += period;
        }
        long window = Math.min(System.nanoTime(), end) - start;
        executor.shutdown();
        boolean drained = executor.awaitTermination(120, TimeUnit.SECONDS);
        if (!drained) {
            executor.shutdownNow();
        }
        return new Result(stats, window, patchRate, traces, maxInFlight.get(), late, drained);
    }
}
