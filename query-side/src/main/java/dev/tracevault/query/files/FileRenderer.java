package dev.tracevault.query.files;

import dev.tracevault.problems.NotFound;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders file versions as the API's file objects (spec §2.5), with every field the SDK's strict
 * parser requires and {@code type} always set.
 */
@Component
public class FileRenderer {

    private final FileDocuments files;
    private final JsonMapper mapper;

    FileRenderer(FileDocuments files, JsonMapper mapper) {
        this.files = files;
        this.mapper = mapper;
    }

    /** The version as a file object, or empty if the read model does not have it. */
    public Optional<String> render(String versionId) {
        return files.version(versionId).map(this::render);
    }

    /** The file at {@code versionId}, or at its latest version. */
    public String renderFile(String fileId, String versionId) {
        var version = versionId != null ? files.version(versionId).filter(v -> v.fileId().equals(fileId))
                : files.latestVersion(fileId);
        if (versionId != null && version.isEmpty() && files.latestVersion(fileId).isPresent()) {
            throw new NotFound("version '" + versionId + "' of file '" + fileId + "' not found");
        }
        return version.map(this::render).orElseThrow(() -> new NotFound("file '" + fileId + "' not found"));
    }

    String render(FileDocuments.Version v) {
        ObjectNode node = mapper.createObjectNode();
        node.put("path", v.path());
        node.put("id", v.fileId());
        node.putNull("directory_id");
        if (v.kind().equals("flow")) {
            node.set("attributes", mapper.readTree(v.kernel()));
        }
        node.putNull("version_name");
        node.putNull("version_description");
        node.put("name", v.name());
        node.putNull("description");
        node.putNull("readme");
        node.putArray("tags");
        node.put("version_id", v.versionId());
        node.put("type", v.kind());
        node.putArray("environments");
        node.put("created_at", v.createdAt().toString());
        node.put("updated_at", v.createdAt().toString());
        node.putNull("created_by");
        node.put("last_used_at", v.lastUsedAt().toString());
        node.put("version_logs_count", v.logsCount());
        node.putArray("evaluators");
        return mapper.writeValueAsString(node);
    }
}
