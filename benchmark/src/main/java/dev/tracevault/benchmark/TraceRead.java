package dev.tracevault.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code GET /v5/logs/{root}} of one trace with many children: builds a Flow Log with
 * {@code size} Prompt and Tool children (a few client threads), then reads the root repeatedly.
 */
final class TraceRead {

    record Result(int size, int built, double buildSeconds, long buildErrors, int childrenReturned, long bytes,
                  Histogram latency) {
    }

    private static final int BUILDERS = 4;
    /** Building a trace stops after this long; the GET is then measured on what was built (and reported so). */
    static final Duration MAX_BUILD = Duration.ofMinutes(10);

    private TraceRead() {
    }

    static Result run(Api api, Workload workload, Features features, int size, int reads) throws InterruptedException {
        Api.Response root = api.post("/v5/flows/log", workload.createFlowBody(-size));
        if (!root.ok()) {
            throw new IllegalStateException("could not create the trace root: " + root.status() + " " + root.body());
        }
        String rootId = Json.field(root.body(), "id");
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + MAX_BUILD.toNanos();
        AtomicInteger built = new AtomicInteger();
        List<Thread> builders = new ArrayList<>();
        for (int b = 0; b < BUILDERS; b++) {
            builders.add(Thread.ofPlatform().name("trace-builder-" + b).start(() -> {
                for (int i = next.getAndIncrement(); i < size && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                    boolean prompt = features.promptLogs() && (i % 2 == 0 || !features.toolLogs());
                    Api.Response child = prompt
                            ? api.post("/v5/prompts/log", workload.promptBody(rootId, i))
                            : api.post("/v5/tools/log", workload.toolBody(rootId, i));
                    if (child.ok()) {
                        built.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread builder : builders) {
            builder.join();
        }
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        workload.lastWritten().set(rootId);

        Histogram latency = new Histogram(60_000_000, 3);
        int childrenReturned = -1;
        long bytes = 0;
        for (int i = -2; i < reads; i++) {
            Api.Response read = api.get("/v5/logs/" + rootId);
            if (!read.ok()) {
                throw new IllegalStateException("GET of the trace root failed: " + read.status() + " " + Json.clip(read.body()));
            }
            if (i < 0) {
                // two warm-up reads; the first one also checks the tree
                if (childrenReturned < 0) {
                    childrenReturned = Json.arraySize(read.body(), "trace_children");
                    bytes = read.body().length();
                }
                continue;
            }
            latency.recordValue(Math.min(60_000_000, read.nanos() / 1_000));
        }
        return new Result(size, built.get(), buildSeconds, errors.get(), childrenReturned, bytes, latency);
    }
}
