package dev.tracevault.command.file;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

import dev.tracevault.command.fileregistry.FilePath;
import dev.tracevault.events.file.DeploymentRemoved;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileDeleted;
import dev.tracevault.events.file.FileMoved;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.events.file.FileVersionDeleted;
import dev.tracevault.events.file.FileVersionUpdated;
import dev.tracevault.events.file.MonitorTarget;
import dev.tracevault.events.file.MonitoringEvaluatorActivated;
import dev.tracevault.events.file.MonitoringEvaluatorDeactivated;
import dev.tracevault.events.file.VersionDeployed;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A file (Flow, Prompt, Tool or Evaluator): a path and its versions, one per distinct kernel.
 * The path's uniqueness is kept by {@link dev.tracevault.command.fileregistry.FilePaths}.
 * All kinds version the same way, so one aggregate serves them; {@code kind} tells them apart.
 * Version names are unique within a file. A file also keeps the set of evaluators that monitor it: activating an active one, or
 * deactivating an inactive one, records nothing.
 */
@Aggregate(cache = "fileCache")
class File {

    @AggregateIdentifier
    private String fileId;
    private String kind;
    private final Map<String, String> versionByKernel = new HashMap<>();
    private final Map<String, String> versionByName = new HashMap<>();
    private final Set<MonitorRef> monitors = new LinkedHashSet<>();
    // a file's life: where it is, whether it is deleted, each version's description
    private String path;
    private boolean deleted;
    private final Map<String, String> descriptionByVersion = new HashMap<>();
    /** The version deployed to each environment, by environment id. */
    private final Map<String, String> deployments = new HashMap<>();

    File() {
        // for Axon
    }

    @CommandHandler
    File(CreateFile command) {
        apply(new FileCreated(command.fileId(), command.kind(), command.path(), FilePath.name(command.path()),
                command.now()));
        apply(created(command.fileId(), command.versionId(), command.kernel(), command.kernelDigest(),
                command.details(), command.now()));
    }

    @CommandHandler
    String handle(AddFileVersion command) {
        if (!exists(command.kind())) {
            throw new NotFound(label(command.kind()) + " '" + command.fileId() + "' not found");
        }
        String existing = versionByKernel.get(command.kernelDigest());
        String name = command.details().name();
        if (name != null && versionByName.containsKey(name) && !versionByName.get(name).equals(existing)) {
            throw new Conflict("version_name '" + name + "' is already used by version '" + versionByName.get(name)
                    + "' of " + label(kind) + " '" + fileId + "'");
        }
        if (existing != null) {
            return existing;
        }
        apply(created(fileId, command.newVersionId(), command.kernel(), command.kernelDigest(), command.details(),
                command.now()));
        return command.newVersionId();
    }

    private static FileVersionCreated created(String fileId, String versionId, Map<String, Object> kernel,
                                              String digest, VersionDetails details, Instant now) {
        return new FileVersionCreated(fileId, versionId, kernel, digest, now, details.name(), details.description(),
                details.fileDescription(), details.tags(), details.readme());
    }

    @CommandHandler
    MonitoringChanged handle(UpdateMonitoring command) {
        if (!exists(command.kind())) {
            throw new NotFound(label(command.kind()) + " '" + command.fileId() + "' not found");
        }
        List<MonitorRef> deactivated = new ArrayList<>();
        for (MonitorRef ref : command.deactivate()) {
            if (monitors.contains(ref)) {
                apply(new MonitoringEvaluatorDeactivated(fileId, ref.evaluatorId(), target(ref), command.now()));
                deactivated.add(ref);
            }
        }
        List<MonitorRef> activated = new ArrayList<>();
        for (MonitorRef ref : command.activate()) {
            if (!monitors.contains(ref)) {
                apply(new MonitoringEvaluatorActivated(fileId, ref.evaluatorId(), target(ref), command.now()));
                activated.add(ref);
            }
        }
        return new MonitoringChanged(activated, deactivated, getVersion() == null ? -1 : getVersion());
    }

    private static MonitorTarget target(MonitorRef ref) {
        return new MonitorTarget(ref.evaluatorVersionId(), ref.environment());
    }

    private static MonitorRef ref(String evaluatorId, MonitorTarget target) {
        return new MonitorRef(evaluatorId, target.evaluatorVersionId(), target.environment());
    }

    static String label(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }

    @EventSourcingHandler
    void on(FileCreated event) {
        fileId = event.fileId();
        kind = event.kind();
        path = event.path();
    }

    @EventSourcingHandler
    void on(FileVersionCreated event) {
        versionByKernel.put(event.kernelDigest(), event.versionId());
        if (event.versionName() != null) {
            versionByName.put(event.versionName(), event.versionId());
        }
        descriptionByVersion.put(event.versionId(), event.versionDescription());
    }

    @EventSourcingHandler
    void on(MonitoringEvaluatorActivated event) {
        monitors.add(ref(event.evaluatorId(), event.target()));
    }

    @EventSourcingHandler
    void on(MonitoringEvaluatorDeactivated event) {
        monitors.remove(ref(event.evaluatorId(), event.target()));
    }

