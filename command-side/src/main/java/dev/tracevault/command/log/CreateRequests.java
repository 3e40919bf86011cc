package dev.tracevault.command.log;

import dev.tracevault.command.Ids;
import dev.tracevault.command.ServerTime;
import dev.tracevault.command.file.Files;
import dev.tracevault.command.flowlog.CreateFlowLog;
import dev.tracevault.command.log.LogCreation;
import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.SpanRef;
import dev.tracevault.command.promptlog.CreatePromptLog;
import dev.tracevault.command.toollog.CreateToolLog;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.problems.InvalidInput;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What a create request body becomes: the checks, the file it targets and the create command, the
 * same whether the body came over REST ({@code POST /v5/flows/log}, ...) or was made from an
 * OpenTelemetry span. Checking writes nothing; the checked request is then one write (see
 * {@link LogCreation}).
 */
@Component
public class CreateRequests {

    private static final InvalidInput MODEL_REQUIRED = InvalidInput.of(List.of("body", "prompt", "model"),
            "a new Prompt needs its kernel: prompt.model is required", "value_error.missing");

    private final LogCreation creation;

    public CreateRequests(LogCreation creation) {
        this.creation = creation;
    }

    /** A create request that passed its checks: writing it is all that is left. */
    @FunctionalInterface
    public interface Checked {

        /** Writes the log; {@code span} is the span it comes from, null for REST requests. */
        LogWritten write(SpanRef span);
    }

    /** The checked request for a log of {@code kind}: flow, prompt or tool. */
    public Checked check(String kind, JsonBody body, String versionId, String environment) {
        return switch (kind) {
            case "flow" -> flow(body, versionId, environment);
            case "prompt" -> prompt(body, versionId, environment);
            case "tool" -> tool(body, versionId, environment);
            default -> throw new IllegalArgumentException("no create request for " + kind + " logs");
        };
    }

    /** {@code POST /v5/flows/log} (spec §3.1). */
    public Checked flow(JsonBody body, String versionId, String environment) {
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
        var chat = ChatMessages.in(body);
        var messages = chat.list("messages");
        var outputMessage = chat.one("output_message");
        String runId = body.string("run_id");
        // A Flow Log without a status is a one-shot log: complete (spec §4.2, our choice).
        LogStatus given = LogRequests.status(body);
        LogStatus status = given == null ? LogStatus.COMPLETE : given;
        body.check();

        String digest = LogRequests.digest(body, versionId, environment);
        String logId = clientLogId != null ? clientLogId : Ids.newId("log");
        var now = ServerTime.now();
        var target = new Files.Target("flow", flowId, path, attributes, versionId, environment, Map.of(), null);
        return span -> creation.create("flow", logId, target, fields.traceParentId(), span, now,
                (file, trace) -> new CreateFlowLog(logId, file.fileId(), file.versionId(), fields, messages,
                        outputMessage, runId, status, trace, clientLogId != null, digest, now));
    }

    /** {@code POST /v5/prompts/log} (spec §3.3). */
    public Checked prompt(JsonBody body, String versionId, String environment) {
        String clientLogId = body.identifier("log_id");
        String promptId = body.identifier("id");
        String path = LogRequests.path(body);
        Map<String, Object> kernel = LogRequests.kernelObject(body, "prompt");
        if (kernel != null && kernel.get("model") == null) {
            LogRequests.problem(body, List.of("body", "prompt", "model"), "field required", "value_error.missing");
        }
        CommonLogFields fields = LogRequests.commonFields(body);
        var chat = ChatMessages.in(body);
        var messages = chat.list("messages");
        var outputMessage = chat.one("output_message");
        Map<String, Object> details = LogRequests.details(body, LogRequests.PROMPT_DETAILS);
        String runId = body.string("run_id");
        LogStatus status = LogRequests.status(body);
        body.check();

        String digest = LogRequests.digest(body, versionId, environment);
        String logId = clientLogId != null ? clientLogId : Ids.newId("log");
        var now = ServerTime.now();
        var target = new Files.Target("prompt", promptId, path, kernel, versionId, environment, null, MODEL_REQUIRED);
        return span -> creation.create("prompt", logId, target, fields.traceParentId(), span, now,
                (file, trace) -> new CreatePromptLog(logId, file.fileId(), file.versionId(), fields, messages,
                        outputMessage, details, runId, status, trace, clientLogId != null, digest, now));
    }

    /** {@code POST /v5/tools/log} (spec §3.5). */
    public Checked tool(JsonBody body, String versionId, String environment) {
        String clientLogId = body.identifier("log_id");
        String toolId = body.identifier("id");
        String path = LogRequests.path(body);
        Map<String, Object> kernel = LogRequests.kernelObject(body, "tool");
        CommonLogFields fields = LogRequests.commonFields(body);
        LogStatus status = LogRequests.status(body);
        body.check();

        String digest = LogRequests.digest(body, versionId, environment);
        String logId = clientLogId != null ? clientLogId : Ids.newId("log");
        var now = ServerTime.now();
        var target = new Files.Target("tool", toolId, path, kernel, versionId, environment, Map.of(), null);
        return span -> creation.create("tool", logId, target, fields.traceParentId(), span, now,
                (file, trace) -> new CreateToolLog(logId, file.fileId(), file.versionId(), fields, status, trace,
                        clientLogId != null, digest, now));
    }
}
