package dev.tracevault.command.web;

import dev.tracevault.command.Ids;
import dev.tracevault.command.ServerTime;
import dev.tracevault.command.file.Files;
import dev.tracevault.command.log.LogCreation;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.promptlog.CreatePromptLog;
import dev.tracevault.command.promptlog.UpdatePromptLog;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.problems.InvalidInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /v5/prompts/log} and {@code PATCH /v5/prompts/{id}/log/{log_id}} (spec §3.3, §3.4). */
@RestController
class PromptLogController {

    private static final InvalidInput MODEL_REQUIRED = InvalidInput.of(List.of("body", "prompt", "model"),
            "a new Prompt needs its kernel: prompt.model is required", "value_error.missing");

    private final LogCreation creation;
    private final LogWrites writes;
    private final JsonMapper mapper;

    PromptLogController(LogCreation creation, LogWrites writes, JsonMapper mapper) {
        this.creation = creation;
        this.writes = writes;
        this.mapper = mapper;
    }

    @PostMapping("/v5/prompts/log")
    ResponseEntity<byte[]> create(@RequestBody(required = false) byte[] bytes,
                                  @RequestParam(name = "version_id", required = false) String versionId,
                                  @RequestParam(name = "environment", required = false) String environment) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        String clientLogId = body.identifier("log_id");
        String promptId = body.identifier("id");
        String path = LogRequests.path(body);
        Map<String, Object> kernel = LogRequests.kernelObject(body, "prompt");
        if (kernel != null && !(kernel.get("model") instanceof String)) {
            LogRequests.problem(body, List.of("body", "prompt", "model"),
                    kernel.get("model") == null ? "field required" : "str type expected",
                    kernel.get("model") == null ? "value_error.missing" : "type_error.str");
        }
        CommonLogFields fields = LogRequests.commonFields(body);
        var messages = body.messages("messages");
        var outputMessage = body.message("output_message");
        Map<String, Object> details = LogRequests.details(body, LogRequests.PROMPT_DETAILS);
        String runId = body.string("run_id");
        LogStatus status = LogRequests.status(body);
        body.check();

        String digest = LogRequests.digest(body, versionId, environment);
        String logId = clientLogId != null ? clientLogId : Ids.newId("log");
        var now = ServerTime.now();
        var target = new Files.Target("prompt", promptId, path, kernel, versionId, environment, null, MODEL_REQUIRED);
        LogWritten written = creation.create("prompt", logId, target, fields.traceParentId(), now,
                (file, trace) -> new CreatePromptLog(logId, file.fileId(), file.versionId(), fields, messages,
                        outputMessage, details, runId, status, trace, clientLogId != null, digest, now));
        writes.awaitVisible(written);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", written.logId());
        response.put("prompt_id", written.fileId());
        response.put("version_id", written.versionId());
        response.put("log_status", written.status() == null ? null : written.status().wire());
        return writes.json(response);
    }

    @PatchMapping("/v5/prompts/{id}/log/{log_id}")
    ResponseEntity<byte[]> update(@PathVariable("id") String promptId, @PathVariable("log_id") String logId,
                                  @RequestBody(required = false) byte[] bytes) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        Map<String, LogRequests.DetailType> detailFields = new LinkedHashMap<>(LogRequests.COMMON_DETAILS);
        detailFields.putAll(LogRequests.PROMPT_DETAILS);
        var command = new UpdatePromptLog(logId, promptId, LogRequests.update(body, true, detailFields),
                LogRequests.status(body), ServerTime.now());
        body.check();
        return writes.update(logId, "Prompt Log", command);
    }
}
