package dev.tracevault.viewer;

import dev.tracevault.queries.FindTraceRows;
import dev.tracevault.query.logs.TraceFeed;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A trace, live: server-sent events with the outline rows of the logs that changed (and of their
 * ancestors, whose times they widen), each event's id the event store position after it. A browser
 * that loses the connection reconnects with {@code Last-Event-ID} and resumes from there, so no
 * change is missed; a position it cannot resume from (unknown, or too far behind) gets a
 * {@code reset} event: read the trace again. A connection lasts at most
 * {@code tracevault.viewer.live-max-duration}, then the browser reconnects the same way (proxies
 * and load balancers drop long idle connections anyway; this keeps the resume path in daily use).
 */
@RestController
class ViewerLive implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ViewerLive.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final long RECONNECT_MILLIS = 1_000;

    private final TraceFeed feed;
    private final Queries queries;
    private final Duration maxDuration;
    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    ViewerLive(TraceFeed feed, Queries queries,
               @Value("${tracevault.viewer.live-max-duration:PT5M}") Duration maxDuration) {
        this.feed = feed;
        this.queries = queries;
        this.maxDuration = maxDuration;
    }

    @GetMapping(value = "/ui/api/traces/{traceId}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(@PathVariable("traceId") String traceId,
                    @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                    @RequestParam(name = "from", required = false) String from) {
        var emitter = new SseEmitter(maxDuration.toMillis() + 30_000);
        String position = lastEventId != null && !lastEventId.isBlank() ? lastEventId : from;
        open.add(emitter);
        emitter.onCompletion(() -> open.remove(emitter));
        emitter.onTimeout(() -> open.remove(emitter));
        emitter.onError(e -> open.remove(emitter));
        Thread.ofVirtual().name("viewer-live-" + traceId).start(() -> stream(emitter, traceId, position));
        return emitter;
    }

    private void stream(SseEmitter emitter, String traceId, String position) {
        Optional<TraceFeed.Subscription> followed = position == null ? Optional.empty()
                : feed.follow(traceId, position);
        TraceFeed.Subscription subscription = null;
        try {
            if (followed.isEmpty()) {
                // the client reads the trace again; this stream goes on from before that read
                String start = feed.start();
                subscription = feed.follow(traceId, start).orElseThrow();
                emitter.send(SseEmitter.event().name("reset").id(start).reconnectTime(RECONNECT_MILLIS).data("{}"));
            } else {
                subscription = followed.get();
                emitter.send(SseEmitter.event().comment("following").reconnectTime(RECONNECT_MILLIS));
            }
            long deadline = System.nanoTime() + maxDuration.toNanos();
            long lastSent = System.nanoTime();
            while (running && open.contains(emitter) && System.nanoTime() < deadline) {
                var changes = subscription.next(POLL);
                if (!changes.logIds().isEmpty()) {
                    String rows = queries.ask(new FindTraceRows(traceId, List.copyOf(changes.logIds())));
                    emitter.send(SseEmitter.event().name("rows").id(changes.position())
                            .data(rows, MediaType.APPLICATION_JSON));
                    lastSent = System.nanoTime();
                } else if (System.nanoTime() - lastSent > KEEP_ALIVE.toNanos()) {
                    // other traces moved the store on: a reconnect resumes from here, not from far behind
                    emitter.send(SseEmitter.event().name("position").id(changes.position()).data("{}"));
                    lastSent = System.nanoTime();
                }
            }
            emitter.complete();
        } catch (IOException | IllegalStateException gone) {
            log.debug("live trace {} ended: {}", traceId, gone.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            log.warn("live trace {} failed", traceId, e);
            emitter.completeWithError(e);
        } finally {
            open.remove(emitter);
            if (subscription != null) {
                subscription.close();
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** A stopping server ends the live streams at once (browsers reconnect elsewhere or later). */
    @Override
    public void stop() {
        running = false;
        open.forEach(emitter -> {
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                log.debug("closing a live trace: {}", e.toString());
            }
        });
        open.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server's graceful shutdown waits for requests in progress. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
