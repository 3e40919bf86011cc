package dev.tracevault.command.file;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tracevault.command.files.FilePath;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.problems.NotFound;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A file (Flow, Prompt, Tool or Evaluator): a path and its versions, one per distinct kernel.
 * The path's uniqueness is kept by {@link dev.tracevault.command.files.FilePaths}.
 * All kinds version the same way, so one aggregate serves them; {@code kind} tells them apart.
 */
@Aggregate(cache = "fileCache")
class File {

    @AggregateIdentifier
    private String fileId;
    private String kind;
    private final Map<String, String> versionByKernel = new HashMap<>();

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
    String handle(AddFileVersion command) {
        if (fileId == null || !kind.equals(command.kind())) {
            throw new NotFound(label(command.kind()) + " '" + command.fileId() + "' not found");
        }
        String existing = versionByKernel.get(command.kernelDigest());
        if (existing != null) {
            return existing;
        }
        apply(new FileVersionCreated(fileId, command.newVersionId(), command.kernel(), command.kernelDigest(),
                command.now()));
        return command.newVersionId();
    }

    static String label(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }

    @EventSourcingHandler
    void on(FileCreated event) {
        fileId = event.fileId();
        kind = event.kind();
    }

    @EventSourcingHandler
    void on(FileVersionCreated event) {
        versionByKernel.put(event.kernelDigest(), event.versionId());
    }
}
