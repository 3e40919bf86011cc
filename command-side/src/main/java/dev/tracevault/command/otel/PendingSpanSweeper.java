package dev.tracevault.command.otel;

import dev.tracevault.command.otel.OtelSettings;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code tracevault.otel.pending.sweep-interval}, writes the spans that waited for a parent
 * which has arrived another way, and those that waited too long (see {@link SpanWrites#sweep()}).
 * Any number of instances may sweep at once: writing a span twice writes it once.
 */
@Component
public class PendingSpanSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PendingSpanSweeper.class);

    private final Runnable sweep;
    private final Duration interval;
    private volatile Thread thread;

    /** False on an instance without the {@code processors} role (tracevault.roles): no sweeping. */
    private final boolean enabled;

    @Autowired
    public PendingSpanSweeper(SpanWrites spans, OtelSettings settings,
                       @Value("${tracevault.run-processors:true}") boolean enabled) {
        this(spans::sweep, settings.sweepInterval(), enabled);
    }

    public PendingSpanSweeper(Runnable sweep, Duration interval, boolean enabled) {
        this.sweep = sweep;
        this.interval = interval;
        this.enabled = enabled;
    }

    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    @Override
    public void start() {
        // assigned before it runs: the loop ends as soon as it is no longer this sweeper's thread
        Thread sweeper = Thread.ofPlatform().name("otel-pending-sweeper").daemon().unstarted(this::loop);
        thread = sweeper;
        sweeper.start();
    }

    @Override
    public void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void loop() {
        while (thread == Thread.currentThread()) {
            try {
                Thread.sleep(interval);
                sweep.run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("sweeping the spans that wait for their parent: {}", e.toString());
            }
        }
    }
}
