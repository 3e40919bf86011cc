package dev.tracevault.query.files;

import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
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
 * The files view: Flows, Prompts and Tools, their versions and how much each is used. It shares
 * the {@code logs} processor with the log documents, so a log and the file object it embeds are
 * always projected in the same transaction.
 */
@Component
@ProcessingGroup("logs")
class FileProjection {

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
    void on(FileCreated event) {
        files.insertFile(event.fileId(), event.kind(), event.path(), event.name(), event.createdAt());
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(FileVersionCreated event) {
        files.insertVersion(event.fileId(), event.versionId(), mapper.writeValueAsString(event.kernel()),
                event.createdAt());
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(FlowLogCreated event) {
        files.countLog(event.flowId(), event.versionId(), event.loggedAt());
    }

    @EventHandler
    void on(PromptLogCreated event) {
        files.countLog(event.promptId(), event.versionId(), event.loggedAt());
    }

    @EventHandler
    void on(ToolLogCreated event) {
        files.countLog(event.toolId(), event.versionId(), event.loggedAt());
    }

    @ResetHandler
    void reset() {
        files.deleteAll();
    }

    @QueryHandler
    ApiDocument handle(FindFlow query) {
        return new ApiDocument(renderer.renderFile(query.flowId(), "flow", query.versionId()));
    }
}
