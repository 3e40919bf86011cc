package dev.tracevault.command.web;

import dev.tracevault.command.monitoring.Monitoring;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.command.write.Answers;
import dev.tracevault.command.write.LogWrites;
import dev.tracevault.problems.FieldProblem;
import dev.tracevault.problems.NotFound;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v5/{flows|prompts|tools|evaluators}/{id}/evaluators}: activate and deactivate
 * monitoring evaluators (spec §3.14), answering the file with its {@code evaluators}.
 */
@RestController
class MonitoringController {

    private static final Map<String, String> KINDS = Map.of("flows", "flow", "prompts", "prompt", "tools", "tool",
            "evaluators", "evaluator");

    private final Monitoring monitoring;
    private final LogWrites writes;
    private final Answers answers;
    private final JsonMapper mapper;

    MonitoringController(Monitoring monitoring, LogWrites writes, Answers answers, JsonMapper mapper) {
        this.monitoring = monitoring;
        this.writes = writes;
        this.answers = answers;
        this.mapper = mapper;
    }

    @PostMapping("/v5/{files}/{id}/evaluators")
    ResponseEntity<byte[]> update(@PathVariable("files") String files, @PathVariable("id") String fileId,
                                  @RequestBody(required = false) byte[] bytes) {
        String kind = KINDS.get(files);
        if (kind == null) {
            throw new NotFound("no such endpoint: /v5/" + files + "/{id}/evaluators");
        }
        JsonBody body = JsonBody.parse(bytes, mapper);
        var activate = items(body, "activate");
        var deactivate = items(body, "deactivate");
        body.check();
        monitoring.update(kind, fileId, activate, deactivate);
        return writes.jsonText(answers.file(fileId, kind, null));
    }

    /**
     * The items of {@code activate} or {@code deactivate}: {@code {"evaluator_version_id"}} or
     * {@code {"evaluator_id", "environment_id"}}.
     */
    private static List<Monitoring.Item> items(JsonBody body, String field) {
        JsonNode node = body.root().get(field);
        List<Monitoring.Item> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (!node.isArray()) {
            body.reject(field, "value is not a valid list", "type_error.list");
            return items;
        }
        int i = 0;
        for (JsonNode item : node.values()) {
            List<Object> loc = List.of("body", field, i++);
            if (!item.isObject()) {
                body.add(new FieldProblem(loc, "value is not a valid dict", "type_error.dict"));
                continue;
            }
            String versionId = text(body, item, "evaluator_version_id", loc);
            String evaluatorId = text(body, item, "evaluator_id", loc);
            String environment = text(body, item, "environment_id", loc);
            if (versionId != null && (evaluatorId != null || environment != null)) {
                body.add(new FieldProblem(loc, "name either evaluator_version_id, or evaluator_id and"
                        + " environment_id", "value_error.monitor"));
            } else if (versionId == null && (evaluatorId == null || environment == null)) {
                body.add(new FieldProblem(loc, "evaluator_version_id, or evaluator_id and environment_id, is"
                        + " required", "value_error.missing"));
            } else {
                items.add(new Monitoring.Item(versionId, evaluatorId, environment, loc));
            }
        }
        return items;
    }

    private static String text(JsonBody body, JsonNode item, String field, List<Object> loc) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString() || value.stringValue().isEmpty() || value.stringValue().length() > 128) {
            List<Object> at = new ArrayList<>(loc);
            at.add(field);
            body.add(new FieldProblem(at, "a non-empty string of at most 128 characters expected", "type_error.str"));
            return null;
        }
        return value.stringValue();
    }
}
