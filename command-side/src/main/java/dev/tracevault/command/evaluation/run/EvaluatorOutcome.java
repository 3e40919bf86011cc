package dev.tracevault.command.evaluation.run;

import java.util.Map;

/**
 * What one evaluator run produced: a judgment, or an error. The judgment is a JSON value
 * (Boolean, Number, String or a List of Strings) not yet checked against the return type
 * ({@link Judgments#problem} does that).
 *
 * @param output           raw model output of an LLM evaluator, or null
 * @param providerRequest  what was sent to the provider, or null
 * @param providerResponse what the provider answered, or null
 * @param providerLatency  seconds the provider took, or null
 * @param stdout           what the evaluator printed, or null
 */
public record EvaluatorOutcome(Object judgment, String error, String output, Map<String, Object> providerRequest,
                               Map<String, Object> providerResponse, Double providerLatency, String stdout) {

    public static EvaluatorOutcome judged(Object judgment, String stdout) {
        return new EvaluatorOutcome(judgment, null, null, null, null, null, stdout);
    }

    public static EvaluatorOutcome failed(String error) {
        return new EvaluatorOutcome(null, error, null, null, null, null, null);
    }

    public boolean failed() {
        return error != null;
    }
}
