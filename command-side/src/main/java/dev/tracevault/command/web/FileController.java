package dev.tracevault.command.web;

import dev.tracevault.command.file.FileUpserts;
import dev.tracevault.command.log.ChatMessages;
import dev.tracevault.command.validation.KernelFields;
import dev.tracevault.problems.InvalidInput;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v5/flows} (spec §3.11), {@code POST /v5/prompts} and {@code POST /v5/tools}
 * (§3.16): upserts of a Flow by its {@code attributes}, a Prompt by its kernel fields (which
 * include the required {@code model}) and a Tool by its kernel fields. A log of the same kernel
 * uses the same version.
 */
@RestController
class FileController {

    /** The fields of an upsert body that name the file or describe the version, not its kernel. */
    static final List<String> NOT_KERNEL = List.of("path", "id", "version_name", "version_description",
            "description", "tags", "readme");
    private static final List<String> TOOL_KERNEL = List.of("function", "source_code", "setup_values", "attributes",
            "tool_type");
    private static final InvalidInput MODEL_REQUIRED = InvalidInput.of(List.of("body", "model"), "field required",
            "value_error.missing");

    private final FileUpserts upserts;

    FileController(FileUpserts upserts) {
        this.upserts = upserts;
    }

    @PostMapping("/v5/flows")
    ResponseEntity<byte[]> flow(@RequestBody(required = false) byte[] bytes) {
        return upserts.upsert(bytes, "flow", body -> {
            if (body.root().get("attributes") == null || body.root().get("attributes").isNull()) {
                body.reject("attributes", "field required", "value_error.missing");
                return null;
            }
            return body.object("attributes");
        }, null);
    }

    @PostMapping("/v5/prompts")
    ResponseEntity<byte[]> prompt(@RequestBody(required = false) byte[] bytes) {
        return upserts.upsert(bytes, "prompt", body -> {
            if (body.root().path("model").isMissingNode() || body.root().get("model").isNull()) {
                body.reject("model", "field required", "value_error.missing");
            }
            KernelFields.prompt(body.root(), List.of("body"), ChatMessages.in(body)::check).forEach(body::add);
            return FileUpserts.kernelFields(body, NOT_KERNEL);
        }, MODEL_REQUIRED);
    }

    @PostMapping("/v5/tools")
    ResponseEntity<byte[]> tool(@RequestBody(required = false) byte[] bytes) {
        return upserts.upsert(bytes, "tool", body -> {
            KernelFields.tool(body.root(), List.of("body")).forEach(body::add);
            body.string("tool_type");
            Map<String, Object> kernel = FileUpserts.kernelFields(body, NOT_KERNEL);
            kernel.keySet().retainAll(TOOL_KERNEL);
            return kernel;
        }, null);
    }
}
