package dev.tracevault.command.evaluation.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.command.evaluation.run.EvaluatorOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The answer of an evaluator is read by the host, not by anything the user's code can reach: code
 * that rebinds {@code json.dumps}, builtins, the harness's own names or {@code sys.modules} entries
 * neither forges a judgment nor passes the 1 MiB cap; an oversized result is an error, no judgment.
 */
class PythonResultChannelTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Map<String, Object> LOG = Map.of("output", "Paris", "inputs", Map.of("q", "capital?"));
    private static final String TOO_LARGE = "more than 1048576 bytes of JSON";

    private static PythonWorkers workers;
    private static PythonEvaluatorRunner runner;

    @BeforeAll
    static void startRunner() {
        workers = new PythonWorkers(1, "512m", "");
        runner = new PythonEvaluatorRunner(workers);
    }

    @AfterAll
    static void stopWorkers() {
        workers.destroy();
    }

    @Test
    void rebindingJsonDumpsForgesNothing() {
        EvaluatorOutcome outcome = run("text", """
                import json
                json.dumps = lambda *args, **kwargs: '{"value": "' + 'x' * 8000000 + '"}'
                def evaluate(log):
                    return "honest"
                """);
        assertThat(outcome.error()).isNull();
        assertThat(outcome.judgment()).isEqualTo("honest");
    }

    @Test
    void anOversizedResultIsAnErrorNotAJudgmentWhateverTheCodeRebinds() {
        for (String rebinding : List.of(
                "import json\n    json.dumps = lambda *a, **k: '{\"value\": 1}'\n",
                "import builtins\n    builtins.len = lambda value: 0\n    builtins.isinstance = lambda *a: True\n",
                "import __main__\n    __main__._MAX_JSON = 10 ** 12\n    __main__._plain = lambda value: value\n",
                "import sys, types\n    sys.modules['json'] = types.SimpleNamespace(dumps=lambda *a, **k: '{}')\n",
                "pass\n")) {
            // rebound while evaluate runs, after the harness has read its input
            EvaluatorOutcome outcome = run("text", "def evaluate(log):\n    " + rebinding
                    + "    return 'x' * 8000000\n");
            assertThat(outcome.judgment()).as(rebinding).isNull();
            assertThat(outcome.error()).as(rebinding).contains(TOO_LARGE);
        }
    }

    @Test
    void manySmallValuesPastTheCapAreRefusedToo() {
        EvaluatorOutcome outcome = run("text", """
                def evaluate(log):
                    return {'k%d' % i: ['v'] * 10 for i in range(100000)}
                """);
        assertThat(outcome.judgment()).isNull();
        assertThat(outcome.error()).contains(TOO_LARGE);
    }

    @Test
    void theHarnessReachedThroughTheStackCannotChangeLaterAnswers() {
        String code = """
                import sys
                def evaluate(log):
                    harness = sys._getframe(1).f_globals
                    harness['_run'] = lambda *a: [True, 'x' * 8000000]
                    harness['_fn'] = lambda *a: 'x' * 8000000
                    harness['_describe'] = lambda error: 'y' * 8000000
                    return True
                """;
        assertThat(run("boolean", code).judgment()).isEqualTo(true);
        EvaluatorOutcome second = run("boolean", code);
        assertThat(second.judgment()).isNull();
        assertThat(second.error()).contains(TOO_LARGE);
    }

    @Test
    void aForgedErrorTextIsCut() {
        EvaluatorOutcome outcome = run("boolean", """
                import traceback
                traceback.format_exception_only = lambda *a: ['z' * 5000000]
                def evaluate(log):
                    raise ValueError('no')
                """);
        assertThat(outcome.judgment()).isNull();
        assertThat(outcome.error()).hasSizeLessThan(GuestResult.MAX_ERROR_CHARS + 100).startsWith("zzz");
    }

    @Test
    void aValueThatIsNotJsonIsRefusedByTheHostEvenWithIsinstanceRebound() {
        EvaluatorOutcome outcome = run("text", """
                import builtins
                builtins.isinstance = lambda *a: True
                class Anything:
                    pass
                def evaluate(log):
                    return [Anything()]
                """);
        assertThat(outcome.judgment()).isNull();
        assertThat(outcome.error()).contains("type Anything", "not a JSON value");
    }

    @Test
    void containersThatLoopAreRefusedByDepthAndNumbersMustBeFinite() {
        EvaluatorOutcome cycle = run("text", """
                def evaluate(log):
                    a = []
                    a.append(a)
                    return a
                """);
        assertThat(cycle.error()).contains("nested deeper than 200 levels");
        assertThat(run("number", "def evaluate(log):\n    return float('nan')\n").error())
                .contains("nan, not a finite number");
        var answer = workers.call(Map.of("code", "def evaluate(log):\n    return {2: 'a', None: 'b', True: 'c',"
                + " 'k': (1, 2.5, 2 ** 70)}\n", "log", LOG, "timeout_ms", 20_000), TIMEOUT);
        assertThat(answer.get("value").toString())
                .isEqualTo("{\"2\":\"a\",\"None\":\"b\",\"True\":\"c\",\"k\":[1,2.5,1180591620717411303424]}");
    }

    private static EvaluatorOutcome run(String returnType, String code) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("evaluator_type", "python");
        spec.put("arguments_type", "target_free");
        spec.put("return_type", returnType);
        spec.put("code", code);
        return runner.run(spec, LOG, null, TIMEOUT);
    }
}
