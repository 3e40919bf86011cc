package dev.tracevault.query.files;

import dev.tracevault.events.environment.EnvironmentCreated;
import dev.tracevault.events.environment.EnvironmentRemoved;
import dev.tracevault.events.environment.EnvironmentRenamed;
import dev.tracevault.events.environment.WorkspaceEnvironments;
import dev.tracevault.events.file.DeploymentRemoved;
import dev.tracevault.events.file.VersionDeployed;
import dev.tracevault.problems.NotFound;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindEnvironment;
import dev.tracevault.queries.FindEnvironments;
import dev.tracevault.queries.FindFileEnvironments;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The environments and deployments view: projected, like the files, in the transaction of the
 * write that causes its events ({@code logs} processor), so a deployment's answer and every later
 * file response show it. A change of an environment changes every file object that lists it, so
 * it touches the workspace, which every rendered file object names among its sources.
 */
@Component
@ProcessingGroup("logs")
class DeploymentProjection {

    private final DeploymentDocuments deployments;
    private final FileDocuments files;
    private final FileRenderer renderer;
    private final FileObjectCache cache;
    private final JsonMapper mapper;

    DeploymentProjection(DeploymentDocuments deployments, FileDocuments files, FileRenderer renderer,
                         FileObjectCache cache, JsonMapper mapper) {
        this.deployments = deployments;
        this.files = files;
        this.renderer = renderer;
        this.cache = cache;
        this.mapper = mapper;
    }

    @EventHandler
    void on(EnvironmentCreated event) {
        cache.changing(WorkspaceEnvironments.WORKSPACE_ID);
        deployments.created(event.environmentId(), event.name(), event.tag(), event.at());
    }

    @EventHandler
    void on(EnvironmentRenamed event) {
        cache.changing(WorkspaceEnvironments.WORKSPACE_ID);
        deployments.renamed(event.environmentId(), event.name());
    }

    @EventHandler
    void on(EnvironmentRemoved event) {
        cache.changing(WorkspaceEnvironments.WORKSPACE_ID);
        deployments.removed(event.environmentId());
    }

    @EventHandler
    void on(VersionDeployed event, @SequenceNumber long sequence) {
        cache.changing(event.fileId());
        deployments.deployed(event.fileId(), event.environmentId(), event.versionId(), event.at());
        files.advance(event.fileId(), sequence);
    }

    @EventHandler
    void on(DeploymentRemoved event, @SequenceNumber long sequence) {
        cache.changing(event.fileId());
        deployments.undeployed(event.fileId(), event.environmentId());
        files.advance(event.fileId(), sequence);
    }

    @ResetHandler
    void reset() {
        deployments.reset();
        cache.clear();
    }

    @QueryHandler
    ApiDocument handle(FindEnvironments query) {
        var records = mapper.createObjectNode();
        var list = records.putArray("records");
        deployments.environments().forEach(e -> list.add(renderer.environment(e)));
        return new ApiDocument(mapper.writeValueAsString(records));
    }

    @QueryHandler
    ApiDocument handle(FindEnvironment query) {
        var environment = deployments.environment(query.environmentId())
                .orElseThrow(() -> new NotFound("environment '" + query.environmentId() + "' not found"));
        return new ApiDocument(mapper.writeValueAsString(renderer.environment(environment)));
    }

    /** {@code listEnvironments}: every environment, with the file at the version deployed there or null. */
    @QueryHandler
    ApiDocument handle(FindFileEnvironments query) {
        if (files.latestVersion(query.fileId()).filter(v -> v.kind().equals(query.kind())).isEmpty()) {
            throw new NotFound(FileRenderer.label(query.kind()) + " '" + query.fileId() + "' not found");
        }
        var deployed = deployments.deployments(query.fileId());
        var list = mapper.createArrayNode();
        for (var environment : deployments.environments()) {
            var node = renderer.environment(environment);
            String versionId = deployed.get(environment.id());
            if (versionId == null) {
                node.putNull("file");
            } else {
                node.set("file", mapper.readTree(renderer.renderFile(query.fileId(), query.kind(), versionId)));
            }
            list.add(node);
        }
        return new ApiDocument(mapper.writeValueAsString(list));
    }
}
