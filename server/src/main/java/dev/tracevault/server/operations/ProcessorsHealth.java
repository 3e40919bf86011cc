package dev.tracevault.server.operations;

import dev.tracevault.server.deadletters.ProcessorFailures;
import dev.tracevault.server.roles.Roles;
import dev.tracevault.server.roles.RolesEnvironment.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the asynchronous event processors (analytics, the evaluation saga): DOWN when one
 * is not running, is failing (a segment in error, or a failure in the last
 * {@link ProcessorFailures#QUIET}: Axon claims the segment again and retries), or is
 * stalled (events wait for it and its position has not moved for {@code tracevault.health.stall-after});
 * the reason says which and why. Shows each one's lag. (The log documents are projected by every
 * write itself: a failing projection fails its write, and there is no lag. An event a processor
 * cannot handle is parked: see the {@code deadLetters} indicator.) An instance without the
 * {@code processors} role runs none, and is UP whatever the processors elsewhere do.
 */
@Component("processors")
class ProcessorsHealth extends AbstractHealthIndicator {

    private record Seen(long position, long sinceNanos) {
    }

    private final ProcessorLag lag;
    private final Roles roles;
    private final ProcessorFailures failures;
    private final Duration stallAfter;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    ProcessorsHealth(ProcessorLag lag, Roles roles, ProcessorFailures failures,
                     @Value("${tracevault.health.stall-after:PT2M}") Duration stallAfter) {
        this.lag = lag;
        this.roles = roles;
        this.failures = failures;
        this.stallAfter = stallAfter;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!roles.has(Role.PROCESSORS)) {
            builder.up().withDetail("roles", roles.toString()).withDetail("processors", "not run by this instance");
            return;
        }
        var statuses = lag.statuses();
        List<String> reasons = new ArrayList<>();
        statuses.forEach((name, s) -> {
            var recent = failures.recent(name);
            if (!s.running()) {
                reasons.add(name + ": not running");
            } else if (s.error() || recent.isPresent()) {
                reasons.add(name + ": failing (" + (s.failure() != null ? s.failure() : recent.orElseThrow())
                        + "); Axon retries it");
            } else if (stalled(s)) {
                reasons.add(name + ": stalled at global index " + s.position() + " for over " + stallAfter
                        + " with " + s.lagEvents() + " events waiting");
            }
        });
        builder.status(reasons.isEmpty() ? "UP" : "DOWN");
        if (!reasons.isEmpty()) {
            builder.withDetail("reason", String.join("; ", reasons));
        }
        statuses.forEach((name, s) -> builder.withDetail(name, s));
    }

    /** Events wait, and the position is the same as at a check at least {@code stallAfter} ago. */
    private boolean stalled(ProcessorLag.Status status) {
        long now = System.nanoTime();
        if (status.lagEvents() <= 0 || status.segments() == 0) {
            seen.remove(status.name());
            return false;
        }
        Seen last = seen.compute(status.name(), (name, before) -> before != null && before.position() == status.position()
                ? before : new Seen(status.position(), now));
        if (last.sinceNanos() == now) {
            return false; // first seen at this position: it may be moving
        }
        return now - last.sinceNanos() >= stallAfter.toNanos();
    }
}
