package dev.tracevault.command.flow;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tracevault.events.flow.FlowCreated;
import dev.tracevault.events.flow.FlowVersionCreated;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A Flow file: a path and its versions, one per distinct kernel ({@code attributes}). */
@Aggregate
class Flow {

    @AggregateIdentifier
    private String flowId;
    private String path;
    private final Map<String, String> versionByKernel = new HashMap<>();
    private final Set<String> versions = new HashSet<>();
    private String latestVersionId;

    Flow() {
        // for Axon
    }

    @CommandHandler
    Flow(CreateFlow command) {
        apply(new FlowCreated(command.flowId(), command.path(), FilePath.name(command.path()), command.now()));
        apply(new FlowVersionCreated(command.flowId(), command.versionId(), command.attributes(),
                command.kernelDigest(), command.now()));
    }

    @CommandHandler
    String handle(ResolveFlowVersion command) {
        if (flowId == null) {
            // the id names a stream that is not a Flow (for example a log)
            throw new NotFound("Flow '" + command.flowId() + "' not found");
        }
        if (command.expectedPath() != null && !command.expectedPath().equals(path)) {
            throw InvalidInput.of(List.of("body", "path"),
                    "path '" + command.expectedPath() + "' does not match the path of Flow '" + flowId + "'",
                    "value_error.path_mismatch");
        }
        if (command.versionId() != null) {
            if (!versions.contains(command.versionId())) {
                throw new NotFound("version '" + command.versionId() + "' of Flow '" + flowId + "' not found");
            }
            return command.versionId();
        }
        if (command.attributes() != null) {
            String existing = versionByKernel.get(command.kernelDigest());
            if (existing != null) {
                return existing;
            }
            apply(new FlowVersionCreated(flowId, command.newVersionId(), command.attributes(),
                    command.kernelDigest(), command.now()));
            return command.newVersionId();
        }
        // No deployments exist yet: the environment's version and the default are the latest one.
        return latestVersionId;
    }

    @EventSourcingHandler
    void on(FlowCreated event) {
        flowId = event.flowId();
        path = event.path();
    }

    @EventSourcingHandler
    void on(FlowVersionCreated event) {
        versionByKernel.put(event.kernelDigest(), event.versionId());
        versions.add(event.versionId());
        latestVersionId = event.versionId();
    }
}
