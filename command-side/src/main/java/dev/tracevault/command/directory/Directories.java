package dev.tracevault.command.directory;

import dev.tracevault.command.Ids;
import dev.tracevault.command.fileregistry.FilePath;
import dev.tracevault.command.fileregistry.FilePaths;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Directories follow paths: the file {@code a/b/File} is in the directory {@code a/b}, inside
 * {@code a}. Putting a file at a path creates the directories it needs (spec §4.11); they can also
 * be created, moved and deleted on their own, as long as nothing is in them. Runs inside the
 * request's write transaction.
 */
@Component
public class Directories {

    private final CommandGateway commands;
    private final DirectoryPaths directories;
    private final FilePaths files;

    Directories(CommandGateway commands, DirectoryPaths directories, FilePaths files) {
        this.commands = commands;
        this.directories = directories;
        this.files = files;
    }

    /** The directory a path is in ({@code a/b} for {@code a/b/c}), or null at the top. */
    public static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }

    /** The id of the directory at {@code path}, created with its parents if missing; null for the top (null path). */
    public String ensure(String path, Instant now) {
        if (path == null) {
            return null;
        }
        var existing = directories.find(path);
        if (existing.isPresent()) {
            return existing.get().directoryId();
        }
        String parentId = ensure(parentOf(path), now);
        String id = Ids.newId("dir");
        directories.claim(path, id);
        commands.sendAndWait(new CreateDirectory(id, path, parentId, now));
        return id;
    }

    /** The path of the directory {@code id}; a 422 at {@code loc} if there is none. */
    public String pathOf(String id, List<Object> loc) {
        return directories.findById(id).map(DirectoryPaths.Entry::path).orElseThrow(() -> InvalidInput.of(loc,
                "Directory '" + id + "' not found", "value_error.not_found"));
    }

    /** The path of the directory {@code id}; a 404 if there is none. */
    public String currentPath(String id) {
        return directories.findById(id).map(DirectoryPaths.Entry::path).orElseThrow(() -> notFound(id));
    }

    /** Creates the directory at {@code path}; a 409 if one is there. Answers its id. */
    public String create(String path, Instant now) {
        if (directories.find(path).isPresent()) {
            throw new Conflict("a directory already exists at path '" + path + "'");
        }
        return ensure(path, now);
    }

    /** Moves the directory {@code id} to {@code path}: only an empty one (a 409 otherwise), to a free path. */
    public void move(String id, String path, Instant now) {
        var directory = directories.findById(id).orElseThrow(() -> notFound(id));
        if (directory.path().equals(path)) {
            return;
        }
        if (path.startsWith(directory.path() + "/")) {
            throw InvalidInput.of(List.of("body", "path"), "a directory cannot be moved into itself",
                    "value_error.path");
        }
        if (directories.find(path).isPresent()) {
            throw new Conflict("a directory already exists at path '" + path + "'");
        }
        requireEmpty(directory, "moved");
        String parentId = ensure(parentOf(path), now);
        directories.move(id, path);
        commands.sendAndWait(new MoveDirectory(id, path, parentId, now));
    }

    /** Deletes the directory {@code id}: only an empty one (a 409 otherwise). */
    public void delete(String id, Instant now) {
        var directory = directories.findById(id).orElseThrow(() -> notFound(id));
        requireEmpty(directory, "deleted");
        commands.sendAndWait(new DeleteDirectory(id, now));
        directories.release(id);
    }

    private void requireEmpty(DirectoryPaths.Entry directory, String what) {
        if (files.anyUnder(directory.path()) || directories.anyUnder(directory.path())) {
            throw new Conflict("Directory '" + directory.directoryId() + "' (" + directory.path()
                    + ") is not empty: only an empty directory can be " + what);
        }
    }

    private static NotFound notFound(String id) {
        return new NotFound("Directory '" + id + "' not found");
    }

    /** Checks a directory path as file paths are checked. */
    public static void checkPath(String path, List<Object> loc) {
        FilePath.problem(path, loc).ifPresent(problem -> {
            throw new InvalidInput(List.of(problem));
        });
    }
}
