package dev.tracevault.command.web;

import dev.tracevault.command.Ids;
import dev.tracevault.command.ServerTime;
import dev.tracevault.command.file.Files;
import dev.tracevault.command.log.LogCreation;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.toollog.CreateToolLog;
import dev.tracevault.command.toollog.UpdateToolLog;
import dev.tracevault.events.log.CommonLogFields;
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

/** {@code POST /v5/tools/log} and {@code PATCH /v5/tools/{id}/log/{log_id}} (spec §3.5, §3.6). */
@RestController
class ToolLogController {

    private final LogCreation creation;
    private final LogWrites writes;
    private final JsonMapper mapper;

    ToolLogController(LogCreation creation, LogWrites writes, JsonMapper mapper) {
        this.creation = creation;
        this.writes = writes;
        this.mapper = mapper;
    }

    @PostMapping("/v5/tools/log")
    ResponseEntity<byte[]> create(@RequestBody(required = false) byte[] bytes,
                                  @RequestParam(name = "version_id", required = false) String versionId,
                                  @RequestParam(name = "environment", required = false) String environment) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        String clientLogId = body.identifier("log_id");
        String toolId = body.identifier("id");
        String path = LogRequests.path(body);
        Map<String, Object> kernel = LogRequests.kernelObject(body, "tool");
        if (kernel != null && kernel.get("function") != null) {
            if (!(kernel.get("function") instanceof Map<?, ?> function)) {
                LogRequests.problem(body, List.of("body", "tool", "function"), "value is not a valid dict",
                        "type_error.dict");
            } else {
                for (String field : List.of("name", "description")) {
                    if (!(function.get(field) instanceof String)) {
                        LogRequests.problem(body, List.of("body", "tool", "function", field), "field required (string)",
                                "value_error.missing");
                    }
                }
            }
        }
        CommonLogFields fields = LogRequests.commonFields(body);
        LogStatus status = LogRequests.status(body);
        body.check();

        String digest = LogRequests.digest(body, versionId, environment);
        String logId = clientLogId != null ? clientLogId : Ids.newId("log");
        var now = ServerTime.now();
        var target = new Files.Target("tool", toolId, path, kernel, versionId, environment, Map.of(), null);
        LogWritten written = creation.create("tool", logId, target, fields.traceParentId(), now,
                (file, trace) -> new CreateToolLog(logId, file.fileId(), file.versionId(), fields, status, trace,
                        clientLogId != null, digest, now));
        writes.awaitVisible(written);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", written.logId());
        response.put("tool_id", written.fileId());
        response.put("version_id", written.versionId());
        response.put("log_status", written.status() == null ? null : written.status().wire());
        return writes.json(response);
    }

    @PatchMapping("/v5/tools/{id}/log/{log_id}")
    ResponseEntity<byte[]> update(@PathVariable("id") String toolId, @PathVariable("log_id") String logId,
                                  @RequestBody(required = false) byte[] bytes) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        var command = new UpdateToolLog(logId, toolId, LogRequests.update(body, false, LogRequests.COMMON_DETAILS),
                LogRequests.status(body), ServerTime.now());
        body.check();
        return writes.update(logId, "Tool Log", command);
    }
}
