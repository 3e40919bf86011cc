package dev.tracevault.command.web;

import dev.tracevault.command.Ids;
import dev.tracevault.command.ServerTime;
import dev.tracevault.command.file.Files;
import dev.tracevault.command.flowlog.CreateFlowLog;
import dev.tracevault.command.flowlog.UpdateFlowLog;
import dev.tracevault.command.log.LogCreation;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
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

/** {@code POST /v5/flows/log} and {@code PATCH /v5/flows/logs/{log_id}} (spec §3.1, §3.2). */
@RestController
class FlowLogController {

    private final LogCreation creation;
    private final LogWrites writes;
    private final JsonMapper mapper;

    FlowLogController(LogCreation creation, LogWrites writes, JsonMapper mapper) {
        this.creation = creation;
        this.writes = writes;
        this.mapper = mapper;
    }

    @PostMapping("/v5/flows/log")
    ResponseEntity<byte[]> create(@RequestBody(required = false) byte[] bytes,
                                  @RequestParam(name = "version_id", required = false) String versionId,
                                  @RequestParam(name = "environment", required = false) String environment) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        String clientLogId = body.identifier("log_id");
        String flowId = body.identifier("id");
        String path = LogRequests.path(body);
        Map<String, Object> flow = LogRequests.kernelObject(body, "flow");
        Map<String, Object> attributes = null;
        if (flow != null) {
            Object value = flow.get("attributes");
            if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                attributes = typed;
            } else {
                LogRequests.problem(body, List.of("body", "flow", "attributes"),
                        value == null ? "field required" : "value is not a valid dict",
                        value == null ? "value_error.missing" : "type_error.dict");
            }
        }
        CommonLogFields fields = LogRequests.commonFields(body);
        var messages = body.messages("messages");
        var outputMessage = body.message("output_message");
        String runId = body.string("run_id");
        // A Flow Log without a status is a one-shot log: complete (spec §4.2, our choice).
        LogStatus given = LogRequests.status(body);
        LogStatus status = given == null ? LogStatus.COMPLETE : given;
        body.check();

        String digest = LogRequests.digest(body, versionId, environment);
        String logId = clientLogId != null ? clientLogId : Ids.newId("log");
        var now = ServerTime.now();
        var target = new Files.Target("flow", flowId, path, attributes, versionId, environment, Map.of(), null);
        LogWritten written = creation.create("flow", logId, target, fields.traceParentId(), now,
                (file, trace) -> new CreateFlowLog(logId, file.fileId(), file.versionId(), fields, messages,
                        outputMessage, runId, status, trace, clientLogId != null, digest, now));
        writes.awaitVisible(written);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", written.logId());
        response.put("flow_id", written.fileId());
        response.put("version_id", written.versionId());
        response.put("log_status", written.status().wire());
        return writes.json(response);
    }

    @PatchMapping("/v5/flows/logs/{log_id}")
    ResponseEntity<byte[]> update(@PathVariable("log_id") String logId, @RequestBody(required = false) byte[] bytes) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        var command = new UpdateFlowLog(logId, LogRequests.update(body, true, Map.of()), LogRequests.status(body),
                ServerTime.now());
        body.check();
        return writes.update(logId, "Flow Log", command);
    }
}
