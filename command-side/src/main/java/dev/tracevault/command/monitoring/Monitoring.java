package dev.tracevault.command.monitoring;

import dev.tracevault.command.ServerTime;
import dev.tracevault.command.environment.EnvironmentRegistry;
import dev.tracevault.command.file.MonitorRef;
import dev.tracevault.command.file.MonitoringChanged;
import dev.tracevault.command.file.UpdateMonitoring;
import dev.tracevault.command.fileregistry.FilePaths;
import dev.tracevault.command.fileregistry.FileVersions;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.problems.FieldProblem;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Activating and deactivating monitoring evaluators (spec §3.14): checks that every evaluator
 * named exists, has the File aggregate record the change, and keeps {@link Monitors} in step, all
 * in one write transaction.
 */
@Component
public class Monitoring {

    /** One item of {@code activate} or {@code deactivate}, as the request gave it. */
    public record Item(String evaluatorVersionId, String evaluatorId, String environment, List<Object> loc) {
    }

    private final CommandGateway commands;
    private final WriteTransaction writes;
    private final FilePaths paths;
    private final FileVersions versions;
    private final Monitors monitors;
    private final EnvironmentRegistry environments;

    Monitoring(CommandGateway commands, WriteTransaction writes, FilePaths paths, FileVersions versions,
               Monitors monitors, EnvironmentRegistry environments) {
        this.environments = environments;
        this.commands = commands;
        this.writes = writes;
        this.paths = paths;
        this.versions = versions;
        this.monitors = monitors;
    }

    /** Applies the change; answers the file's newest event sequence. */
    public long update(String kind, String fileId, List<Item> activate, List<Item> deactivate) {
        var file = paths.findById(fileId).filter(f -> f.kind().equals(kind));
        if (file.isEmpty()) {
            throw new NotFound(label(kind) + " '" + fileId + "' not found");
        }
        List<FieldProblem> problems = new ArrayList<>();
        List<MonitorRef> on = refs(activate, problems, true);
        List<MonitorRef> off = refs(deactivate, problems, false);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        var now = ServerTime.now();
        return writes.run(List.of(fileId), () -> {
            MonitoringChanged changed = commands.sendAndWait(new UpdateMonitoring(fileId, kind, on, off, now));
            changed.deactivated().forEach(ref -> monitors.deactivated(fileId, ref));
            changed.activated().forEach(ref -> monitors.activated(fileId, ref, now));
            return changed.sequence();
        });
    }

    /**
     * The monitors the items name. An {@code environment_id} is an environment's id or name and is
     * kept as its id; one to activate must exist.
     */
    private List<MonitorRef> refs(List<Item> items, List<FieldProblem> problems, boolean activating) {
        List<MonitorRef> refs = new ArrayList<>();
        for (Item item : items) {
            if (item.evaluatorVersionId() != null) {
                var version = versions.evaluatorVersion(item.evaluatorVersionId());
                if (version.isEmpty()) {
                    problems.add(new FieldProblem(at(item.loc(), "evaluator_version_id"), "Evaluator version '"
                            + item.evaluatorVersionId() + "' not found", "value_error.not_found"));
                } else {
                    refs.add(new MonitorRef(version.get().evaluatorId(), item.evaluatorVersionId(), null));
                }
            } else if (paths.findById(item.evaluatorId()).filter(f -> f.kind().equals("evaluator")).isEmpty()) {
                problems.add(new FieldProblem(at(item.loc(), "evaluator_id"), "Evaluator '" + item.evaluatorId()
                        + "' not found", "value_error.not_found"));
            } else {
                String environmentId = environments.exists(item.environment()) ? item.environment()
                        : environments.named(item.environment()).orElse(null);
                if (environmentId == null && activating) {
                    problems.add(new FieldProblem(at(item.loc(), "environment_id"), "environment '"
                            + item.environment() + "' not found", "value_error.not_found"));
                } else {
                    refs.add(new MonitorRef(item.evaluatorId(), null,
                            environmentId != null ? environmentId : item.environment()));
                }
            }
        }
        return refs;
    }

    private static List<Object> at(List<Object> loc, String field) {
        List<Object> path = new ArrayList<>(loc);
        path.add(field);
        return path;
    }

    private static String label(String kind) {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
