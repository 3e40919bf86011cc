package dev.tracevault.command.flow;

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
 * Finds the Flow and version a log request targets (spec §4.10), creating the Flow when the path
 * is new (§4.11). Runs inside the request's write transaction.
 */
@Component
public class FlowFiles {

    private final CommandGateway commands;
    private final FilePaths paths;

    FlowFiles(CommandGateway commands, FilePaths paths) {
        this.commands = commands;
        this.paths = paths;
    }

    public record FlowVersion(String flowId, String versionId) {
    }

    /**
     * @param id          the Flow id from the body, or null
     * @param path        the Flow path from the body, or null
     * @param attributes  the kernel ({@code flow.attributes}), or null
     * @param versionId   the {@code version_id} query parameter, or null
     * @param environment the {@code environment} query parameter, or null
     */
    public FlowVersion resolve(String id, String path, Map<String, Object> attributes, String versionId,
                               String environment, Instant now) {
        String expectedPath = path;
        if (id == null) {
            if (path == null) {
                throw InvalidInput.of(List.of("body", "path"), "path or id is required to identify the Flow",
                        "value_error.missing");
            }
            var entry = paths.find(path);
            if (entry.isEmpty()) {
                return create(path, attributes, versionId, now);
            }
            if (!entry.get().kind().equals("flow")) {
                throw InvalidInput.of(List.of("body", "path"),
                        "path '" + path + "' holds a " + entry.get().kind() + ", not a Flow", "value_error.path_kind");
            }
            id = entry.get().fileId();
            expectedPath = null;
        }
        String digest = attributes == null ? null : Kernels.digest(attributes);
        try {
            String version = commands.sendAndWait(new ResolveFlowVersion(id, expectedPath, versionId, environment,
                    attributes, digest, Ids.newId("flv"), now));
            return new FlowVersion(id, version);
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw new NotFound("Flow '" + id + "' not found");
        }
    }

    private FlowVersion create(String path, Map<String, Object> attributes, String versionId, Instant now) {
        if (versionId != null) {
            throw new NotFound("version '" + versionId + "' not found: no Flow exists at '" + path + "'");
        }
        String flowId = Ids.newId("fl");
        String flowVersionId = Ids.newId("flv");
        Map<String, Object> kernel = attributes == null ? Map.of() : attributes;
        paths.claim(path, flowId, "flow");
        commands.sendAndWait(new CreateFlow(flowId, path, kernel, Kernels.digest(kernel), flowVersionId, now));
        return new FlowVersion(flowId, flowVersionId);
    }
}
