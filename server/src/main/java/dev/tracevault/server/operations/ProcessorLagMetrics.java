package dev.tracevault.server.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Prometheus gauges of processor lag: {@code tracevault_processor_lag_events} and
 * {@code tracevault_processor_lag_seconds}, tagged by {@code processor}. Read once per scrape.
 */
@Component
class ProcessorLagMetrics implements MeterBinder {

    private final ProcessorLag lag;
    private final AtomicReference<Map<String, ProcessorLag.Status>> last = new AtomicReference<>(Map.of());
    private volatile long readAt;

    ProcessorLagMetrics(ProcessorLag lag) {
        this.lag = lag;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String processor : new String[] {"analytics", "EvaluationSagaProcessor"}) {
            Gauge.builder("tracevault.processor.lag.events", () -> status(processor).lagEvents())
                    .tag("processor", processor).description("events the processor has not processed yet")
                    .register(registry);
            Gauge.builder("tracevault.processor.lag.seconds", () -> status(processor).lagSeconds())
                    .tag("processor", processor).baseUnit("seconds")
                    .description("age of the oldest event the processor has not processed yet")
                    .register(registry);
        }
    }

    private ProcessorLag.Status status(String processor) {
        long now = System.nanoTime();
        if (now - readAt > 1_000_000_000L) {
            last.set(lag.statuses());
            readAt = now;
        }
        return last.get().getOrDefault(processor, new ProcessorLag.Status(processor, false, false, 0, 0, 0, -1, null));
    }
}
