package dev.tracevault.events.environment;

import dev.tracevault.problems.NotFound;
import java.util.Optional;

/**
 * Which version of a file a request means (spec §4.10): the one rule, applied by log writes on
 * the command side ({@code Files.resolve}) and by file reads on the query side
 * ({@code FileRenderer.renderFile}), each over its own stores ({@link Facts}).
 *
 * <ol>
 *   <li>{@code version_id} given: that version (unknown for this file: 404);</li>
 *   <li>else {@code environment} given: the version deployed to the environment of that name (an
 *       unknown environment, or one where no version of this file is deployed: 404 naming both);</li>
 *   <li>else a kernel given (a log's {@code flow}, {@code prompt}, {@code tool}, {@code spec}): the
 *       version of that kernel, made if new ({@link #BY_KERNEL});</li>
 *   <li>else the version deployed to the default environment;</li>
 *   <li>else (nothing deployed there) the newest version.</li>
 * </ol>
 *
 * <p>A monitor that follows an environment ({@link #followed}) has no request to refuse: it judges
 * with the version of its evaluator deployed there; where that evaluator was never deployed
 * anywhere, with its newest version (steps 4–5 read the same way); where it is deployed elsewhere
 * but not there, it does not judge.
 */
public final class VersionResolution {

    /** The answer that means "the version of the request's kernel". */
    public static final Optional<String> BY_KERNEL = Optional.empty();

    /** What the rule reads, about one file. */
    public interface Facts {

        /** Whether {@code versionId} is a version of the file. */
        boolean hasVersion(String versionId);

        /** The id of the environment called {@code name}. */
        Optional<String> environmentNamed(String name);

        /** The version of the file deployed to the environment {@code environmentId}. */
        Optional<String> deployedTo(String environmentId);

        /** The file's newest version. */
        Optional<String> newest();
    }

    private VersionResolution() {
    }

    /**
     * The version of an evaluator a monitor that follows {@code environmentId} judges with now, or
     * empty: none.
     *
     * @param deployedAnywhere whether any version of the evaluator is deployed to any environment
     */
    public static Optional<String> followed(String environmentId, boolean deployedAnywhere, Facts evaluator) {
        var deployed = evaluator.deployedTo(environmentId);
        if (deployed.isPresent() || deployedAnywhere) {
            return deployed;
        }
        return evaluator.newest();
    }

    /**
     * The version the request means, or {@link #BY_KERNEL}.
     *
     * @param file how errors name the file, e.g. {@code Flow 'fl_1'}
     */
    public static Optional<String> version(String versionId, String environment, boolean kernelGiven, String file,
                                           Facts facts) {
        if (versionId != null) {
            if (!facts.hasVersion(versionId)) {
                throw new NotFound("version '" + versionId + "' of " + file + " not found");
            }
            return Optional.of(versionId);
        }
        if (environment != null) {
            String environmentId = facts.environmentNamed(environment).orElseThrow(() -> new NotFound(
                    "environment '" + environment + "' not found (asked for the version of " + file + " there)"));
            return Optional.of(facts.deployedTo(environmentId).orElseThrow(() -> new NotFound(
                    "no version of " + file + " is deployed to environment '" + environment + "'")));
        }
        if (kernelGiven) {
            return BY_KERNEL;
        }
        var deployed = facts.deployedTo(WorkspaceEnvironments.DEFAULT_ID);
        if (deployed.isPresent()) {
            return deployed;
        }
        return Optional.of(facts.newest().orElseThrow(() -> new NotFound(file + " has no version")));
    }
}
