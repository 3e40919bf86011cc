package dev.tracevault.command.web;

import dev.tracevault.command.Ids;
import dev.tracevault.command.ServerTime;
import dev.tracevault.command.evaluation.run.Judgments;
import dev.tracevault.command.evaluatorlog.CreateEvaluatorLog;
import dev.tracevault.command.file.EvaluatorSpecs;
import dev.tracevault.command.file.FileUpserts;
import dev.tracevault.command.file.Files;
import dev.tracevault.command.fileregistry.FileVersions;
import dev.tracevault.command.log.ChatMessages;
import dev.tracevault.command.log.LogCreation;
import dev.tracevault.command.log.LogRegistry;
import dev.tracevault.command.log.LogRequests;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.command.write.LogWrites;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v5/evaluators} (upsert an Evaluator, versioned by its spec, spec §3.15) and
 * {@code POST /v5/evaluators/log} (record a judgment, spec §3.7 and §4.7).
 */
@RestController
class EvaluatorController {

    private static final InvalidInput SPEC_REQUIRED = InvalidInput.of(List.of("body", "spec"),
            "a new Evaluator needs its spec", "value_error.missing");

    private final FileVersions versions;
    private final LogCreation creation;
    private final LogRegistry registry;
    private final LogWrites logWrites;
    private final JsonMapper mapper;
    private final FileUpserts upserts;

    EvaluatorController(FileVersions versions, LogCreation creation, LogRegistry registry, LogWrites logWrites,
                        JsonMapper mapper, FileUpserts upserts) {
        this.versions = versions;
        this.creation = creation;
        this.registry = registry;
        this.logWrites = logWrites;
        this.mapper = mapper;
        this.upserts = upserts;
    }

    @PostMapping("/v5/evaluators")
    ResponseEntity<byte[]> upsert(@RequestBody(required = false) byte[] bytes) {
        return upserts.upsert(bytes, "evaluator", body -> {
            if (!body.isPresent("spec") || body.root().get("spec").isNull()) {
                body.reject("spec", "field required", "value_error.missing");
            }
            return EvaluatorSpecs.read(body, "spec");
        }, SPEC_REQUIRED);
    }

    @PostMapping("/v5/evaluators/log")
    ResponseEntity<byte[]> log(@RequestBody(required = false) byte[] bytes,
                               @RequestParam(name = "version_id", required = false) String versionId,
                               @RequestParam(name = "environment", required = false) String environment) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        String clientLogId = body.identifier("log_id");
        String evaluatorId = body.identifier("id");
        String path = LogRequests.path(body);
        String parentId = body.identifier("parent_id");
        if (parentId == null) {
            body.reject("parent_id", "field required", "value_error.missing");
        }
        Map<String, Object> spec = EvaluatorSpecs.read(body, "spec");
        CommonLogFields fields = LogRequests.commonFields(body);
        var outputMessage = ChatMessages.in(body).one("output_message");
        Object judgment = judgment(body);
        Boolean markedCompleted = body.bool("marked_completed");
        LogStatus status = LogRequests.status(body);
        if (evaluatorId == null && path == null && versionId == null) {
            body.reject("path", "path, id or the version_id query parameter is required to identify the Evaluator",
                    "value_error.missing");
        }
        body.check();
        if (registry.find(parentId).isEmpty()) {
            throw new NotFound("Log '" + parentId + "' not found: parent_id must name the judged log");
        }

        String digest = LogRequests.digest(body, versionId, environment);
        String logId = clientLogId != null ? clientLogId : Ids.newId("log");
        var now = ServerTime.now();
        String fileId = evaluatorId;
        if (fileId == null && path == null) {
            fileId = versions.evaluatorVersion(versionId).map(FileVersions.EvaluatorVersion::evaluatorId)
                    .orElseThrow(() -> new NotFound("Evaluator version '" + versionId + "' not found"));
        }
        var target = new Files.Target("evaluator", fileId, path, spec, versionId, environment, null, SPEC_REQUIRED);
        LogWritten written = creation.create("evaluator", logId, target, fields.traceParentId(), parentId, now,
                (file, trace) -> {
                    var version = versions.evaluatorVersion(file.versionId()).orElseThrow(
                            () -> new NotFound("Evaluator version '" + file.versionId() + "' not found"));
                    String problem = Judgments.problem(version.spec(), judgment);
                    if (problem != null) {
                        throw InvalidInput.of(List.of("body", "judgment"), problem, "value_error.judgment");
                    }
                    return new CreateEvaluatorLog(logId, file.fileId(), file.versionId(), parentId, fields,
                            outputMessage, judgment, markedCompleted, status, trace, null, null,
                            clientLogId != null, digest, now);
                });
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", written.logId());
        response.put("parent_id", parentId);
        response.put("version_id", written.versionId());
        response.put("session_id", null);
        return logWrites.json(response);
    }

    /** The judgment: true/false, a number, a string, a list of strings, or null (withdrawn). */
    private static Object judgment(JsonBody body) {
        JsonNode node = body.root().get("judgment");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : node.values()) {
                if (!item.isString()) {
                    body.reject("judgment", "a list judgment holds option names (strings) only", "type_error.str");
                    return null;
                }
                items.add(item.stringValue());
            }
            return items;
        }
        body.reject("judgment", "a judgment is a boolean, a number, a string or a list of strings",
                "type_error.judgment");
        return null;
    }
}
