package dev.tracevault.command.evaluation.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.command.evaluation.run.EvaluatorOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs evaluators in a real worker process; one worker serves the whole class, restarts included. */
class PythonEvaluatorRunnerTest {

    private static final Duration NORMAL = Duration.ofSeconds(10);
    private static final Duration HOSTILE = Duration.ofSeconds(3);
    private static final Map<String, Object> LOG = Map.of(
            "output", "Paris is the capital of France.",
            "inputs", Map.of("question", "capital of France?"),
            "children", List.of(
                    Map.of("id", "tl_1", "output", "search results", "metrics", Map.of("tokens", 12)),
                    Map.of("id", "pl_2", "output", "Paris", "metrics", Map.of("tokens", 30))));

    private static PythonWorkers workers;
    private static PythonEvaluatorRunner runner;

    @BeforeAll
    static void startRunner() {
        workers = new PythonWorkers(1, "256m", "");
        runner = new PythonEvaluatorRunner(workers);
    }

    @AfterAll
    static void stopWorkers() {
        workers.destroy();
    }

    @Test
    void judgesALogAndKeepsWhatItPrinted() {
        EvaluatorOutcome outcome = run(spec("boolean", """
                def evaluate(log):
                    print("output length", len(log["output"]))
                    return len(log["output"]) > 3
                """), null, NORMAL);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.judgment()).isEqualTo(true);
        assertThat(outcome.stdout()).isEqualTo("output length 31\n");
    }

    @Test
    void keepsOnlyTheFirst64KibOfPrintedOutput() {
        EvaluatorOutcome outcome = run(spec("boolean", """
                def evaluate(log):
                    for _ in range(10):
                        print("x" * 100000)
                    return True
                """), null, NORMAL);

        assertThat(outcome.judgment()).isEqualTo(true);
        assertThat(outcome.stdout()).startsWith("x".repeat(65536)).endsWith("[934474 more bytes of output dropped]");
    }

    @Test
    void walksTheTraceOfAFlowLogAsPlainDictsAndLists() {
        EvaluatorOutcome outcome = run(spec("number", """
                def evaluate(log):
                    assert isinstance(log, dict) and isinstance(log["children"], list)
                    return sum(child["metrics"]["tokens"] for child in log["children"])
                """), null, NORMAL);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.judgment()).isEqualTo(42L);
    }

    @Test
    void convertsReturnValuesToJavaJson() {
        Map<String, Object> spec = spec("multi_select", """
                def evaluate(log):
                    return ["short", "factual"]
                """);
        spec.put("options", List.of(Map.of("name", "short"), Map.of("name", "factual")));
        assertThat(run(spec, null, NORMAL).judgment()).isEqualTo(List.of("short", "factual"));

        assertThat(run(spec("number", "def evaluate(log):\n    return 0.75\n"), null, NORMAL).judgment())
                .isEqualTo(0.75);
        assertThat(run(spec("number", "def evaluate(log):\n    return 2 ** 49\n"), null, NORMAL).judgment())
                .isEqualTo(562949953421312L);
        // A number the stats could not add up exactly is refused (command.validation.Amounts), not stored.
        EvaluatorOutcome huge = run(spec("number", "def evaluate(log):\n    return 2 ** 70\n"), null, NORMAL);
        assertThat(huge.judgment()).isNull();
        assertThat(huge.error()).contains("at most 1e15");
        assertThat(run(spec("text", "def evaluate(log):\n    return None\n"), null, NORMAL).judgment()).isNull();
    }

    @Test
    void callsEvaluateWithTheTestcaseWhenATargetIsRequired() {
        Map<String, Object> spec = spec("boolean", """
                def evaluate(log, testcase):
                    return testcase["target"]["answer"] in log["output"]
                """);
        spec.put("arguments_type", "target_required");

        EvaluatorOutcome outcome = run(spec, Map.of("target", Map.of("answer", "Paris")), NORMAL);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.judgment()).isEqualTo(true);
    }

    @Test
    void recordsAnExceptionWithItsTypeAndTraceback() {
        EvaluatorOutcome outcome = run(spec("boolean", """
                def evaluate(log):
                    return log["missing"] == 1
                """), null, NORMAL);

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.error()).startsWith("KeyError: 'missing'")
                .contains("Traceback", "line 2, in evaluate", "log[\"missing\"]");
    }

    @Test
    void recordsAWrongReturnTypeAsAnError() {
        EvaluatorOutcome outcome = run(spec("boolean", "def evaluate(log):\n    return 'yes'\n"), null, NORMAL);

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.error()).isEqualTo("a boolean evaluator must return true or false, not a string");
    }

    @Test
    void refusesToReadFiles() {
        EvaluatorOutcome outcome = run(spec("text", """
                def evaluate(log):
                    return open("/etc/passwd").read()
                """), null, HOSTILE);

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.error()).contains("PermissionError", "Operation not permitted").doesNotContain("root:");
        assertThat(outcome.judgment()).isNull();
    }

    @Test
    void refusesToOpenSockets() {
        EvaluatorOutcome outcome = run(spec("text", """
                import socket
                def evaluate(log):
                    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    s.connect(("127.0.0.1", 80))
                    return "connected"
                """), null, HOSTILE);

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.error()).contains("refused by the sandbox", "socket");
    }

    @Test
    void refusesToStartProcesses() {
        EvaluatorOutcome system = run(spec("number", """
                import os
                def evaluate(log):
                    return os.system("echo pwned")
                """), null, HOSTILE);
        EvaluatorOutcome subprocess = run(spec("text", """
                import subprocess
                def evaluate(log):
                    return subprocess.run(["id"], capture_output=True).stdout.decode()
                """), null, HOSTILE);

        assertThat(system.error()).contains("refused by the sandbox", "Process creation is not allowed");
        assertThat(subprocess.error()).contains("PermissionError");
        assertThat(system.stdout()).isNull();
    }

    @Test
    void seesNoHostClassesNorEnvironment() {
        EvaluatorOutcome java = run(spec("text", """
                import java
                def evaluate(log):
                    return str(java.type("java.lang.System").getenv())
                """), null, HOSTILE);
        EvaluatorOutcome environment = run(spec("text", """
                import os
                def evaluate(log):
                    return ",".join(k for k in os.environ if k != "UNSAFE_PYO3_SKIP_VERSION_CHECK")
                """), null, HOSTILE);

        assertThat(java.error()).contains("access has been denied");
        assertThat(environment.judgment()).isEqualTo("");
    }

    @Test
    void stopsAnEndlessLoopAtTheTimeout() {
        long started = System.nanoTime();
        EvaluatorOutcome outcome = run(spec("boolean", "def evaluate(log):\n    while True:\n        pass\n"),
                null, HOSTILE);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(outcome.error()).isEqualTo("the evaluator timed out after 3 s");
        assertThat(took).isLessThan(HOSTILE.plusSeconds(5)); // bounded, with room for a loaded machine
        assertThat(run(spec("boolean", "def evaluate(log):\n    return True\n"), null, NORMAL).judgment())
                .isEqualTo(true);
    }

    @Test
    void killsAWorkerStuckInOneLongCallAndStartsAFreshOne() {
        run(spec("boolean", "def evaluate(log):\n    return True\n"), null, NORMAL);
        List<Long> before = workers.pids();
        long started = System.nanoTime();

        // One built-in call the worker's own watchdog cannot interrupt: only killing the process stops it.
        EvaluatorOutcome outcome = run(spec("boolean", """
                def evaluate(log):
                    return pow(3, 2 ** 40000 - 1, 2 ** 40000 + 1) > 0
                """), null, Duration.ofSeconds(2));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(outcome.error()).isEqualTo("the evaluator timed out after 2 s");
        // the 2 s budget, then a kill and a fresh worker: bounded, with room for a loaded machine
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        assertThat(run(spec("boolean", "def evaluate(log):\n    return True\n"), null, NORMAL).judgment())
                .isEqualTo(true);
        assertThat(workers.pids()).hasSize(1).doesNotContainAnyElementsOf(before);
    }

    @Test
    void aMemoryBombKillsOnlyTheWorker() {
        EvaluatorOutcome huge = run(spec("boolean", """
                def evaluate(log):
                    return len(bytearray(512 * 1024 * 1024)) > 0
                """), null, HOSTILE);
        EvaluatorOutcome growing = run(spec("boolean", """
                def evaluate(log):
                    l = []
                    while True:
                        l.append("x" * 1000000)
                """), null, Duration.ofSeconds(5));

        assertThat(huge.error()).isEqualTo("the evaluator exceeded the memory limit of the Python worker (256m heap)");
        assertThat(growing.error()).containsAnyOf("memory limit", "timed out");
        assertThat(run(spec("boolean", "def evaluate(log):\n    return True\n"), null, NORMAL).judgment())
                .isEqualTo(true);
    }

    private static EvaluatorOutcome run(Map<String, Object> spec, Map<String, Object> testcase, Duration timeout) {
        return runner.run(spec, LOG, testcase, timeout);
    }

    private static Map<String, Object> spec(String returnType, String code) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("evaluator_type", "python");
        spec.put("arguments_type", "target_free");
        spec.put("return_type", returnType);
        spec.put("code", code);
        return spec;
    }
}
