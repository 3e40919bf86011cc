package dev.tracevault.command.web;

import dev.tracevault.command.ServerTime;
import dev.tracevault.command.flowlog.UpdateFlowLog;
import dev.tracevault.command.log.CreateRequests;
import dev.tracevault.command.log.LogRequests;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.command.write.LogWrites;
import java.util.LinkedHashMap;
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

    /**
     * Fields of the Prompt and Tool log updates (spec §3.4, §3.6) that the Flow update (§3.2) does
     * not have: a value for one is refused by name rather than ignored (a {@code null}, which would
     * unset it, has nothing to unset).
     */
    private static final java.util.List<String> NOT_IN_FLOW_UPDATE = java.util.List.of("end_time", "start_time",
            "provider_latency", "created_at", "prompt_tokens", "reasoning_tokens", "output_tokens", "prompt_cost",
            "output_cost", "finish_reason", "tool_choice", "stdout", "provider_request", "provider_response",
            "source", "metadata");

    private final CreateRequests creates;
    private final LogWrites writes;
    private final JsonMapper mapper;

    FlowLogController(CreateRequests creates, LogWrites writes, JsonMapper mapper) {
        this.creates = creates;
        this.writes = writes;
        this.mapper = mapper;
    }

    @PostMapping("/v5/flows/log")
    ResponseEntity<byte[]> create(@RequestBody(required = false) byte[] bytes,
                                  @RequestParam(name = "version_id", required = false) String versionId,
                                  @RequestParam(name = "environment", required = false) String environment) {
        LogWritten written = creates.flow(JsonBody.parse(bytes, mapper), versionId, environment).write(null);
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
        for (String field : NOT_IN_FLOW_UPDATE) {
            if (body.value(field) != null) {
                body.reject(field, field + " cannot be set on a Flow Log (the Flow update has messages, output_message,"
                        + " inputs, output, error and log_status; end_time is set when the log completes)",
                        "value_error.extra");
            }
        }
        var command = new UpdateFlowLog(logId, LogRequests.update(body, true, Map.of()), LogRequests.status(body),
                ServerTime.now());
        body.check();
        return writes.update(logId, "Flow Log", command);
    }
}
