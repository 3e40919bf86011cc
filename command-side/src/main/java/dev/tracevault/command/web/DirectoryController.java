package dev.tracevault.command.web;

import dev.tracevault.command.ServerTime;
import dev.tracevault.command.directory.Directories;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.command.write.Answers;
import dev.tracevault.command.write.LogWrites;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.problems.InvalidInput;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writes of directories ({@code directories.create/update/delete} of the SDK): {@code POST
 * /v5/directories} and {@code PATCH /v5/directories/{id}} take {@code path}, or {@code name} and/or
 * {@code parent_id}, and answer the directory; {@code DELETE /v5/directories/{id}} deletes an empty
 * one (204). Moving or deleting a directory with anything in it is a 409.
 */
@RestController
class DirectoryController {

    private final Directories directories;
    private final WriteTransaction writes;
    private final LogWrites logWrites;
    private final Answers answers;
    private final JsonMapper mapper;

    DirectoryController(Directories directories, WriteTransaction writes, LogWrites logWrites, Answers answers,
                        JsonMapper mapper) {
        this.directories = directories;
        this.writes = writes;
        this.logWrites = logWrites;
        this.answers = answers;
        this.mapper = mapper;
    }

    /** What a body names: a path, or a name inside a parent (null: at the top). */
    private record Place(String path, String name, String parentId, boolean parentGiven) {
    }

    private Place place(JsonBody body) {
        var place = new Place(body.string("path"), body.string("name"), body.string("parent_id"),
                body.isPresent("parent_id"));
        body.check();
        if (place.path() != null && (place.name() != null || place.parentGiven())) {
            throw InvalidInput.of(List.of("body", "path"), "give either path, or name and/or parent_id",
                    "value_error.directory");
        }
        if (place.name() != null && (place.name().isBlank() || place.name().contains("/"))) {
            throw InvalidInput.of(List.of("body", "name"), "name must be non-empty and contain no '/'",
                    "value_error.name");
        }
        return place;
    }

    private String pathOf(Place place, String currentPath) {
        String path;
        if (place.path() != null) {
            path = place.path();
        } else {
            String name = place.name() != null ? place.name() : currentPath == null ? null
                    : currentPath.substring(currentPath.lastIndexOf('/') + 1);
            if (name == null) {
                throw InvalidInput.of(List.of("body", "name"), "path or name is required", "value_error.missing");
            }
            String parent = !place.parentGiven() ? (currentPath == null ? null : Directories.parentOf(currentPath))
                    : place.parentId() == null ? null
                    : directories.pathOf(place.parentId(), List.of("body", "parent_id"));
            path = parent == null ? name : parent + "/" + name;
        }
        Directories.checkPath(path, List.of("body", place.path() != null ? "path" : "name"));
        return path;
    }

    @PostMapping("/v5/directories")
    ResponseEntity<byte[]> create(@RequestBody(required = false) byte[] bytes) {
        var place = place(JsonBody.parse(bytes, mapper));
        String path = pathOf(place, null);
        String id = writes.run(List.of("directory:" + path), () -> directories.create(path, ServerTime.now()));
        return logWrites.jsonText(answers.directory(id));
    }

    @PatchMapping("/v5/directories/{id}")
    ResponseEntity<byte[]> update(@PathVariable("id") String id, @RequestBody(required = false) byte[] bytes) {
        var place = place(JsonBody.parse(bytes, mapper));
        String current = directories.currentPath(id);
        String path = pathOf(place, current);
        writes.run(List.of(id, "directory:" + path), () -> {
            directories.move(id, path, ServerTime.now());
            return null;
        });
        return logWrites.jsonText(answers.directory(id));
    }

    @DeleteMapping("/v5/directories/{id}")
    ResponseEntity<Void> delete(@PathVariable("id") String id) {
        writes.run(List.of(id), () -> {
            directories.delete(id, ServerTime.now());
            return null;
        });
        return ResponseEntity.noContent().build();
    }
}
