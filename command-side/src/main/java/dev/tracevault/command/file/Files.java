package dev.tracevault.command.file;

import dev.tracevault.command.Ids;
import dev.tracevault.command.directory.Directories;
import dev.tracevault.command.environment.EnvironmentRegistry;
import dev.tracevault.command.fileregistry.FileDeployments;
import dev.tracevault.command.fileregistry.FilePaths;
import dev.tracevault.command.fileregistry.FileVersions;
import dev.tracevault.command.fileregistry.Kernels;
import dev.tracevault.events.environment.VersionResolution;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Finds the file and version a log request targets (spec §4.10, by {@link VersionResolution}),
 * creating the file when the path is new (§4.11). Runs inside the request's write transaction.
 */
@Component
public class Files {

    /** The id prefixes of files and their versions, per kind. */
    static final Map<String, String[]> PREFIXES = Map.of(
            "flow", new String[] {"fl", "flv"},
            "prompt", new String[] {"pr", "prv"},
            "tool", new String[] {"tl", "tv"},
            "evaluator", new String[] {"ev", "evv"});

    private final CommandGateway commands;
    private final FilePaths paths;
    private final FileVersions versions;
    private final EnvironmentRegistry environments;
    private final FileDeployments deployments;
    private final Directories directories;

    Files(CommandGateway commands, FilePaths paths, FileVersions versions, EnvironmentRegistry environments,
          FileDeployments deployments, Directories directories) {
        this.commands = commands;
        this.paths = paths;
        this.versions = versions;
        this.environments = environments;
        this.deployments = deployments;
        this.directories = directories;
    }

    /**
     * What a request says about its file: by id or path, its kernel (or null), the version query,
     * and the kernel a new file gets when the request names none (null: a new file of this kind
     * needs a kernel, and {@code kernelRequired} says so), and what an upsert says of the version.
     */
    public record Target(String kind, String id, String path, Map<String, Object> kernel, String versionId,
                         String environment, Map<String, Object> defaultKernel, InvalidInput kernelRequired,
                         VersionDetails details) {

        public Target(String kind, String id, String path, Map<String, Object> kernel, String versionId,
                      String environment, Map<String, Object> defaultKernel, InvalidInput kernelRequired) {
            this(kind, id, path, kernel, versionId, environment, defaultKernel, kernelRequired, VersionDetails.NONE);
        }
    }

    public record FileVersion(String fileId, String versionId) {
    }

    /**
     * Whether resolving {@code target} may create a file: only then must concurrent requests for
     * the same path queue up (all other requests for that file can run side by side).
     */
    public boolean mayCreate(Target target) {
        return target.id() == null && target.path() != null && paths.find(target.path()).isEmpty();
    }

    public FileVersion resolve(Target target, Instant now) {
        FilePaths.Entry file;
        if (target.id() == null) {
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
            file = entry.get();
        } else {
            file = paths.findById(target.id()).filter(f -> f.kind().equals(target.kind()))
                    .orElseThrow(() -> new NotFound(File.label(target.kind()) + " '" + target.id() + "' not found"));
            if (target.path() != null && !target.path().equals(file.path())) {
                throw InvalidInput.of(List.of("body", "path"), "path '" + target.path()
                        + "' does not match the path of " + File.label(target.kind()) + " '" + target.id() + "'",
                        "value_error.path_mismatch");
            }
        }
        String fileId = file.fileId();
        // The common cases are lookups; only a new kernel goes to the File aggregate.
        var chosen = VersionResolution.version(target.versionId(), target.environment(), target.kernel() != null,
                File.label(target.kind()) + " '" + fileId + "'", facts(fileId));
        if (chosen.isPresent()) {
            return new FileVersion(fileId, chosen.get());
        }
        String digest = Kernels.digest(target.kernel());
        var known = versions.byKernel(fileId, digest);
        // a named version must be checked against the file's other names, which only the File knows
        if (known.isPresent() && target.details().name() == null) {
            return new FileVersion(fileId, known.get());
        }
        try {
            String version = commands.sendAndWait(new AddFileVersion(fileId, target.kind(), target.kernel(), digest,
                    Ids.newId(PREFIXES.get(target.kind())[1]), target.details(), now));
            versions.record(fileId, version, digest, now, evaluatorSpec(target.kind(), target.kernel()));
            return new FileVersion(fileId, version);
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw new NotFound(File.label(target.kind()) + " '" + fileId + "' not found");
        }
    }

    /** What the command side's registries know of the file, for {@link VersionResolution}. */
    private VersionResolution.Facts facts(String fileId) {
        return new VersionResolution.Facts() {
            @Override
            public boolean hasVersion(String versionId) {
                return versions.belongsTo(versionId, fileId);
            }

            @Override
            public Optional<String> environmentNamed(String name) {
                return environments.named(name);
            }

            @Override
            public Optional<String> deployedTo(String environmentId) {
                return deployments.deployed(fileId, environmentId);
            }

            @Override
            public Optional<String> newest() {
                return versions.latest(fileId);
            }
        };
    }

    private static Map<String, Object> evaluatorSpec(String kind, Map<String, Object> kernel) {
        return kind.equals("evaluator") ? kernel : null;
    }

    private FileVersion create(Target target, Instant now) {
        if (target.versionId() != null) {
            throw new NotFound("version '" + target.versionId() + "' not found: no " + target.kind() + " exists at '"
                    + target.path() + "'");
        }
        if (target.environment() != null) {
            // a new file has nothing deployed anywhere
            throw new NotFound(environments.named(target.environment()).isEmpty()
                    ? "environment '" + target.environment() + "' not found (asked for the version of the "
                    + File.label(target.kind()) + " at '" + target.path() + "' there)"
                    : "no version of a " + File.label(target.kind()) + " at '" + target.path()
                    + "' is deployed to environment '" + target.environment() + "': no such file exists");
        }
        Map<String, Object> kernel = target.kernel() != null ? target.kernel() : target.defaultKernel();
        if (kernel == null) {
            throw target.kernelRequired();
        }
        String[] prefixes = PREFIXES.get(target.kind());
        String fileId = Ids.newId(prefixes[0]);
        String versionId = Ids.newId(prefixes[1]);
        String digest = Kernels.digest(kernel);
        paths.claim(target.path(), fileId, target.kind());
        directories.ensure(Directories.parentOf(target.path()), now);
        commands.sendAndWait(new CreateFile(fileId, target.kind(), target.path(), kernel, digest, versionId,
                target.details(), now));
        versions.record(fileId, versionId, digest, now, evaluatorSpec(target.kind(), kernel));
        return new FileVersion(fileId, versionId);
    }
}
