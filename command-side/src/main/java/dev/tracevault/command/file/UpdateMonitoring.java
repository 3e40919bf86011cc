package dev.tracevault.command.file;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Activate and deactivate monitoring evaluators of a file (spec §3.14). Answers
 * {@link MonitoringChanged}. The evaluators named are known to exist.
 */
public record UpdateMonitoring(
        @TargetAggregateIdentifier String fileId,
        String kind,
        List<MonitorRef> activate,
        List<MonitorRef> deactivate,
        Instant now) {
}
