package dev.tracevault.command.environment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tracevault.events.environment.EnvironmentCreated;
import dev.tracevault.events.environment.EnvironmentRemoved;
import dev.tracevault.events.environment.EnvironmentRenamed;
import dev.tracevault.events.environment.WorkspaceEnvironments;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.NotFound;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The workspace's environments, by id, with their names (unique). It starts with the default
 * environment ({@link WorkspaceEnvironments}), which no event creates: so the aggregate itself is
 * created by its first change, whatever that is.
 */
@Aggregate
class Workspace {

    @AggregateIdentifier
    private String workspaceId;
    private final Map<String, String> names = new LinkedHashMap<>();

    Workspace() {
        names.put(WorkspaceEnvironments.DEFAULT_ID, WorkspaceEnvironments.DEFAULT_NAME);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CreateEnvironment command) {
        nameFree(command.name(), null);
        apply(new EnvironmentCreated(command.workspaceId(), command.environmentId(), command.name(),
                WorkspaceEnvironments.OTHER_TAG, command.now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RenameEnvironment command) {
        String current = known(command.environmentId());
        // renaming to the same name records nothing, except as the workspace's first change (an
        // aggregate is stored only with an event)
        if (current.equals(command.name()) && workspaceId != null) {
            return;
        }
        nameFree(command.name(), command.environmentId());
        apply(new EnvironmentRenamed(command.workspaceId(), command.environmentId(), command.name(), command.now()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RemoveEnvironment command) {
        known(command.environmentId());
        if (command.environmentId().equals(WorkspaceEnvironments.DEFAULT_ID)) {
            throw new Conflict("environment '" + command.environmentId() + "' is the default environment: it cannot"
                    + " be removed");
        }
        apply(new EnvironmentRemoved(command.workspaceId(), command.environmentId(), command.now()));
    }

    private String known(String environmentId) {
        String name = names.get(environmentId);
        if (name == null) {
            throw new NotFound("environment '" + environmentId + "' not found");
        }
        return name;
    }

    private void nameFree(String name, String except) {
        names.forEach((id, held) -> {
            if (held.equals(name) && !id.equals(except)) {
                throw new Conflict("environment name '" + name + "' is already used by environment '" + id + "'");
            }
        });
    }

    @EventSourcingHandler
    void on(EnvironmentCreated event) {
        workspaceId = event.workspaceId();
        names.put(event.environmentId(), event.name());
    }

    @EventSourcingHandler
    void on(EnvironmentRenamed event) {
        workspaceId = event.workspaceId();
        names.put(event.environmentId(), event.name());
    }

    @EventSourcingHandler
    void on(EnvironmentRemoved event) {
        workspaceId = event.workspaceId();
        names.remove(event.environmentId());
    }
}
