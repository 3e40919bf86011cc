package dev.tracevault.command.file;

import dev.tracevault.command.Ids;
import dev.tracevault.command.files.FilePaths;
import dev.tracevault.command.files.Kernels;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Finds the file and version a log request targets (spec §4.10), creating the file when the path
 * is new (§4.11). Runs inside the request's write transaction.
 */
@Component
public class Files {

    /** The id prefixes of files and their versions, per kind. */
    private static final Map<String, String[]> PREFIXES = Map.of(
            "flow", new String[] {"fl", "flv"},
            "prompt", new String[] {"pr", "prv"},
            "tool", new String[] {"tl", "tv"},
            "evaluator", new String[] {"ev", "evv"});

    private final CommandGateway commands;
    private final FilePaths paths;

    Files(CommandGateway commands, FilePaths paths) {
        this.commands = commands;
        this.paths = paths;
    }

    /**
     * What a request says about its file: by id or path, its kernel (or null), the version query,
     * and the kernel a new file gets when the request names none (null: a new file of this kind
     * needs a kernel, and {@code kernelRequired} says so).
     */
    public record Target(String kind, String id, String path, Map<String, Object> kernel, String versionId,
                         String environment, Map<String, Object> defaultKernel, InvalidInput kernelRequired) {
    }

    public record FileVersion(String fileId, String versionId) {
    }

    public FileVersion resolve(Target target, Instant now) {
        String id = target.id();
        String expectedPath = target.path();
        if (id == null) {
            if (target.path() == null) {
                throw InvalidInput.of(List.of("body", "path"),
                        "path or id is required to identify the " + File.label(target.kind()), "value_error.missing");
            }
            var entry = paths.find(target.path());
            if (entry.isEmpty()) {
                return create(target, now);
            }
            if (!entry.get().kind().equals(target.kind())) {
                throw InvalidInput.of(List.of("body", "path"),
                        "path '" + target.path() + "' holds a " + entry.get().kind() + ", not a " + target.kind(),
                        "value_error.path_kind");
            }
            id = entry.get().fileId();
            expectedPath = null;
        }
        String digest = target.kernel() == null ? null : Kernels.digest(target.kernel());
        try {
            String version = commands.sendAndWait(new ResolveFileVersion(id, target.kind(), expectedPath,
                    target.versionId(), target.environment(), target.kernel(), digest,
                    Ids.newId(PREFIXES.get(target.kind())[1]), now));
            return new FileVersion(id, version);
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw new NotFound(File.label(target.kind()) + " '" + id + "' not found");
        }
    }

    private FileVersion create(Target target, Instant now) {
        if (target.versionId() != null) {
            throw new NotFound("version '" + target.versionId() + "' not found: no " + target.kind() + " exists at '"
                    + target.path() + "'");
        }
        Map<String, Object> kernel = target.kernel() != null ? target.kernel() : target.defaultKernel();
        if (kernel == null) {
            throw target.kernelRequired();
        }
        String[] prefixes = PREFIXES.get(target.kind());
        String fileId = Ids.newId(prefixes[0]);
        String versionId = Ids.newId(prefixes[1]);
        paths.claim(target.path(), fileId, target.kind());
        commands.sendAndWait(new CreateFile(fileId, target.kind(), target.path(), kernel, Kernels.digest(kernel),
                versionId, now));
        return new FileVersion(fileId, versionId);
    }
}
