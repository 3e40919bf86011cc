package dev.tracevault.command.transfer;

import dev.tracevault.command.directory.DirectoryPaths;
import dev.tracevault.command.environment.EnvironmentRegistry;
import dev.tracevault.command.file.MonitorRef;
import dev.tracevault.command.fileregistry.FileDeployments;
import dev.tracevault.command.fileregistry.FilePaths;
import dev.tracevault.command.fileregistry.FileVersions;
import dev.tracevault.command.log.LogRegistry;
import dev.tracevault.command.monitoring.Monitors;
import dev.tracevault.events.environment.EnvironmentCreated;
import dev.tracevault.events.environment.EnvironmentRemoved;
import dev.tracevault.events.environment.EnvironmentRenamed;
import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.directory.DirectoryCreated;
import dev.tracevault.events.directory.DirectoryDeleted;
import dev.tracevault.events.directory.DirectoryMoved;
import dev.tracevault.events.file.DeploymentRemoved;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileDeleted;
import dev.tracevault.events.file.FileMoved;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.events.file.FileVersionDeleted;
import dev.tracevault.events.file.MonitoringEvaluatorActivated;
import dev.tracevault.events.file.MonitoringEvaluatorDeactivated;
import dev.tracevault.events.file.VersionDeployed;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the command side's own tables (log ids, file and directory paths, file versions, monitors,
 * deployments, environments) from
 * events, as the command handlers would have written them: used when events are imported into a
 * new store, which then accepts writes exactly as the store they came from.
 */
@Component
public class Registries {

    private final LogRegistry logs;
    private final FilePaths paths;
    private final FileVersions versions;
    private final Monitors monitors;
    private final FileDeployments deployments;
    private final EnvironmentRegistry environments;
    private final DirectoryPaths directories;
    private final Map<String, String> kinds = new HashMap<>();

    Registries(LogRegistry logs, FilePaths paths, FileVersions versions, Monitors monitors,
               FileDeployments deployments, EnvironmentRegistry environments, DirectoryPaths directories) {
        this.deployments = deployments;
        this.environments = environments;
        this.directories = directories;
        this.logs = logs;
        this.paths = paths;
        this.versions = versions;
        this.monitors = monitors;
    }

    /** Back to an empty store's tables where they do not start empty: the environments (an import's clean-up). */
    public void reset() {
        environments.reset();
    }

    public void apply(Object event) {
        switch (event) {
            case FlowLogCreated e -> logs.register(e.logId(), "flow", e.trace(), e.fields().traceParentId(), null);
            case PromptLogCreated e -> logs.register(e.logId(), "prompt", e.trace(), e.fields().traceParentId(), null);
            case ToolLogCreated e -> logs.register(e.logId(), "tool", e.trace(), e.fields().traceParentId(), null);
            case EvaluatorLogCreated e -> logs.register(e.logId(), "evaluator", e.trace(),
                    e.fields() == null ? null : e.fields().traceParentId(), e.parentId());
            case FileCreated e -> {
                kinds.put(e.fileId(), e.kind());
                paths.claim(e.path(), e.fileId(), e.kind());
            }
            case FileVersionCreated e -> versions.record(e.fileId(), e.versionId(), e.kernelDigest(), e.createdAt(),
                    "evaluator".equals(kindOf(e.fileId())) ? e.kernel() : null);
            case MonitoringEvaluatorActivated e -> monitors.activated(e.fileId(), new MonitorRef(e.evaluatorId(),
                    e.target().evaluatorVersionId(), e.target().environment()), e.at());
            case MonitoringEvaluatorDeactivated e -> monitors.deactivated(e.fileId(), new MonitorRef(e.evaluatorId(),
                    e.target().evaluatorVersionId(), e.target().environment()));
            // a file's life and directories
            case FileMoved e -> paths.move(e.fileId(), e.path());
            case FileDeleted e -> paths.release(e.fileId());
            case FileVersionDeleted e -> versions.remove(e.versionId());
            case DirectoryCreated e -> directories.claim(e.path(), e.directoryId());
            case DirectoryMoved e -> directories.move(e.directoryId(), e.path());
            case DirectoryDeleted e -> directories.release(e.directoryId());
            case VersionDeployed e -> deployments.deployed(e.fileId(), e.environmentId(), e.versionId());
            case DeploymentRemoved e -> deployments.removed(e.fileId(), e.environmentId());
            case EnvironmentCreated e -> environments.created(e.environmentId(), e.name(), e.tag());
            case EnvironmentRenamed e -> environments.renamed(e.environmentId(), e.name());
            case EnvironmentRemoved e -> environments.removed(e.environmentId());
            default -> {
                // no registry follows it
            }
        }
    }

    private String kindOf(String fileId) {
        return kinds.computeIfAbsent(fileId, id -> paths.findById(id).map(FilePaths.Entry::kind).orElse(null));
    }
}
