package dev.tracevault.command.deployment;

import dev.tracevault.command.ServerTime;
import dev.tracevault.command.environment.EnvironmentChanges;
import dev.tracevault.command.environment.EnvironmentRegistry;
import dev.tracevault.command.file.DeployVersion;
import dev.tracevault.command.file.RemoveDeployment;
import dev.tracevault.command.fileregistry.FileDeployments;
import dev.tracevault.command.fileregistry.FilePaths;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.problems.NotFound;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * {@code setDeployment} and {@code removeDeployment}: checks that the file and the environment
 * exist, has the File aggregate decide, and keeps {@link FileDeployments} in step, in one write
 * transaction that holds the file's lock and the environment's (so the environment cannot be
 * removed meanwhile).
 */
@Component
public class Deployments {

    private final CommandGateway commands;
    private final WriteTransaction writes;
    private final FilePaths paths;
    private final EnvironmentRegistry environments;
    private final FileDeployments deployments;

    Deployments(CommandGateway commands, WriteTransaction writes, FilePaths paths, EnvironmentRegistry environments,
                FileDeployments deployments) {
        this.commands = commands;
        this.writes = writes;
        this.paths = paths;
        this.environments = environments;
        this.deployments = deployments;
    }

    /** Deploys {@code versionId} of the file to the environment; answers {@code answer}'s result in the transaction. */
    public <A> A deploy(String kind, String fileId, String environmentId, String versionId, Supplier<A> answer) {
        var now = ServerTime.now();
        String id = environmentId(environmentId);
        return writes.run(List.of(fileId, EnvironmentChanges.lock(id)), () -> {
            check(kind, fileId, id, environmentId);
            boolean changed = commands.sendAndWait(new DeployVersion(fileId, kind, id, versionId, now));
            if (changed) {
                deployments.deployed(fileId, id, versionId);
            }
            return changed;
        }, changed -> answer.get());
    }

    public void remove(String kind, String fileId, String environmentId) {
        var now = ServerTime.now();
        String id = environmentId(environmentId);
        writes.run(List.of(fileId, EnvironmentChanges.lock(id)), () -> {
            check(kind, fileId, id, environmentId);
            commands.sendAndWait(new RemoveDeployment(fileId, kind, id, now));
            deployments.removed(fileId, id);
            return null;
        });
    }

    /** An environment is named by its id, or (as the SDK's own examples do) by its name. */
    private String environmentId(String idOrName) {
        return environments.exists(idOrName) ? idOrName : environments.named(idOrName).orElse(idOrName);
    }

    private void check(String kind, String fileId, String environmentId, String asGiven) {
        if (paths.findById(fileId).filter(f -> f.kind().equals(kind)).isEmpty()) {
            throw new NotFound(label(kind) + " '" + fileId + "' not found");
        }
        if (!environments.exists(environmentId)) {
            throw new NotFound("environment '" + asGiven + "' not found");
        }
    }

    static String label(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
