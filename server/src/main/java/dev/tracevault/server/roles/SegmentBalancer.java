package dev.tracevault.server.roles;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Spreads the event processors' segments over the instances that run processors. Axon lets the
 * first instance claim every segment; a fixed per-instance cap would strand a dead instance's
 * segments. Instead each instance with the {@code processors} role beats a heartbeat into {@code
 * processor_instance}, and every interval compares the segments it holds with its fair share —
 * all segments divided by the live instances, rounded up. Holding more, it releases one segment
 * for {@code release-for}, so that another live instance claims it; when an instance dies its
 * share grows for the others, and Axon's claim timeout hands them its segments. A segment of one
 * processor keeps its events in order wherever it runs: moving it changes who works, not what.
 */
@Component
@ConditionalOnProperty(name = RolesEnvironment.RUN_PROCESSORS, havingValue = "true", matchIfMissing = true)
class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final Duration interval;
    private final Duration releaseFor;
    private final String instanceId = UUID.randomUUID().toString();
    private ScheduledExecutorService timer;

    SegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing,
                    @Value("${tracevault.segments.balance-interval:PT5S}") Duration interval,
                    @Value("${tracevault.segments.release-for:PT30S}") Duration releaseFor) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.interval = interval;
        this.releaseFor = releaseFor;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("segment-balancer").daemon().factory());
        timer.scheduleWithFixedDelay(this::balanceQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            jdbc.update("delete from processor_instance where instance_id = ?", instanceId);
        } catch (RuntimeException e) {
            log.debug("could not remove this instance's heartbeat", e);
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }

    private void balanceQuietly() {
        try {
            balance();
        } catch (RuntimeException e) {
            log.warn("segment balancing skipped this round: {}", e.toString());
        }
    }

    /** One round: heartbeat, then release one segment if this instance holds more than its share. */
    void balance() {
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (jdbc.update("update processor_instance set last_seen = ? where instance_id = ?", now, instanceId) == 0) {
            jdbc.update("insert into processor_instance (instance_id, last_seen) values (?, ?)", instanceId, now);
        }
        Timestamp alive = Timestamp.from(now.toInstant().minus(interval.multipliedBy(3)));
        jdbc.update("delete from processor_instance where last_seen < ?",
                Timestamp.from(now.toInstant().minus(interval.multipliedBy(12))));
        Integer live = jdbc.queryForObject("select count(*) from processor_instance where last_seen >= ?", Integer.class, alive);
        Integer segments = jdbc.queryForObject("select count(*) from token_entry", Integer.class);
        if (live == null || segments == null || live < 2) {
            return;
        }
        int share = (segments + live - 1) / live;
        List<StreamingEventProcessor> processors = processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .filter(StreamingEventProcessor::isRunning).toList();
        int held = processors.stream().mapToInt(p -> p.processingStatus().size()).sum();
        if (held <= share) {
            return;
        }
        processors.stream().filter(p -> !p.processingStatus().isEmpty())
                .max(Comparator.comparingInt(p -> p.processingStatus().size()))
                .ifPresent(p -> {
                    int segment = p.processingStatus().keySet().iterator().next();
                    log.info("releasing segment {} of {} for {} (holding {} of {} segments, {} instances alive)",
                            segment, p.getName(), releaseFor, held, segments, live);
                    p.releaseSegment(segment, releaseFor.toMillis(), TimeUnit.MILLISECONDS);
                });
    }
}
