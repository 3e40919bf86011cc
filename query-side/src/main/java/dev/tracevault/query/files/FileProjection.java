package dev.tracevault.query.files;

import dev.tracevault.events.flow.FlowCreated;
import dev.tracevault.events.flow.FlowVersionCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindFlow;
import dev.tracevault.query.progress.ProjectionProgress;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files view: Flows (later Prompts, Tools, Evaluators), their versions and how much each
 * version is used. It shares the {@code logs} processor with the log documents, so a log and the
 * file object it embeds are always projected in the same transaction.
 */
@Component
@ProcessingGroup(FileProjection.PROCESSING_GROUP)
class FileProjection {

    static final String PROCESSING_GROUP = "logs";

    private final FileDocuments files;
    private final FileRenderer renderer;
    private final ProjectionProgress progress;
    private final JsonMapper mapper;

    FileProjection(FileDocuments files, FileRenderer renderer, ProjectionProgress progress, JsonMapper mapper) {
        this.files = files;
        this.renderer = renderer;
        this.progress = progress;
        this.mapper = mapper;
    }

    @EventHandler
    void on(FlowCreated event) {
        files.insertFile(event.flowId(), "flow", event.path(), event.name(), event.createdAt());
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(FlowVersionCreated event) {
        files.insertVersion(event.flowId(), event.versionId(), mapper.writeValueAsString(event.attributes()),
                event.createdAt());
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(FlowLogCreated event) {
        files.countLog(event.versionId(), event.loggedAt());
    }

    @ResetHandler
    void reset() {
        files.deleteAll();
    }

    @QueryHandler
    ApiDocument handle(FindFlow query) {
        return new ApiDocument(renderer.renderFile(query.flowId(), query.versionId()));
    }
}
