package dev.tracevault.command.file;

import dev.tracevault.command.ServerTime;
import dev.tracevault.command.directory.Directories;
import dev.tracevault.command.fileregistry.FilePath;
import dev.tracevault.command.fileregistry.FilePaths;
import dev.tracevault.command.fileregistry.FileVersions;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import dev.tracevault.queries.CountVersionLogs;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * A file's life after its creation (spec §3.12): it is moved or renamed, its versions are renamed,
 * described or deleted, and it is deleted. Each is a command to the File (so its history, {@code as_of},
 * export and replay carry it) with the path and version registries kept in step, in one write
 * transaction.
 */
@Component
public class FileLife {

    /** What a move asks for: a whole {@code path}, or a {@code name} and/or a {@code directoryId}. */
    public record Move(String path, String name, String directoryId, boolean directoryGiven) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final WriteTransaction writes;
    private final FilePaths paths;
    private final FileVersions versions;
    private final Directories directories;

    FileLife(CommandGateway commands, QueryGateway queries, WriteTransaction writes, FilePaths paths,
             FileVersions versions, Directories directories) {
        this.commands = commands;
        this.queries = queries;
        this.writes = writes;
        this.paths = paths;
        this.versions = versions;
        this.directories = directories;
    }

    /** Deletes the file: its path is free for a new file, its logs stay readable and erasable. */
    public void delete(String kind, String fileId) {
        writes.run(List.of(fileId), () -> {
            file(kind, fileId);
            commands.sendAndWait(new DeleteFile(fileId, kind, ServerTime.now()));
            paths.release(fileId);
            return null;
        });
    }

    /** Moves the file: a taken path is a 409, an invalid one a 422. */
    public void move(String kind, String fileId, Move move) {
        var file = file(kind, fileId);
        String target = target(file.path(), move);
        writes.run(List.of(fileId, "path:" + target), () -> {
            var now = ServerTime.now();
            var current = file(kind, fileId);
            if (current.path().equals(target)) {
                return null;
            }
            var holder = paths.find(target);
            if (holder.isPresent()) {
                throw new Conflict("path '" + target + "' is already used by " + File.label(holder.get().kind())
                        + " '" + holder.get().fileId() + "'");
            }
            paths.move(fileId, target);
            directories.ensure(Directories.parentOf(target), now);
            commands.sendAndWait(new MoveFile(fileId, kind, target, now));
            return null;
        });
    }

    private String target(String current, Move move) {
        if (move.path() != null && (move.name() != null || move.directoryGiven())) {
            throw InvalidInput.of(List.of("body", "path"), "give either path, or name and/or directory_id",
                    "value_error.move");
        }
        String target;
        if (move.path() != null) {
            target = move.path();
        } else {
            String name = move.name() != null ? move.name() : FilePath.name(current);
            if (move.name() != null && (name.contains("/") || name.isBlank())) {
                throw InvalidInput.of(List.of("body", "name"), "name must be non-empty and contain no '/'",
                        "value_error.name");
            }
            String directory = !move.directoryGiven() ? Directories.parentOf(current)
                    : move.directoryId() == null ? null
                    : directories.pathOf(move.directoryId(), List.of("body", "directory_id"));
            target = directory == null ? name : directory + "/" + name;
        }
        var problem = FilePath.problem(target, List.of("body", move.path() != null ? "path" : "name"));
        if (problem.isPresent()) {
            throw new InvalidInput(List.of(problem.get()));
        }
        return target;
    }

    /** Renames or describes a version: a version name used by another version of the file is a 409. */
    public void updateVersion(String kind, String fileId, String versionId, boolean nameGiven, String name,
                              boolean descriptionGiven, String description) {
        writes.run(List.of(fileId), () -> {
            file(kind, fileId);
            commands.sendAndWait(new UpdateFileVersion(fileId, kind, versionId, nameGiven, name, descriptionGiven,
                    description, ServerTime.now()));
            return null;
        });
    }

    /** Deletes a version that nothing uses (a 409 naming what uses it otherwise). */
    public void deleteVersion(String kind, String fileId, String versionId) {
        writes.run(List.of(fileId), () -> {
            file(kind, fileId);
            if (!versions.belongsTo(versionId, fileId)) {
                throw new NotFound("version '" + versionId + "' of " + File.label(kind) + " '" + fileId
                        + "' not found");
            }
            versionInUse(versionId).ifPresent(reason -> {
                throw new Conflict("version '" + versionId + "' cannot be deleted: " + reason);
            });
            commands.sendAndWait(new DeleteFileVersion(fileId, kind, versionId, ServerTime.now()));
            versions.remove(versionId);
            return null;
        });
    }

    /**
     * Why the version cannot be deleted, or empty if nothing the File itself knows of uses it: its
     * logs (erased ones included, whose tombstones still name it). Its deployments, which the File
     * does know, are refused by the File's {@code DeleteFileVersion} handler.
     */
    Optional<String> versionInUse(String versionId) {
        long logs = logsOf(versionId);
        if (logs > 0) {
            return Optional.of("it has " + logs + (logs == 1 ? " log" : " logs"));
        }
        return Optional.empty();
    }

    private long logsOf(String versionId) {
        try {
            return queries.query(new CountVersionLogs(versionId), Long.class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting a version's logs", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not count the logs of version '" + versionId + "'", e);
        }
    }

    private FilePaths.Entry file(String kind, String fileId) {
        return paths.findById(fileId).filter(f -> f.kind().equals(kind))
                .orElseThrow(() -> new NotFound(File.label(kind) + " '" + fileId + "' not found"));
    }
}
