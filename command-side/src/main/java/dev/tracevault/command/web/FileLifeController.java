package dev.tracevault.command.web;

import dev.tracevault.command.file.FileLife;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.command.write.Answers;
import dev.tracevault.command.write.LogWrites;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A file's life (spec §3.12): {@code DELETE /v5/{flows|prompts|tools|evaluators}/{id}} (204),
 * {@code PATCH …/{id}} moving or renaming it ({@code path}, or {@code name} and/or {@code directory_id}),
 * {@code PATCH …/{id}/versions/{version_id}} renaming or describing a version, and
 * {@code DELETE …/{id}/versions/{version_id}} (204) deleting an unused version.
 */
@RestController
class FileLifeController {

    private static final Map<String, String> KINDS = Map.of("flows", "flow", "prompts", "prompt", "tools", "tool",
            "evaluators", "evaluator");
    /** The longest version name the read model holds. */
    private static final int MAX_NAME = 512;

    private final FileLife life;
    private final LogWrites writes;
    private final Answers answers;
    private final JsonMapper mapper;

    FileLifeController(FileLife life, LogWrites writes, Answers answers, JsonMapper mapper) {
        this.life = life;
        this.writes = writes;
        this.answers = answers;
        this.mapper = mapper;
    }

    @DeleteMapping("/v5/{files:flows|prompts|tools|evaluators}/{id}")
    ResponseEntity<Void> delete(@PathVariable("files") String files, @PathVariable("id") String id) {
        life.delete(KINDS.get(files), id);
        return ResponseEntity.noContent().build();
    }

    @PatchMapping("/v5/{files:flows|prompts|tools|evaluators}/{id}")
    ResponseEntity<byte[]> move(@PathVariable("files") String files, @PathVariable("id") String id,
                                @RequestBody(required = false) byte[] bytes) {
        String kind = KINDS.get(files);
        JsonBody body = JsonBody.parse(bytes, mapper);
        String path = body.string("path");
        String name = body.string("name");
        String directoryId = body.string("directory_id");
        body.check();
        life.move(kind, id, new FileLife.Move(path, name, directoryId, body.isPresent("directory_id")));
        return writes.jsonText(answers.file(id, kind, null));
    }

    @PatchMapping("/v5/{files:flows|prompts|tools|evaluators}/{id}/versions/{version_id}")
    ResponseEntity<byte[]> updateVersion(@PathVariable("files") String files, @PathVariable("id") String id,
                                         @PathVariable("version_id") String versionId,
                                         @RequestBody(required = false) byte[] bytes) {
        String kind = KINDS.get(files);
        JsonBody body = JsonBody.parse(bytes, mapper);
        String name = body.string("name");
        String description = body.string("description");
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            body.reject("name", "name must be non-empty and at most " + MAX_NAME + " characters",
                    "value_error.version_name");
        }
        body.check();
        life.updateVersion(kind, id, versionId, body.isPresent("name"), name, body.isPresent("description"),
                description);
        return writes.jsonText(answers.file(id, kind, versionId));
    }

    @DeleteMapping("/v5/{files:flows|prompts|tools|evaluators}/{id}/versions/{version_id}")
    ResponseEntity<Void> deleteVersion(@PathVariable("files") String files, @PathVariable("id") String id,
                                       @PathVariable("version_id") String versionId) {
        life.deleteVersion(KINDS.get(files), id, versionId);
        return ResponseEntity.noContent().build();
    }
}