    // --- a file's life ---
    // Move, delete, and a version's update and deletion. A deleted file is not found by any command.

    /** Whether this is a live file of {@code expectedKind}. */
    private boolean exists(String expectedKind) {
        return fileId != null && !deleted && kind.equals(expectedKind);
    }

    private NotFound notFound(String expectedKind, String id) {
        return new NotFound(label(expectedKind) + " '" + id + "' not found");
    }

    @CommandHandler
    void handle(MoveFile command) {
        if (!exists(command.kind())) {
            throw notFound(command.kind(), command.fileId());
        }
        if (!command.path().equals(path)) {
            apply(new FileMoved(fileId, path, command.path(), FilePath.name(command.path()), command.now()));
        }
    }

    @CommandHandler
    void handle(DeleteFile command) {
        if (!exists(command.kind())) {
            throw notFound(command.kind(), command.fileId());
        }
        apply(new FileDeleted(fileId, path, command.now()));
    }

    @CommandHandler
    void handle(UpdateFileVersion command) {
        String versionId = command.versionId();
        if (!exists(command.kind())) {
            throw notFound(command.kind(), command.fileId());
        }
        if (!descriptionByVersion.containsKey(versionId)) {
            throw new NotFound("version '" + versionId + "' of " + label(kind) + " '" + fileId + "' not found");
        }
        String name = command.nameGiven() ? command.name() : nameOf(versionId);
        String description = command.descriptionGiven() ? command.description()
                : descriptionByVersion.get(versionId);
        if (name != null && versionByName.containsKey(name) && !versionByName.get(name).equals(versionId)) {
            throw new Conflict("version_name '" + name + "' is already used by version '" + versionByName.get(name)
                    + "' of " + label(kind) + " '" + fileId + "'");
        }
        if (!Objects.equals(name, nameOf(versionId))
                || !Objects.equals(description, descriptionByVersion.get(versionId))) {
            apply(new FileVersionUpdated(fileId, versionId, name, description, command.now()));
        }
    }

    @CommandHandler
    void handle(DeleteFileVersion command) {
        String versionId = command.versionId();
        if (!exists(command.kind())) {
            throw notFound(command.kind(), command.fileId());
        }
        if (!descriptionByVersion.containsKey(versionId)) {
            throw new NotFound("version '" + versionId + "' of " + label(kind) + " '" + fileId + "' not found");
        }
        if (descriptionByVersion.size() == 1) {
            throw new Conflict("version '" + versionId + "' is the only version of " + label(kind) + " '" + fileId
                    + "': delete the " + label(kind) + " instead");
        }
        deployments.entrySet().stream().filter(e -> e.getValue().equals(versionId)).findFirst().ifPresent(e -> {
            throw new Conflict("version '" + versionId + "' cannot be deleted: it is deployed to environment '"
                    + e.getKey() + "'");
        });
        apply(new FileVersionDeleted(fileId, versionId, command.now()));
    }

    private String nameOf(String versionId) {
        return versionByName.entrySet().stream().filter(e -> e.getValue().equals(versionId)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    @EventSourcingHandler
    void on(FileMoved event) {
        path = event.path();
    }

    @EventSourcingHandler
    void on(FileDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(FileVersionUpdated event) {
        versionByName.values().remove(event.versionId());
        if (event.versionName() != null) {
            versionByName.put(event.versionName(), event.versionId());
        }
        descriptionByVersion.put(event.versionId(), event.versionDescription());
    }

    @EventSourcingHandler
    void on(FileVersionDeleted event) {
        versionByKernel.values().remove(event.versionId());
        versionByName.values().remove(event.versionId());
        descriptionByVersion.remove(event.versionId());
    }
    // --- end of a file's life ---
    // --- deployments ---

    @CommandHandler
    boolean handle(DeployVersion command) {
        if (!exists(command.kind())) {
            throw new NotFound(label(command.kind()) + " '" + command.fileId() + "' not found");
        }
        if (!versionByKernel.containsValue(command.versionId())) {
            throw new NotFound("version '" + command.versionId() + "' of " + label(kind) + " '" + fileId
                    + "' not found");
        }
        if (command.versionId().equals(deployments.get(command.environmentId()))) {
            return false;
        }
        apply(new VersionDeployed(fileId, command.environmentId(), command.versionId(), command.now()));
        return true;
    }

    @CommandHandler
    void handle(RemoveDeployment command) {
        if (!exists(command.kind())) {
            throw new NotFound(label(command.kind()) + " '" + command.fileId() + "' not found");
        }
        if (!deployments.containsKey(command.environmentId())) {
            throw new NotFound("no version of " + label(kind) + " '" + fileId + "' is deployed to environment '"
                    + command.environmentId() + "'");
        }
        apply(new DeploymentRemoved(fileId, command.environmentId(), command.now()));
    }

    @EventSourcingHandler
    void on(VersionDeployed event) {
        deployments.put(event.environmentId(), event.versionId());
    }

    @EventSourcingHandler
    void on(DeploymentRemoved event) {
        deployments.remove(event.environmentId());
    }
}
