package dev.tracevault.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A writer PATCHes a log with a unique marker; an independent reader (its own HTTP client and
 * connections) polls {@code GET /v5/logs/{id}} back to back until the marker shows. Time to
 * visible = the reader's first answer containing the marker minus the moment the writer sent
 * the PATCH (an upper bound: it includes one GET round trip). The writer's own latency is
 * recorded too: the server answers it only once the write is readable.
 */
final class TimeToVisible {

    record Result(Histogram visible, Histogram writer, int samples, int timeouts, long writeErrors) {
    }

    private static final long HIGHEST_MICROS = 60_000_000;

    private TimeToVisible() {
    }

    static Result run(Api writer, Api reader, Workload workload, int samples) throws InterruptedException {
        List<String> logs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Api.Response created = writer.post("/v5/flows/log", workload.createFlowBody(-i - 1));
            if (!created.ok()) {
                throw new IllegalStateException("could not create a log for time-to-visible: " + created.status());
            }
            logs.add(Json.field(created.body(), "id"));
        }
        Histogram visible = new Histogram(HIGHEST_MICROS, 3);
        Histogram written = new Histogram(HIGHEST_MICROS, 3);
        int timeouts = 0;
        long writeErrors = 0;
        for (int s = 0; s < samples; s++) {
            String id = logs.get(s % logs.size());
            String marker = "ttv-" + s + "-" + UUID.randomUUID();
            CountDownLatch polling = new CountDownLatch(1);
            CountDownLatch seen = new CountDownLatch(1);
            AtomicLong seenAt = new AtomicLong();
            Thread poller = Thread.ofPlatform().name("ttv-reader").start(() -> {
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < giveUp) {
                    polling.countDown();
                    Api.Response read = reader.get("/v5/logs/" + id);
                    if (read.ok() && read.body().contains(marker)) {
                        seenAt.set(read.endNanos());
                        seen.countDown();
                        return;
                    }
                }
            });
            polling.await();
            long sent = System.nanoTime();
            Api.Response write = writer.patch("/v5/flows/logs/" + id, "{\"output\":\"" + marker + "\"}");
            written.recordValue(Math.min(HIGHEST_MICROS, (write.endNanos() - sent) / 1_000));
            if (!write.ok()) {
                writeErrors++;
            }
            if (seen.await(11, TimeUnit.SECONDS)) {
                visible.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, seenAt.get() - sent) / 1_000));
            } else {
                timeouts++;
            }
            poller.join();
            workload.lastWritten().set(id);
        }
        return new Result(visible, written, samples, timeouts, writeErrors);
    }
}
