package dev.tracevault.command.environment;

import dev.tracevault.command.Ids;
import dev.tracevault.command.ServerTime;
import dev.tracevault.command.fileregistry.FileDeployments;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.events.environment.WorkspaceEnvironments;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Creating, renaming and removing environments: the {@code Workspace} aggregate decides, and the
 * {@link EnvironmentRegistry} follows in the same write transaction. An environment that holds a
 * deployment of any file cannot be removed (the deployments are taken off it first); the check
 * and a deployment to the same environment take the same lock, {@link #lock}.
 */
@Component
public class EnvironmentChanges {

    /** The most characters an environment's name may have. */
    public static final int MAX_NAME = 128;

    private final CommandGateway commands;
    private final WriteTransaction writes;
    private final EnvironmentRegistry registry;
    private final FileDeployments deployments;

    EnvironmentChanges(CommandGateway commands, WriteTransaction writes, EnvironmentRegistry registry,
                       FileDeployments deployments) {
        this.commands = commands;
        this.writes = writes;
        this.registry = registry;
        this.deployments = deployments;
    }

    /** The lock a change of environment {@code environmentId} and a deployment to it share. */
    public static String lock(String environmentId) {
        return "environment:" + environmentId;
    }

    /** Checks a name as the API takes it: a non-blank string of at most {@link #MAX_NAME} characters. */
    public static void checkName(String name, List<Object> loc) {
        if (name == null) {
            throw InvalidInput.of(loc, "field required", "value_error.missing");
        }
        if (name.isBlank() || name.length() > MAX_NAME || !name.strip().equals(name)) {
            throw InvalidInput.of(loc, "name must be a non-blank string of at most " + MAX_NAME
                    + " characters, without leading or trailing spaces", "value_error.environment_name");
        }
    }

    /** Creates an environment; answers its id. */
    public String create(String name, java.util.function.Function<String, String> answer) {
        String environmentId = Ids.newId("env");
        var now = ServerTime.now();
        return writes.run(List.of(WorkspaceEnvironments.WORKSPACE_ID), () -> {
            commands.sendAndWait(new CreateEnvironment(WorkspaceEnvironments.WORKSPACE_ID, environmentId, name, now));
            registry.created(environmentId, name, WorkspaceEnvironments.OTHER_TAG);
            return environmentId;
        }, answer);
    }

    public String rename(String environmentId, String name, java.util.function.Function<String, String> answer) {
        var now = ServerTime.now();
        return writes.run(List.of(WorkspaceEnvironments.WORKSPACE_ID), () -> {
            commands.sendAndWait(new RenameEnvironment(WorkspaceEnvironments.WORKSPACE_ID, environmentId, name, now));
            registry.renamed(environmentId, name);
            return environmentId;
        }, answer);
    }

    public void remove(String environmentId) {
        var now = ServerTime.now();
        writes.run(List.of(WorkspaceEnvironments.WORKSPACE_ID, lock(environmentId)), () -> {
            if (!registry.exists(environmentId)) {
                throw new NotFound("environment '" + environmentId + "' not found");
            }
            long held = deployments.countIn(environmentId);
            if (held > 0 && !environmentId.equals(WorkspaceEnvironments.DEFAULT_ID)) {
                throw new Conflict("environment '" + environmentId + "' holds the deployments of " + held
                        + " file(s): remove them first");
            }
            commands.sendAndWait(new RemoveEnvironment(WorkspaceEnvironments.WORKSPACE_ID, environmentId, now));
            registry.removed(environmentId);
            return null;
        });
    }
}
