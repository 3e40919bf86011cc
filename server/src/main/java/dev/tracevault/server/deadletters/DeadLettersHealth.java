package dev.tracevault.server.deadletters;

import dev.tracevault.server.roles.Roles;
import dev.tracevault.server.roles.RolesEnvironment.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code OUT_OF_SERVICE} while any event is parked: the server answers, but a view is missing
 * what those events say (a trace's stats, an evaluation) until an operator retries or evicts them.
 * Part of readiness ({@code management.endpoint.health.group.readiness}); with a key the details
 * say which processor, how many events of how many traces, and why the first one failed. An
 * instance without the {@code processors} role runs no processor and stays UP (its writes and
 * reads are whole), showing the same details, unless the log documents have dead letters (a
 * rebuild's): those hold back the reads and writes of their traces everywhere.
 */
@Component("deadLetters")
class DeadLettersHealth extends AbstractHealthIndicator {

    private final DeadLetterQueue queue;
    private final Roles roles;

    DeadLettersHealth(DeadLetterQueue queue, Roles roles) {
        this.queue = queue;
        this.roles = roles;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        var counts = queue.counts();
        if (counts.isEmpty()) {
            builder.up();
            return;
        }
        // the log documents' letters (a rebuild's) hold back reads and writes of their traces on every instance
        if (roles.has(Role.PROCESSORS) || counts.stream().anyMatch(c -> c.processor().equals(ParkedLogWrites.PROCESSOR))) {
            builder.outOfService();
        } else {
            builder.up().withDetail("roles", roles.toString());
        }
        StringBuilder reason = new StringBuilder();
        for (var count : counts) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("dead_letters", count.letters());
            detail.put("traces", count.sequences());
            var first = queue.oldestFailure(count.processor());
            first.ifPresent(letter -> {
                detail.put("first", letter.id());
                detail.put("cause", letter.causeType() + ": " + letter.causeMessage());
            });
            builder.withDetail(count.processor(), detail);
            reason.append(reason.isEmpty() ? "" : "; ").append(count.processor()).append(": ")
                    .append(count.letters()).append(count.letters() == 1 ? " event" : " events").append(" of ")
                    .append(count.sequences()).append(count.sequences() == 1 ? " trace" : " traces")
                    .append(" parked");
            first.ifPresent(letter -> reason.append(" (").append(letter.causeType()
                    .substring(letter.causeType().lastIndexOf('.') + 1)).append(")"));
        }
        builder.withDetail("reason", reason + "; GET /v5/admin/dead-letters lists them");
    }
}
