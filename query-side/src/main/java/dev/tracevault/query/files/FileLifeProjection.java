package dev.tracevault.query.files;

import dev.tracevault.events.directory.DirectoryCreated;
import dev.tracevault.events.directory.DirectoryDeleted;
import dev.tracevault.events.directory.DirectoryMoved;
import dev.tracevault.events.file.FileDeleted;
import dev.tracevault.events.file.FileMoved;
import dev.tracevault.events.file.FileVersionDeleted;
import dev.tracevault.events.file.FileVersionUpdated;
import dev.tracevault.problems.NotFound;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.CountVersionLogs;
import dev.tracevault.queries.FindAllFiles;
import dev.tracevault.queries.FindDirectories;
import dev.tracevault.queries.FindDirectory;
import dev.tracevault.queries.FindFileAsOf;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A file's life in the files view (projected with it, in the write's transaction): moves, deletions
 * (a deleted file keeps its row, so its logs still embed it, with {@code deleted_at}), version
 * updates and deletions; and the directories (spec §4.11) with their answers, the listing of files
 * of every kind ({@code GET /v5/files}), and a file as it was ({@code ?as_of=}).
 */
@Component
@ProcessingGroup("logs")
class FileLifeProjection {

    private final FileLifeDocuments life;
    private final FileDocuments files;
    private final FileRenderer renderer;
    private final FileObjectCache cache;
    private final FilesAsOf asOf;
    private final JsonMapper mapper;
    private final DeploymentDocuments deployments;

    FileLifeProjection(FileLifeDocuments life, FileDocuments files, FileRenderer renderer, FileObjectCache cache,
                       FilesAsOf asOf, JsonMapper mapper, DeploymentDocuments deployments) {
        this.deployments = deployments;
        this.life = life;
        this.files = files;
        this.renderer = renderer;
        this.cache = cache;
        this.asOf = asOf;
        this.mapper = mapper;
    }

    @EventHandler
    void on(FileMoved event, @SequenceNumber long sequence) {
        cache.changing(event.fileId());
        life.move(event.fileId(), event.path(), event.name(), event.at());
        files.advance(event.fileId(), sequence);
    }

    @EventHandler
    void on(FileDeleted event, @SequenceNumber long sequence) {
        cache.changing(event.fileId());
        life.delete(event.fileId(), event.at());
        files.advance(event.fileId(), sequence);
    }

    @EventHandler
    void on(FileVersionUpdated event, @SequenceNumber long sequence) {
        cache.changing(event.fileId());
        life.updateVersion(event.versionId(), event.versionName(), event.versionDescription());
        files.advance(event.fileId(), sequence);
    }

    @EventHandler
    void on(FileVersionDeleted event, @SequenceNumber long sequence) {
        cache.changing(event.fileId());
        life.deleteVersion(event.fileId(), event.versionId());
        files.advance(event.fileId(), sequence);
    }

    @EventHandler
    void on(DirectoryCreated event) {
        life.insertDirectory(event.directoryId(), event.path(), event.name(), event.parentId(), event.at());
    }

    @EventHandler
    void on(DirectoryMoved event) {
        life.moveDirectory(event.directoryId(), event.path(), event.name(), event.parentId(), event.at());
    }

    @EventHandler
    void on(DirectoryDeleted event) {
        life.deleteDirectory(event.directoryId());
    }

    @ResetHandler
    void reset() {
        life.deleteDirectories();
    }

    @QueryHandler
    Long handle(CountVersionLogs query) {
        return life.versionLogs(query.versionId());
    }

    @QueryHandler
    ApiDocument handle(FindFileAsOf query) {
        return new ApiDocument(asOf.file(query.fileId(), query.kind(), query.versionId(), query.environment(),
                query.asOf()));
    }

    @QueryHandler
    ApiDocument handle(FindAllFiles query) {
        String environmentId = query.environment() == null ? null
                : deployments.environmentNamed(query.environment()).map(DeploymentReads.Environment::id).orElseThrow(
                        () -> new NotFound("environment '" + query.environment() + "' not found"));
        var page = life.page(query.kinds(), query.page(), query.size(), query.name(), query.sortBy(),
                query.ascending(), environmentId);
        var json = new StringBuilder("{\"records\":[");
        for (int i = 0; i < page.files().size(); i++) {
            String[] file = page.files().get(i);
            json.append(i > 0 ? "," : "").append(renderer.renderFile(file[0], file[1], null, query.environment()));
        }
        json.append("],\"page\":").append(query.page()).append(",\"size\":").append(query.size())
                .append(",\"total\":").append(page.total()).append('}');
        return new ApiDocument(json.toString());
    }

    @QueryHandler
    ApiDocument handle(FindDirectories query) {
        ArrayNode list = mapper.createArrayNode();
        life.directories().forEach(d -> list.add(node(d)));
        return new ApiDocument(mapper.writeValueAsString(list));
    }

    /** A directory ({@code DirectoryResponse}), or with its contents ({@code DirectoryWithParentsAndChildrenResponse}). */
    @QueryHandler
    ApiDocument handle(FindDirectory query) {
        var directory = life.directory(query.directoryId())
                .orElseThrow(() -> new NotFound("Directory '" + query.directoryId() + "' not found"));
        ObjectNode node = node(directory);
        if (query.withContents()) {
            var subdirectories = node.putArray("subdirectories");
            life.subdirectories(directory.id()).forEach(d -> subdirectories.add(node(d)));
            var fileList = node.putArray("files");
            for (String[] file : life.filesIn(directory.path())) {
                fileList.add(mapper.readTree(renderer.renderFile(file[0], file[1], null)));
            }
            List<ObjectNode> parents = new ArrayList<>();
            String parentId = directory.parentId();
            while (parentId != null) {
                var parent = life.directory(parentId);
                if (parent.isEmpty()) {
                    break;
                }
                parents.addFirst(node(parent.get()));
                parentId = parent.get().parentId();
            }
            node.putArray("parents").addAll(parents);
        }
        return new ApiDocument(mapper.writeValueAsString(node));
    }

    private ObjectNode node(FileLifeDocuments.Directory d) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", d.id());
        node.put("parent_id", d.parentId());
        node.put("name", d.name());
        node.putNull("description");
        node.put("path", d.path());
        node.putNull("readme");
        node.putArray("tags");
        node.put("created_at", d.createdAt().toString());
        node.put("updated_at", d.updatedAt().toString());
        return node;
    }
}
