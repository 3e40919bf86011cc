package dev.tracevault.command.evaluation.python;

import dev.tracevault.command.evaluation.run.EvaluatorOutcome;
import dev.tracevault.command.evaluation.run.EvaluatorRunner;
import dev.tracevault.command.evaluation.run.Judgments;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Runs the user's Python {@code evaluate(log)} or {@code evaluate(log, testcase)} in a sandboxed
 * {@link PythonWorker} process: no file system, network, host, thread or process access, the caller's
 * time limit and the worker's heap as memory limit. Exceptions, refusals, timeouts and judgments of the
 * wrong type all become failed outcomes.
 */
@Component
public class PythonEvaluatorRunner implements EvaluatorRunner {

    private final PythonWorkers workers;

    PythonEvaluatorRunner(PythonWorkers workers) {
        this.workers = workers;
    }

    @Override
    public String evaluatorType() {
        return "python";
    }

    @Override
    public EvaluatorOutcome run(Map<String, Object> spec, Map<String, Object> log, Map<String, Object> testcase,
                                Duration timeout) {
        if (!(spec.get("code") instanceof String code) || code.isBlank()) {
            return EvaluatorOutcome.failed("the evaluator has no Python code");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("code", code);
        request.put("target_required", "target_required".equals(spec.get("arguments_type")));
        request.put("log", log);
        request.put("testcase", testcase);
        request.put("timeout_ms", timeout.toMillis());
        JsonNode answer = workers.call(request, timeout);

        String stdout = answer.path("stdout").asString(null);
        if (answer.hasNonNull("error")) {
            return failed(answer.get("error").asString(), stdout);
        }
        JsonNode value = answer.get("value");
        if (value != null && value.toString().getBytes(StandardCharsets.UTF_8).length > GuestResult.MAX_BYTES) {
            // measured again outside the worker process: a judgment past the cap is never stored
            return failed("evaluate returned more than " + GuestResult.MAX_BYTES + " bytes of JSON", stdout);
        }
        Object judgment = plain(value);
        String problem = Judgments.problem(spec, judgment);
        return problem == null ? EvaluatorOutcome.judged(judgment, stdout) : failed(problem, stdout);
    }

    private static EvaluatorOutcome failed(String error, String stdout) {
        return new EvaluatorOutcome(null, error, null, null, null, null, stdout);
    }

    /** JSON to Java: Boolean, Long (BigDecimal past a long), Double, String, List, Map or null. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : new BigDecimal(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.values().forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(property -> map.put(property.getKey(), plain(property.getValue())));
            return map;
        }
        return node.asString();
    }
}
