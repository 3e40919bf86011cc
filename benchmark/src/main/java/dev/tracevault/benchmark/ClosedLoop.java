package dev.tracevault.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** N client threads run the workload back to back, as fast as the server answers. */
final class ClosedLoop {

    record Result(Stats stats, long elapsedNanos) {
        double seconds() {
            return elapsedNanos / 1e9;
        }

        double patchesPerSecond() {
            return stats.patchCount() / seconds();
        }

        double requestsPerSecond() {
            return stats.totalCount() / seconds();
        }
    }

    private ClosedLoop() {
    }

    static Result run(Workload workload, Api api, int threads, Duration duration) throws InterruptedException {
        Stats stats = new Stats();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread client = Thread.ofPlatform().name("closed-loop-" + i).start(() -> {
                while (System.nanoTime() < deadline) {
                    workload.run(api, stats, System.nanoTime(), () -> System.nanoTime() >= deadline);
                }
            });
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        return new Result(stats, System.nanoTime() - start);
    }
}
