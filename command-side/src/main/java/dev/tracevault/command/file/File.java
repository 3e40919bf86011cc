package dev.tracevault.command.file;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tracevault.command.files.FilePath;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A file (Flow, Prompt, Tool or Evaluator): a path and its versions, one per distinct kernel.
 * All kinds version the same way, so one aggregate serves them; {@code kind} tells them apart.
 */
@Aggregate(cache = "fileCache")
class File {

    @AggregateIdentifier
    private String fileId;
    private String kind;
    private String path;
    private final Map<String, String> versionByKernel = new HashMap<>();
    private final Set<String> versions = new HashSet<>();
    private String latestVersionId;

    File() {
        // for Axon
    }

    @CommandHandler
    File(CreateFile command) {
        apply(new FileCreated(command.fileId(), command.kind(), command.path(), FilePath.name(command.path()),
                command.now()));
        apply(new FileVersionCreated(command.fileId(), command.versionId(), command.kernel(), command.kernelDigest(),
                command.now()));
    }

    @CommandHandler
    String handle(ResolveFileVersion command) {
        if (fileId == null || !kind.equals(command.kind())) {
            throw new NotFound(label(command.kind()) + " '" + command.fileId() + "' not found");
        }
        if (command.expectedPath() != null && !command.expectedPath().equals(path)) {
            throw InvalidInput.of(List.of("body", "path"),
                    "path '" + command.expectedPath() + "' does not match the path of " + label(kind) + " '" + fileId + "'",
                    "value_error.path_mismatch");
        }
        if (command.versionId() != null) {
            if (!versions.contains(command.versionId())) {
                throw new NotFound("version '" + command.versionId() + "' of " + label(kind) + " '" + fileId
                        + "' not found");
            }
            return command.versionId();
        }
        if (command.kernel() != null) {
            String existing = versionByKernel.get(command.kernelDigest());
            if (existing != null) {
                return existing;
            }
            apply(new FileVersionCreated(fileId, command.newVersionId(), command.kernel(), command.kernelDigest(),
                    command.now()));
            return command.newVersionId();
        }
        // No deployments exist yet: the environment's version and the default are the latest one.
        return latestVersionId;
    }

    static String label(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }

    @EventSourcingHandler
    void on(FileCreated event) {
        fileId = event.fileId();
        kind = event.kind();
        path = event.path();
    }

    @EventSourcingHandler
    void on(FileVersionCreated event) {
        versionByKernel.put(event.kernelDigest(), event.versionId());
        versions.add(event.versionId());
        latestVersionId = event.versionId();
    }
}
