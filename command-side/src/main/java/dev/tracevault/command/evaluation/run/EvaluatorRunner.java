package dev.tracevault.command.evaluation.run;

import java.time.Duration;
import java.util.Map;

/**
 * Runs one kind of evaluator ({@code python}, {@code llm}) on one log. Evaluator faults (an
 * exception in the user's code, a provider error, a timeout) are outcomes, never exceptions.
 */
public interface EvaluatorRunner {

    /** The {@code evaluator_type} of the specs this runner runs. */
    String evaluatorType();

    /**
     * @param spec     the evaluator version's spec, as JSON (spec §2.4)
     * @param log      the judged log as the API returns it; a Flow Log also carries its trace as
     *                 {@code children}
     * @param testcase the datapoint for {@code target_required} evaluators, or null
     * @param timeout  how long the run may take; past it, the outcome is an error
     */
    EvaluatorOutcome run(Map<String, Object> spec, Map<String, Object> log, Map<String, Object> testcase,
                         Duration timeout);
}
