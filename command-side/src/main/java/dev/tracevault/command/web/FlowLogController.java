package dev.tracevault.command.web;

import dev.tracevault.command.Ids;
import dev.tracevault.command.ServerTime;
import dev.tracevault.command.flow.FilePath;
import dev.tracevault.command.flow.FlowFiles;
import dev.tracevault.command.flowlog.CreateFlowLog;
import dev.tracevault.command.flowlog.UpdateFlowLog;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.Patch;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.FieldProblem;
import dev.tracevault.problems.NotFound;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.MediaType;
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

    private final CommandGateway commands;
    private final WriteTransaction writes;
    private final FlowFiles flows;
    private final ReadAfterWrite reads;
    private final JsonMapper mapper;

    FlowLogController(CommandGateway commands, WriteTransaction writes, FlowFiles flows, ReadAfterWrite reads,
                      JsonMapper mapper) {
        this.commands = commands;
        this.writes = writes;
        this.flows = flows;
        this.reads = reads;
        this.mapper = mapper;
    }

    @PostMapping("/v5/flows/log")
    ResponseEntity<byte[]> create(@RequestBody(required = false) byte[] bytes,
                                  @RequestParam(name = "version_id", required = false) String versionId,
                                  @RequestParam(name = "environment", required = false) String environment) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        String clientLogId = body.identifier("log_id");
        String flowId = body.identifier("id");
        String path = body.string("path");
        if (path != null) {
            FilePath.problem(path, List.of("body", "path")).ifPresent(body::add);
        }
        Map<String, Object> attributes = flowKernel(body);
        CommonLogFields fields = LogRequests.commonFields(body);
        var messages = body.messages("messages");
        var outputMessage = body.message("output_message");
        String runId = body.string("run_id");
        // A Flow Log without a status is a one-shot log: complete (spec §4.2, our choice).
        LogStatus given = LogRequests.status(body);
        LogStatus status = given == null ? LogStatus.COMPLETE : given;
        body.check();

        Map<String, String> query = new LinkedHashMap<>();
        if (versionId != null) {
            query.put("version_id", versionId);
        }
        if (environment != null) {
            query.put("environment", environment);
        }
        String digest = LogRequests.digest(body, query);
        String logId = clientLogId != null ? clientLogId : Ids.newId("log");
        Instant now = ServerTime.now();
        LogStatus requested = status;
        List<String> lockKeys = new ArrayList<>(List.of(logId));
        if (path != null) {
            lockKeys.add("path:" + path);
        }
        LogWritten written = writes.run(lockKeys, () -> {
            var flow = flows.resolve(flowId, path, attributes, versionId, environment, now);
            try {
                return commands.<LogWritten>sendAndWait(new CreateFlowLog(logId, flow.flowId(), flow.versionId(),
                        fields, messages, outputMessage, runId, requested, clientLogId != null, digest, now));
            } catch (IncompatibleAggregateException e) {
                throw new Conflict("log_id '" + logId + "' is already used by another record");
            }
        });
        reads.await(logId, written.sequence());

        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", written.logId());
        response.put("flow_id", written.fileId());
        response.put("version_id", written.versionId());
        response.put("log_status", written.status().wire());
        return json(mapper.writeValueAsBytes(response));
    }

    @PatchMapping("/v5/flows/logs/{log_id}")
    ResponseEntity<byte[]> update(@PathVariable("log_id") String logId,
                                  @RequestBody(required = false) byte[] bytes) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        var command = new UpdateFlowLog(logId,
                body.isPresent("inputs") ? Patch.of(body.object("inputs")) : Patch.absent(),
                body.isPresent("messages") ? Patch.of(body.messages("messages")) : Patch.absent(),
                body.isPresent("output") ? Patch.of(body.string("output")) : Patch.absent(),
                body.isPresent("output_message") ? Patch.of(body.message("output_message")) : Patch.absent(),
                body.isPresent("error") ? Patch.of(body.string("error")) : Patch.absent(),
                LogRequests.status(body),
                ServerTime.now());
        body.check();
        LogWritten written = writes.run(List.of(logId), () -> {
            try {
                return commands.<LogWritten>sendAndWait(command);
            } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
                throw new NotFound("Flow Log '" + logId + "' not found");
            }
        });
        return json(reads.await(logId, written.sequence()).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> flowKernel(JsonBody body) {
        if (!body.isPresent("flow") || body.root().get("flow").isNull()) {
            return null;
        }
        var flow = body.root().get("flow");
        if (!flow.isObject()) {
            body.reject("flow", "value is not a valid dict", "type_error.dict");
            return null;
        }
        var attributes = flow.get("attributes");
        if (attributes == null || attributes.isNull()) {
            body.add(new FieldProblem(List.of("body", "flow", "attributes"), "field required",
                    "value_error.missing"));
            return null;
        }
        if (!attributes.isObject()) {
            body.add(new FieldProblem(List.of("body", "flow", "attributes"),
                    "value is not a valid dict", "type_error.dict"));
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = body.mapper().convertValue(attributes, LinkedHashMap.class);
        return map;
    }

    static ResponseEntity<byte[]> json(byte[] body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
