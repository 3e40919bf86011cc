package dev.tracevault.query.files;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.events.file.MonitoringEvaluatorActivated;
import dev.tracevault.events.file.MonitoringEvaluatorDeactivated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.problems.NotFound;
import dev.tracevault.queries.FindFile;
import dev.tracevault.queries.FindFileByPath;
import dev.tracevault.queries.FindFileVersions;
import dev.tracevault.queries.FindFiles;
import dev.tracevault.queries.FindFlow;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files view: Flows, Prompts, Tools and Evaluators, their versions, how much each is used and
 * the evaluators that monitor them. Like the log documents (the same {@code logs} processor), it
 * is projected in the transaction of the write that causes its events.
 */
@Component
@ProcessingGroup("logs")
class FileProjection {

    private final FileDocuments files;
    private final FileRenderer renderer;
    private final FileObjectCache cache;
    private final JsonMapper mapper;

    FileProjection(FileDocuments files, FileRenderer renderer, FileObjectCache cache, JsonMapper mapper) {
        this.files = files;
        this.renderer = renderer;
        this.cache = cache;
        this.mapper = mapper;
    }

    @EventHandler
    void on(FileCreated event, @SequenceNumber long sequence) {
        cache.changing(event.fileId());
        files.insertFile(event.fileId(), event.kind(), event.path(), event.name(), event.createdAt(), sequence);
    }

    @EventHandler
    void on(FileVersionCreated event, @SequenceNumber long sequence) {
        cache.changing(event.fileId());
        files.insertVersion(event.fileId(), event.versionId(), mapper.writeValueAsString(event.kernel()),
                event.createdAt(), new FileDocuments.Described(event.versionName(), event.versionDescription(),
                        event.description(), event.tags() == null ? null : mapper.writeValueAsString(event.tags()),
                        event.readme()));
        files.advance(event.fileId(), sequence);
    }

    @EventHandler
    void on(MonitoringEvaluatorActivated event, @SequenceNumber long sequence) {
        cache.changing(event.fileId());
        files.monitor(event.fileId(), event.evaluatorId(), event.target().evaluatorVersionId(),
                event.target().environment(), "active", event.at());
        files.advance(event.fileId(), sequence);
    }

    @EventHandler
    void on(MonitoringEvaluatorDeactivated event, @SequenceNumber long sequence) {
        cache.changing(event.fileId());
        files.monitor(event.fileId(), event.evaluatorId(), event.target().evaluatorVersionId(),
                event.target().environment(), "inactive", event.at());
        files.advance(event.fileId(), sequence);
    }

    @EventHandler
    void on(EvaluatorLogCreated event) {
        UsageBatch.count(files, cache, event.evaluatorId(), event.versionId(), event.loggedAt());
    }

    @EventHandler
    void on(FlowLogCreated event) {
        UsageBatch.count(files, cache, event.flowId(), event.versionId(), event.loggedAt());
    }

    @EventHandler
    void on(PromptLogCreated event) {
        UsageBatch.count(files, cache, event.promptId(), event.versionId(), event.loggedAt());
    }

    @EventHandler
    void on(ToolLogCreated event) {
        UsageBatch.count(files, cache, event.toolId(), event.versionId(), event.loggedAt());
    }

    @ResetHandler
    void reset() {
        files.deleteAll();
        cache.clear();
    }

    @QueryHandler
    ApiDocument handle(FindFlow query) {
        return new ApiDocument(renderer.renderFile(query.flowId(), "flow", query.versionId(), query.environment()));
    }

    /** A file; asked inside a write, as that write's transaction left it. */
    @QueryHandler
    ApiDocument handle(FindFile query) {
        return new ApiDocument(renderer.renderFile(query.fileId(), query.kind(), query.versionId(),
                query.environment()));
    }

    @QueryHandler
    ApiDocument handle(FindFiles query) {
        var page = files.page(query.kind(), query.page(), query.size(), query.name(), query.sortBy(),
                query.ascending());
        var json = new StringBuilder("{\"records\":[");
        for (int i = 0; i < page.fileIds().size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(renderer.renderFile(page.fileIds().get(i), query.kind(), null));
        }
        json.append("],\"page\":").append(query.page()).append(",\"size\":").append(query.size())
                .append(",\"total\":").append(page.total()).append('}');
        return new ApiDocument(json.toString());
    }

    /** Every version of a file, newest first (spec §3.12: {@code GET /v5/flows/{id}/versions}). */
    @QueryHandler
    ApiDocument handle(FindFileVersions query) {
        var versions = files.versions(query.fileId());
        if (versions.isEmpty() || !versions.getFirst().kind().equals(query.kind())) {
            throw new NotFound(FileRenderer.label(query.kind()) + " '" + query.fileId() + "' not found");
        }
        var json = new StringBuilder("{\"records\":[");
        for (int i = 0; i < versions.size(); i++) {
            json.append(i > 0 ? "," : "").append(renderer.render(versions.get(i)));
        }
        return new ApiDocument(json.append("]}").toString());
    }

    /** The file at {@code path}, whatever its kind (spec §3.17), at the version its {@code environment} means. */
    @QueryHandler
    ApiDocument handle(FindFileByPath query) {
        var file = files.byPath(query.path())
                .orElseThrow(() -> new NotFound("no file at path '" + query.path() + "'"));
        return new ApiDocument(renderer.renderFile(file[0], file[1], null, query.environment()));
    }
}
