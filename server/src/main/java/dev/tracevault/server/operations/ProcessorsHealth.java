package dev.tracevault.server.operations;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the event processors: every one running and none in error (a failing projection
 * would leave writes waiting for their read-your-writes). Shows each one's lag.
 */
@Component("processors")
class ProcessorsHealth extends AbstractHealthIndicator {

    private final ProcessorLag lag;

    ProcessorsHealth(ProcessorLag lag) {
        this.lag = lag;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        var statuses = lag.statuses();
        boolean healthy = statuses.values().stream().allMatch(s -> s.running() && !s.error());
        builder.status(healthy ? "UP" : "DOWN");
        statuses.forEach((name, s) -> builder.withDetail(name, s));
    }
}
