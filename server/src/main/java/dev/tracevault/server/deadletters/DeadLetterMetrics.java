package dev.tracevault.server.deadletters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * {@code tracevault_dead_letters} (by {@code processor}): the events parked now, read at most once
 * a second. Beside it, {@code tracevault_dead_letters_parked_total} counts every event parked here.
 */
@Component
class DeadLetterMetrics implements MeterBinder {

    private final DeadLetterQueue queue;
    private final AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
    private volatile long readAt;

    DeadLetterMetrics(DeadLetterQueue queue) {
        this.queue = queue;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String processor : DeadLettering.PROCESSORS) {
            Gauge.builder("tracevault.dead.letters", () -> counts().getOrDefault(processor, 0L))
                    .tag("processor", processor).description("events parked now (dead letters)")
                    .register(registry);
        }
    }

    private Map<String, Long> counts() {
        long now = System.nanoTime();
        if (now - readAt > 1_000_000_000L) {
            last.set(queue.counts().stream().collect(Collectors.toMap(DeadLetterQueue.Count::processor,
                    DeadLetterQueue.Count::letters)));
            readAt = now;
        }
        return last.get();
    }
}
