package dev.tracevault.query.replay;

import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rebuilds read models from the event store while the server keeps running, and reports how far
 * the rebuild got. Two kinds:
 *
 * <ul>
 *   <li>{@code logs}, the log documents and files every write projects in its own transaction:
 *       {@link LogsRebuild} empties them and projects the whole store again in parallel segments,
 *       while this instance's writes wait ({@link WritePause}); reads go on and show the rebuild
 *       in progress;</li>
 *   <li>the asynchronous read models ({@code analytics}), streaming processors whose handlers can
 *       be reset: stopped, their tokens reset (their {@code @ResetHandler}s empty their tables)
 *       and started again; writes go on.</li>
 * </ul>
 *
 * <p>A saga cannot be reset (Axon refuses it), so the evaluation saga, which would run every
 * evaluation again, is never replayed. One replay runs at a time, in this instance: with several
 * instances, the other instances must not write, nor run the asynchronous processors, meanwhile.
 */
@Component
public class ProjectionReplays {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplays.class);

    /** How one projection's rebuild stands: its position in the store against the store's head. */
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
    private final LogsRebuild logs;
    private final WritePause writes;
    private final RebuildClaims claims;
    private final Duration pauseWait;
    private final Duration settle;
    private final String instance = ProcessHandle.current().pid() + "@" + java.util.UUID.randomUUID();
    private volatile Run run;

    private static final class Run {
        final List<String> names;
        final Instant startedAt = Instant.now();
        final Map<String, Long> targets = new LinkedHashMap<>();
        volatile LogsRebuild.Run logs;
        volatile boolean logsDone;
        volatile Instant finishedAt;
        volatile String error;

        Run(List<String> names) {
            this.names = names;
        }
    }

    ProjectionReplays(EventProcessingConfiguration processing, LogsRebuild logs, WritePause writes,
                      RebuildClaims claims, @Value("${tracevault.rebuild.pause-wait:PT30S}") Duration pauseWait,
                      @Value("${tracevault.rebuild.settle:PT2S}") Duration settle) {
        this.processing = processing;
        this.logs = logs;
        this.writes = writes;
        this.claims = claims;
        this.pauseWait = pauseWait;
        this.settle = settle;
    }

    /** This instance, as it claims a rebuild. */
    String instance() {
        return instance;
    }

    /** The read models that can be replayed. */
    public List<String> projections() {
        List<String> names = new ArrayList<>(List.of(LogsRebuild.GROUP));
        processing.eventProcessors().values().stream()
                .filter(p -> p instanceof StreamingEventProcessor streaming && streaming.supportsReset())
                .map(p -> p.getName()).forEach(names::add);
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /** Starts replaying {@code projection}, or every read model if it is null. */
    public synchronized Status start(String projection) {
        var current = run;
        if (current != null && current.finishedAt == null) {
            throw new Conflict("a replay of " + String.join(", ", current.names) + " is running already");
        }
        List<String> names = projection == null ? projections() : List.of(check(projection));
        if (names.contains(LogsRebuild.GROUP) && !claims.claim(LogsRebuild.GROUP, instance)) {
            throw new Conflict("another instance is rebuilding the log documents");
        }
        var next = new Run(names);
        long head = logs.head();
        names.forEach(name -> next.targets.put(name, head));
        List<StreamingEventProcessor> streaming = names.stream().filter(n -> !n.equals(LogsRebuild.GROUP))
                .map(this::processor).toList();
        try {
            streaming.forEach(StreamingEventProcessor::shutDown);
            streaming.forEach(StreamingEventProcessor::resetTokens);
        } catch (RuntimeException e) {
            throw new Conflict("the replay could not start: " + e.getMessage());
        } finally {
            streaming.forEach(StreamingEventProcessor::start);
        }
        run = next;
        log.info("replaying {} from the event store", names);
        Thread.ofPlatform().name("replay").daemon().start(() -> replay(next));
        return status();
    }

    public Status status() {
        var current = run;
        List<String> order = new ArrayList<>(projections());
        if (current != null) {
            order.sort(Comparator.comparing(name -> !current.names.contains(name)));
        }
        long head = logs.head();
        List<ProjectionStatus> projections = new ArrayList<>();
        for (String name : order) {
            boolean replayed = current != null && current.names.contains(name);
            long target = replayed ? current.targets.getOrDefault(name, head) : head;
            boolean done = replayed && (current.finishedAt != null || done(current, name, target));
            long position = position(replayed ? current : null, name);
            String state = !replayed ? "idle" : done ? "done" : current.error != null ? "failed" : "running";
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
            // a failing batch is retried: the replay goes on, but say why it is stuck
            error = current.logs != null ? current.logs.error() : null;
            if (error == null) {
                error = current.names.stream().filter(n -> !n.equals(LogsRebuild.GROUP))
                        .flatMap(name -> processor(name).processingStatus().values().stream())
                        .filter(EventTrackerStatus::isErrorState).map(s -> String.valueOf(s.getError())).findFirst()
                        .orElse(null);
            }
        }
        return new Status(state, current.names, current.startedAt, current.finishedAt, error, projections);
    }

    /** Runs the rebuild of the logs read model, if asked, and follows the others until all are done. */
    private void replay(Run replaying) {
        try {
            if (replaying.names.contains(LogsRebuild.GROUP)) {
                rebuildLogs(replaying);
            }
            while (!replaying.names.stream().allMatch(name -> done(replaying, name, replaying.targets.get(name)))) {
                Thread.sleep(100);
            }
            replaying.finishedAt = Instant.now();
            log.info("replay of {} done", replaying.names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            replaying.error = e.toString();
            log.warn("replay of {} failed", replaying.names, e);
        }
    }

    /**
     * Rebuilds the log documents with every write paused: this instance's at once, the other
     * instances' within {@code settle} (they watch the claim, {@link RebuildWatch}). The claim is
     * renewed while it runs and removed at the end; a rebuild that fails leaves it requested.
     */
    private void rebuildLogs(Run replaying) throws InterruptedException {
        boolean finished = false;
        try (var paused = writes.pause(pauseWait)) {
            Thread.sleep(settle.toMillis());
            try (var rebuild = logs.start()) {
                replaying.logs = rebuild;
                // every write waits, so the store's head stays where it is until the rebuild reaches it
                long head = logs.head();
                replaying.targets.put(LogsRebuild.GROUP, head);
                long renewed = System.nanoTime();
                while (!rebuild.caughtUp(head)) {
                    Thread.sleep(20);
                    if (System.nanoTime() - renewed > 1_000_000_000L) {
                        claims.renew(LogsRebuild.GROUP, instance);
                        renewed = System.nanoTime();
                    }
                }
                replaying.logsDone = true;
                claims.finish(LogsRebuild.GROUP, instance);
                finished = true;
            }
        } finally {
            if (!finished) {
                claims.release(LogsRebuild.GROUP, instance);
            }
        }
    }

    private boolean done(Run replaying, String name, long target) {
        if (name.equals(LogsRebuild.GROUP)) {
            var rebuild = replaying.logs;
            return replaying.logsDone || rebuild != null && rebuild.caughtUp(target);
        }
        return done(processor(name), target);
    }

    /** Caught up, and past the replay (or at least at the position the store had when it started). */
    private static boolean done(StreamingEventProcessor processor, long target) {
        Map<Integer, EventTrackerStatus> statuses = processor.processingStatus();
        return processor.isRunning() && !statuses.isEmpty() && statuses.values().stream().allMatch(s -> s.isCaughtUp()
                && !s.isErrorState() && (!(s.getTrackingToken() instanceof ReplayToken)
                || s.getCurrentPosition().orElse(-1) >= target));
    }

    /** How far a projection got; the log documents are always where the store is, but while rebuilt. */
    private long position(Run replaying, String name) {
        if (name.equals(LogsRebuild.GROUP)) {
            if (replaying == null || replaying.logsDone || replaying.finishedAt != null) {
                return logs.head();
            }
            var rebuild = replaying.logs;
            return rebuild == null ? 0 : rebuild.position();
        }
        return processor(name).processingStatus().values().stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.orElse(0)).min().orElse(0);
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
