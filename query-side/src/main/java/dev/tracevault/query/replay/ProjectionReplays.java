package dev.tracevault.query.replay;

import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.query.progress.ProjectionProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds read models from the event store while the server keeps running: stops a projection's
 * processor, resets its tokens (its {@code @ResetHandler}s empty its tables) and starts it again,
 * and reports how far the rebuild got.
 *
 * <p>Only read models are replayed: streaming processors whose handlers can be reset. A saga's
 * cannot (Axon refuses it), so the evaluation saga, which would run every evaluation again, is
 * never among them. One replay runs at a time, in this instance: with several instances, the
 * processor must be stopped on the others first (it claims every segment).
 */
@Component
public class ProjectionReplays {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplays.class);

    /** How one projection's rebuild stands: its token's position against the store's head. */
    public record ProjectionStatus(String name, String state, long position, long head, double progress) {
    }

    /**
     * The latest replay: {@code idle} (none since the start), {@code running}, {@code done} or
     * {@code failed}; {@code projections} are all read models, those of the replay first.
     */
    public record Status(String state, List<String> replayed, Instant startedAt, Instant finishedAt, String error,
                         List<ProjectionStatus> projections) {
    }

    private final EventProcessingConfiguration processing;
    private final EventStore events;
    private final ProjectionProgress progress;
    private volatile Run run;

    private static final class Run {
        final List<String> names;
        final Instant startedAt = Instant.now();
        final Map<String, Long> targets = new LinkedHashMap<>();
        volatile Instant finishedAt;
        volatile String error;

        Run(List<String> names) {
            this.names = names;
        }
    }

    ProjectionReplays(EventProcessingConfiguration processing, EventStore events, ProjectionProgress progress) {
        this.processing = processing;
        this.events = events;
        this.progress = progress;
    }

    /** The read models that can be replayed, by processing group. */
    public List<String> projections() {
        return processing.eventProcessors().values().stream()
                .filter(p -> p instanceof StreamingEventProcessor streaming && streaming.supportsReset())
                .map(p -> p.getName()).sorted().toList();
    }

    /** Starts replaying {@code projection}, or every read model if it is null. */
    public synchronized Status start(String projection) {
        var current = run;
        if (current != null && current.finishedAt == null) {
            throw new Conflict("a replay of " + String.join(", ", current.names) + " is running already");
        }
        List<String> names = projection == null ? projections() : List.of(check(projection));
        var next = new Run(names);
        List<StreamingEventProcessor> processors = names.stream().map(this::processor).toList();
        progress.rebuilding(true);
        try {
            processors.forEach(StreamingEventProcessor::shutDown);
            for (var processor : processors) {
                next.targets.put(processor.getName(), head());
                processor.resetTokens();
            }
        } catch (RuntimeException e) {
            progress.rebuilding(false);
            throw new Conflict("the replay could not start: " + e.getMessage());
        } finally {
            processors.forEach(StreamingEventProcessor::start);
        }
        run = next;
        log.info("replaying {} from the event store", names);
        Thread.ofPlatform().name("replay-watch").daemon().start(() -> watch(next));
        return status();
    }

    public Status status() {
        var current = run;
        List<String> order = new ArrayList<>(projections());
        if (current != null) {
            order.sort(Comparator.comparing(name -> !current.names.contains(name)));
        }
        long head = head();
        List<ProjectionStatus> projections = new ArrayList<>();
        for (String name : order) {
            boolean replayed = current != null && current.names.contains(name);
            var processor = processor(name);
            long position = position(processor);
            long target = replayed ? current.targets.getOrDefault(name, head) : head;
            boolean done = done(processor, target);
            String state = !replayed ? "idle" : done || current.finishedAt != null ? "done"
                    : current.error != null ? "failed" : "running";
            double fraction = target <= 0 || done ? 1.0 : Math.min(1.0, Math.max(0, position) / (double) target);
            projections.add(new ProjectionStatus(name, state, Math.max(0, position), Math.max(head, 0),
                    Math.floor(fraction * 10_000) / 10_000));
        }
        if (current == null) {
            return new Status("idle", List.of(), null, null, null, projections);
        }
        String state = current.finishedAt != null ? "done" : current.error != null ? "failed" : "running";
        String error = current.error;
        if (error == null && current.finishedAt == null) {
            // a failing batch is retried by Axon: the replay goes on, but say why it is stuck
            error = current.names.stream().flatMap(name -> processor(name).processingStatus().values().stream())
                    .filter(EventTrackerStatus::isErrorState).map(s -> String.valueOf(s.getError())).findFirst()
                    .orElse(null);
        }
        return new Status(state, current.names, current.startedAt, current.finishedAt, error, projections);
    }

    /** Follows the replay until every replayed processor is done; meanwhile writes wait for it. */
    private void watch(Run watched) {
        try {
            while (true) {
                boolean done = true;
                for (String name : watched.names) {
                    done &= done(processor(name), watched.targets.get(name));
                }
                if (done) {
                    watched.finishedAt = Instant.now();
                    log.info("replay of {} done", watched.names);
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            watched.error = e.toString();
            log.warn("replay of {} failed", watched.names, e);
        } finally {
            progress.rebuilding(false);
        }
    }

    /** Caught up, and past the replay (or at least at the position the store had when it started). */
    private static boolean done(StreamingEventProcessor processor, long target) {
        Map<Integer, EventTrackerStatus> statuses = processor.processingStatus();
        return processor.isRunning() && !statuses.isEmpty() && statuses.values().stream().allMatch(s -> s.isCaughtUp()
                && !s.isErrorState() && (!(s.getTrackingToken() instanceof ReplayToken)
                || s.getCurrentPosition().orElse(-1) >= target));
    }

    private static long position(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(0)).min().orElse(0);
    }

    private long head() {
        var head = events.createHeadToken();
        OptionalLong position = head == null ? OptionalLong.empty() : head.position();
        return position.orElse(0);
    }

    private String check(String projection) {
        var names = projections();
        if (!names.contains(projection)) {
            throw InvalidInput.of(List.of("query", "projection"), "'" + projection + "' is not a read model; one of: "
                    + String.join(", ", names), "value_error.projection");
        }
        return projection;
    }

    private StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no processor " + name));
    }
}
