package dev.tracevault.query.replay;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every instance looks at the rebuilds of the log documents once per {@code interval}: while
 * another instance rebuilds them, this one's writes are paused (they would project into tables
 * being rebuilt); a rebuild requested and run by nobody (after an import, an upgrade, or an
 * instance that died rebuilding) is started here.
 */
@Component
@ConditionalOnWebApplication // a server; not the import or the keys command
class RebuildWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RebuildWatch.class);

    private final RebuildClaims claims;
    private final ProjectionReplays replays;
    private final WritePause writes;
    private final Duration interval;
    private volatile Thread thread;

    RebuildWatch(RebuildClaims claims, ProjectionReplays replays, WritePause writes,
                 @Value("${tracevault.rebuild.watch-interval:PT1S}") Duration interval) {
        this.claims = claims;
        this.replays = replays;
        this.writes = writes;
        this.interval = interval;
    }

    /**
     * A rebuild waiting when the server starts (after an import, an upgrade, or one cut short) runs
     * before the web server takes requests: Axon is up by then, the web server not yet (phase).
     */
    @Override
    public void start() {
        if (claims.state(LogsRebuild.GROUP).filter(RebuildClaims.State::waiting).isPresent()) {
            log.info("the log documents wait for a rebuild: rebuilding them before taking requests");
            try {
                replays.start(LogsRebuild.GROUP);
                while (replays.status().state().equals("running")) {
                    Thread.sleep(100);
                }
                log.info("rebuild of the log documents: {}", replays.status().state());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("the rebuild at start could not run; the watch tries again", e);
            }
        }
        thread = Thread.ofPlatform().name("rebuild-watch").daemon().start(this::watch);
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2560; // after Axon's start (-3072), before the web server's (-2048)
    }

    @Override
    public void stop() {
        var watching = thread;
        thread = null;
        if (watching != null) {
            watching.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void watch() {
        WritePause.Paused paused = null;
        try {
            while (thread == Thread.currentThread()) {
                try {
                    var state = claims.state(LogsRebuild.GROUP);
                    boolean elsewhere = state.filter(s -> s.runningElsewhere(replays.instance())).isPresent();
                    if (elsewhere && paused == null) {
                        log.info("instance {} rebuilds the log documents: writes here wait", state.get().claimedBy());
                        paused = writes.pause(Duration.ofDays(1));
                    } else if (!elsewhere && paused != null) {
                        paused.close();
                        paused = null;
                    }
                    if (paused == null && state.filter(RebuildClaims.State::waiting).isPresent()) {
                        log.info("the log documents wait for a rebuild: starting it");
                        replays.start(LogsRebuild.GROUP);
                    }
                } catch (RuntimeException e) {
                    log.debug("rebuild watch: {}", e.toString());
                }
                Thread.sleep(interval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (paused != null) {
                paused.close();
            }
        }
    }
}
