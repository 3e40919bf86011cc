package dev.tracevault.command.directory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.tracevault.command.fileregistry.FilePath;
import dev.tracevault.events.directory.DirectoryCreated;
import dev.tracevault.events.directory.DirectoryDeleted;
import dev.tracevault.events.directory.DirectoryMoved;
import dev.tracevault.problems.NotFound;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A directory: a folder that file paths are in. Its path is unique ({@link DirectoryPaths}); whether
 * it is empty is known from the registries of paths, so {@link Directories} checks that before
 * moving or deleting it. A deleted directory is not found by any command.
 */
@Aggregate
class Directory {

    @AggregateIdentifier
    private String directoryId;
    private String path;
    private String parentId;
    private boolean deleted;

    Directory() {
        // for Axon
    }

    @CommandHandler
    Directory(CreateDirectory command) {
        apply(new DirectoryCreated(command.directoryId(), command.path(), FilePath.name(command.path()),
                command.parentId(), command.now()));
    }

    @CommandHandler
    void handle(MoveDirectory command) {
        if (deleted) {
            throw new NotFound("Directory '" + directoryId + "' not found");
        }
        if (!command.path().equals(path) || !Objects.equals(command.parentId(), parentId)) {
            apply(new DirectoryMoved(directoryId, path, command.path(), FilePath.name(command.path()),
                    command.parentId(), command.now()));
        }
    }

    @CommandHandler
    void handle(DeleteDirectory command) {
        if (deleted) {
            throw new NotFound("Directory '" + directoryId + "' not found");
        }
        apply(new DirectoryDeleted(directoryId, path, command.now()));
    }

    @EventSourcingHandler
    void on(DirectoryCreated event) {
        directoryId = event.directoryId();
        path = event.path();
        parentId = event.parentId();
    }

    @EventSourcingHandler
    void on(DirectoryMoved event) {
        path = event.path();
        parentId = event.parentId();
    }

    @EventSourcingHandler
    void on(DirectoryDeleted event) {
        deleted = true;
    }
}
