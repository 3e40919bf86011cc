package dev.tracevault.command.web;

import dev.tracevault.command.deployment.Deployments;
import dev.tracevault.command.write.Answers;
import dev.tracevault.command.write.LogWrites;
import dev.tracevault.problems.InvalidInput;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code setDeployment} and {@code removeDeployment} of Flows, Prompts, Tools and Evaluators (spec
 * §3.12): {@code POST /v5/{files}/{id}/environments/{environment_id}?version_id=} answers the file
 * at the deployed version; {@code DELETE} the same path answers 204. An unknown file, version or
 * environment is a 404 naming it; {@code listEnvironments} is a read (query side).
 */
@RestController
class DeploymentController {

    private static final Map<String, String> KINDS = Map.of("flows", "flow", "prompts", "prompt", "tools", "tool",
            "evaluators", "evaluator");

    private final Deployments deployments;
    private final Answers answers;
    private final LogWrites writes;

    DeploymentController(Deployments deployments, Answers answers, LogWrites writes) {
        this.deployments = deployments;
        this.answers = answers;
        this.writes = writes;
    }

    @PostMapping("/v5/{files:flows|prompts|tools|evaluators}/{id}/environments/{environment_id}")
    ResponseEntity<byte[]> deploy(@PathVariable("files") String files, @PathVariable("id") String fileId,
                                  @PathVariable("environment_id") String environmentId,
                                  @RequestParam(name = "version_id", required = false) String versionId) {
        if (versionId == null || versionId.isEmpty()) {
            throw InvalidInput.of(List.of("query", "version_id"), "field required", "value_error.missing");
        }
        String kind = KINDS.get(files);
        return writes.jsonText(deployments.deploy(kind, fileId, environmentId, versionId,
                () -> answers.file(fileId, kind, versionId)));
    }

    @DeleteMapping("/v5/{files:flows|prompts|tools|evaluators}/{id}/environments/{environment_id}")
    ResponseEntity<Void> remove(@PathVariable("files") String files, @PathVariable("id") String fileId,
                                @PathVariable("environment_id") String environmentId) {
        deployments.remove(KINDS.get(files), fileId, environmentId);
        return ResponseEntity.noContent().build();
    }
}
