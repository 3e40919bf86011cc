package dev.tracevault.server.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far each event processor of this instance is behind the event store: in events (the
 * store's newest global index minus the processor's slowest segment) and in seconds (the age of
 * the oldest event it has not processed yet).
 */
@Component
public class ProcessorLag {

    /** One processor's state as operations see it. */
    public record Status(String name, boolean running, boolean error, long segments, long lagEvents,
                         double lagSeconds, long position, String failure) {
    }

    private final EventProcessingConfiguration processors;
    private final JdbcTemplate jdbc;

    ProcessorLag(EventProcessingConfiguration processors, JdbcTemplate jdbc) {
        this.processors = processors;
        this.jdbc = jdbc;
    }

    public Map<String, Status> statuses() {
        Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        Map<String, Status> statuses = new LinkedHashMap<>();
        processors.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                statuses.put(name, status(name, streaming, head == null ? -1 : head));
            }
        });
        return statuses;
    }

    private Status status(String name, StreamingEventProcessor processor, long head) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        long slowest = Long.MAX_VALUE;
        for (EventTrackerStatus status : segments.values()) {
            OptionalLong position = status.getCurrentPosition();
            slowest = Math.min(slowest, position.isPresent() ? position.getAsLong() : -1);
        }
        boolean error = processor.isError() || segments.values().stream().anyMatch(EventTrackerStatus::isErrorState);
        String failure = segments.values().stream().filter(EventTrackerStatus::isErrorState)
                .map(s -> String.valueOf(s.getError())).findFirst().orElse(null);
        if (segments.isEmpty()) {
            // no segment claimed here: another instance processes it (or none yet)
            return new Status(name, processor.isRunning(), error, 0, 0, 0, -1, failure);
        }
        long lagEvents = Math.max(0, head - slowest);
        double lagSeconds = 0;
        if (lagEvents > 0) {
            var oldest = jdbc.queryForList("select time_stamp from domain_event_entry where global_index > ?"
                    + " order by global_index fetch first 1 rows only", String.class, slowest);
            if (!oldest.isEmpty()) {
                lagSeconds = Math.max(0, Duration.between(Instant.parse(oldest.getFirst()), Instant.now()).toMillis()
                        / 1000.0);
            }
        }
        return new Status(name, processor.isRunning(), error, segments.size(), lagEvents, lagSeconds, slowest, failure);
    }
}
