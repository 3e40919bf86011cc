package dev.tracevault.server.operations;

import dev.tracevault.server.roles.Roles;
import dev.tracevault.server.roles.RolesEnvironment.Role;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the asynchronous event processors (analytics, the evaluation saga): every one
 * running and none in error. Shows each one's lag. (The log documents are projected by every write
 * itself: a failing projection fails its write, and there is no lag.) An instance without
 * the {@code processors} role runs none, and is UP whatever the processors elsewhere do.
 */
@Component("processors")
class ProcessorsHealth extends AbstractHealthIndicator {

    private final ProcessorLag lag;
    private final Roles roles;

    ProcessorsHealth(ProcessorLag lag, Roles roles) {
        this.lag = lag;
        this.roles = roles;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!roles.has(Role.PROCESSORS)) {
            builder.up().withDetail("roles", roles.toString()).withDetail("processors", "not run by this instance");
            return;
        }
        var statuses = lag.statuses();
        boolean healthy = statuses.values().stream().allMatch(s -> s.running() && !s.error());
        builder.status(healthy ? "UP" : "DOWN");
        statuses.forEach((name, s) -> builder.withDetail(name, s));
    }
}
