package dev.tracevault.command.file;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

import dev.tracevault.command.fileregistry.FilePath;
import dev.tracevault.events.file.DeploymentRemoved;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileVersionCreated;
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
        if (fileId == null || !kind.equals(command.kind())) {
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
        if (fileId == null || !kind.equals(command.kind())) {
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
    }

    @EventSourcingHandler
    void on(FileVersionCreated event) {
        versionByKernel.put(event.kernelDigest(), event.versionId());
        if (event.versionName() != null) {
            versionByName.put(event.versionName(), event.versionId());
        }
    }

    @EventSourcingHandler
    void on(MonitoringEvaluatorActivated event) {
        monitors.add(ref(event.evaluatorId(), event.target()));
    }

    @EventSourcingHandler
    void on(MonitoringEvaluatorDeactivated event) {
        monitors.remove(ref(event.evaluatorId(), event.target()));
    }

    // --- deployments ---

    @CommandHandler
    boolean handle(DeployVersion command) {
        if (fileId == null || !kind.equals(command.kind())) {
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
        if (fileId == null || !kind.equals(command.kind())) {
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
