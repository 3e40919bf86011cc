package dev.tracevault.command.evaluation.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tracevault.command.evaluation.run.EvaluatorOutcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** The llm runner against a local HTTP server standing in for an OpenAI-compatible provider. */
class LlmEvaluatorRunnerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, Object> LOG = Map.of(
            "id", "log_1",
            "inputs", Map.of("question", "What is 2+2?"),
            "output", "4",
            "messages", List.of(message("user", "What is 2+2?")));

    /** A chat message whose keys keep their order, so it renders as predictable JSON. */
    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    private HttpServer server;
    private ExecutorService serverThreads;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<LlmEvaluatorRunner> runners = new ArrayList<>();

    private volatile int status = 200;
    private volatile String answerBody;
    private volatile boolean hang;
    private volatile String receivedPath;
    private volatile String receivedAuthorization;
    private volatile Map<String, Object> receivedBody;

    @BeforeEach
    void startProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(serverThreads);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopProvider() {
        release.countDown();
        runners.forEach(LlmEvaluatorRunner::close);
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange exchange) throws IOException {
        receivedPath = exchange.getRequestURI().getPath();
        receivedAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        receivedBody = JSON.readValue(exchange.getRequestBody().readAllBytes(), Map.class);
        if (hang) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answerBody.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private LlmEvaluatorRunner runner(String baseUrl, String apiKey, String model) {
        LlmEvaluatorRunner runner = new LlmEvaluatorRunner(baseUrl, apiKey, model);
        runners.add(runner);
        return runner;
    }

    private LlmEvaluatorRunner runner() {
        return runner(baseUrl(), "", "");
    }

    /** The provider answers with {@code content} as the first choice's message. */
    private void modelSays(String content) {
        answerBody = JSON.writeValueAsString(Map.of(
                "id", "chatcmpl-1",
                "object", "chat.completion",
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content)))));
    }

    private static Map<String, Object> spec(String returnType, Object template) {
        Map<String, Object> prompt = new LinkedHashMap<>();
        prompt.put("model", "gpt-4o");
        prompt.put("template", template);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("evaluator_type", "llm");
        spec.put("arguments_type", "target_free");
        spec.put("return_type", returnType);
        spec.put("prompt", prompt);
        return spec;
    }

    private static Map<String, Object> spec(String returnType) {
        return spec(returnType, "Is {{log.output}} right? Answer yes or no.");
    }

    private static Map<String, Object> withOptions(Map<String, Object> spec, String... names) {
        spec.put("options", Arrays.stream(names).map(n -> Map.of("name", n)).toList());
        return spec;
    }

    private EvaluatorOutcome judge(Map<String, Object> spec, String answer) {
        modelSays(answer);
        return runner().run(spec, LOG, null, TIMEOUT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void sendsRenderedChatMessagesWithParametersToChatCompletions() {
        Map<String, Object> spec = spec("boolean", List.of(
                Map.of("role", "system", "content", "You grade answers."),
                Map.of("role", "user", "content",
                        "Q: {{ log.inputs.question }}\nA: {{log.output}}\nExpected: {{testcase.target.answer}}"
                                + "\nMissing: [{{ log.nothing.here }}]")));
        Map<String, Object> prompt = (Map<String, Object>) spec.get("prompt");
        prompt.put("temperature", 0);
        prompt.put("max_tokens", 5);
        prompt.put("seed", 7);
        prompt.put("stop", List.of("\n\n"));
        prompt.put("other", Map.of("user", "tracevault"));
        modelSays("true");

        EvaluatorOutcome outcome = runner(baseUrl(), "sk-secret", "local-judge")
                .run(spec, LOG, Map.of("target", Map.of("answer", "4")), TIMEOUT);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.judgment()).isEqualTo(true);
        assertThat(receivedPath).isEqualTo("/v1/chat/completions");
        assertThat(receivedAuthorization).isEqualTo("Bearer sk-secret");
        assertThat(receivedBody).containsEntry("model", "local-judge")
                .containsEntry("temperature", 0)
                .containsEntry("max_tokens", 5)
                .containsEntry("seed", 7)
                .containsEntry("stop", List.of("\n\n"))
                .containsEntry("user", "tracevault")
                .containsEntry("messages", List.of(
                        Map.of("role", "system", "content", "You grade answers."),
                        Map.of("role", "user", "content", "Q: What is 2+2?\nA: 4\nExpected: 4\nMissing: []")));
        assertThat(outcome.providerRequest()).isEqualTo(receivedBody);
        assertThat(outcome.providerRequest().toString()).doesNotContain("sk-secret");
        assertThat(outcome.providerResponse()).containsEntry("id", "chatcmpl-1");
        assertThat(outcome.output()).isEqualTo("true");
        assertThat(outcome.providerLatency()).isNotNull().isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void stringTemplateIsOneUserMessageWithNonStringsAsCompactJsonAndThePromptsModel() {
        modelSays("yes");

        Map<String, Object> spec = spec("boolean",
                "In: {{log.inputs}} Msgs: {{log.messages}} First: {{log.messages.0.role}}");

        EvaluatorOutcome outcome = runner().run(spec, LOG, null, TIMEOUT);

        assertThat(outcome.judgment()).isEqualTo(true);
        assertThat(receivedAuthorization).isNull();
        assertThat(receivedBody).containsEntry("model", "gpt-4o")
                .containsEntry("messages", List.of(Map.of("role", "user", "content",
                        "In: {\"question\":\"What is 2+2?\"}"
                                + " Msgs: [{\"role\":\"user\",\"content\":\"What is 2+2?\"}] First: user")))
                .doesNotContainKeys("temperature", "max_tokens");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Yes                                          | true
            '**FAIL.**'                                  | false
            'The answer matches the question.\nPass'     | true
            'It contradicts the reference, so: false'    | false
            '{"judgment": true}'                         | true
            '```json\n{"judgment": false}\n```'          | false
            '{"verdict": "no"}'                          | false
            """)
    void readsBooleanJudgments(String answer, boolean expected) {
        EvaluatorOutcome outcome = judge(spec("boolean"), answer.replace("\\n", "\n"));

        assertThat(outcome.error()).isNull();
        assertThat(outcome.judgment()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '7'                                          | 7
            'The answer is mostly right.\nScore: 8.5'   | 8.5
            '{"judgment": 3, "reason": "ok"}'            | 3
            'On a scale of 1-10 I give it -2'            | -2
            """)
    void readsNumberJudgments(String answer, String expected) {
        EvaluatorOutcome outcome = judge(spec("number"), answer.replace("\\n", "\n"));

        assertThat(outcome.error()).isNull();
        assertThat(new BigDecimal(outcome.judgment().toString())).isEqualByComparingTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            'Good'                                       | good
            'very GOOD.'                                 | Very good
            'It is not bad at all.\nRating: very good'   | Very good
            'Not bad; on reflection I would say good'    | good
            '"bad"'                                      | bad
            """)
    void readsSelectJudgmentsInTheSpecsSpelling(String answer, String expected) {
        EvaluatorOutcome outcome = judge(withOptions(spec("select"), "good", "bad", "Very good"),
                answer.replace("\\n", "\n"));

        assertThat(outcome.error()).isNull();
        assertThat(outcome.judgment()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '["rude", "Too long"]'                       | Rude,Too long
            'rude, too long'                             | Rude,Too long
            'Two problems here.\nLabels: too long; Off-topic' | Too long,Off-topic
            '- Rude\n- Rude'                             | Rude
            '[]'                                         | ''
            """)
    void readsMultiSelectJudgments(String answer, String expected) {
        EvaluatorOutcome outcome = judge(withOptions(spec("multi_select"), "Rude", "Too long", "Off-topic"),
                answer.replace("\\n", "\n"));

        assertThat(outcome.error()).isNull();
        assertThat(outcome.judgment()).isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
    }

    @Test
    void readsTextJudgmentAsTheWholeAnswerTrimmed() {
        EvaluatorOutcome outcome = judge(spec("text"), "  Needs a citation.\nOtherwise fine. \n");

        assertThat(outcome.judgment()).isEqualTo("Needs a citation.\nOtherwise fine.");
    }

    @Test
    void unreadableAnswerIsAnErrorQuotingTheModel() {
        EvaluatorOutcome outcome = judge(spec("boolean"), "Maybe, it depends on the rounding.");

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.judgment()).isNull();
        assertThat(outcome.error()).contains("boolean").contains("\"Maybe, it depends on the rounding.\"");
        assertThat(outcome.output()).isEqualTo("Maybe, it depends on the rounding.");
        assertThat(outcome.providerResponse()).isNotNull();
    }

    @Test
    void longAnswersAreQuotedTruncated() {
        EvaluatorOutcome outcome = judge(spec("number"), "x".repeat(5000));

        assertThat(outcome.error()).hasSizeLessThan(500).contains("xxx…");
    }

    @Test
    void numberOutsideTheLimitsIsAnError() {
        Map<String, Object> spec = spec("number");
        spec.put("number_limits", Map.of("min", 0, "max", 10));

        EvaluatorOutcome outcome = judge(spec, "Score: 12");

        assertThat(outcome.judgment()).isNull();
        assertThat(outcome.error()).contains("above number_limits.max 10").contains("\"Score: 12\"");
    }

    @Test
    void selectAnswerNamingNoOptionIsAnError() {
        EvaluatorOutcome outcome = judge(withOptions(spec("select"), "good", "bad"), "mediocre");

        assertThat(outcome.error()).contains("\"mediocre\"");
    }

    @Test
    void providerErrorIsAnErrorWithItsStatusAndBody() {
        status = 500;
        answerBody = "{\"error\": {\"message\": \"the model is overloaded\"}}";

        EvaluatorOutcome outcome = runner().run(spec("boolean"), LOG, null, TIMEOUT);

        assertThat(outcome.error()).contains("HTTP 500").contains("the model is overloaded");
        assertThat(outcome.providerRequest()).containsKey("messages");
        assertThat(outcome.providerResponse()).containsKey("error");
    }

    @Test
    void malformedAnswerIsAnError() {
        answerBody = "<html>gateway</html>";

        EvaluatorOutcome outcome = runner().run(spec("boolean"), LOG, null, TIMEOUT);

        assertThat(outcome.error()).contains("not a JSON object").contains("<html>gateway</html>");
        assertThat(outcome.providerRequest()).isNotNull();
    }

    @Test
    void answerWithoutContentIsAnError() {
        answerBody = "{\"choices\": []}";

        EvaluatorOutcome outcome = runner().run(spec("boolean"), LOG, null, TIMEOUT);

        assertThat(outcome.error()).contains("no choices[0].message.content");
    }

    @Test
    void providerThatNeverAnswersIsAnErrorAfterTheTimeout() {
        hang = true;
        modelSays("true");
        long start = System.nanoTime();

        EvaluatorOutcome outcome = runner().run(spec("boolean"), LOG, null, Duration.ofSeconds(1));

        double elapsed = (System.nanoTime() - start) / 1e9;
        assertThat(outcome.error()).contains("did not answer within 1 s");
        assertThat(outcome.providerRequest()).isNotNull();
        assertThat(elapsed).isBetween(0.9, 3.0);
    }

    @Test
    void refusedConnectionIsAnError() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        EvaluatorOutcome outcome = runner("http://127.0.0.1:" + port + "/v1", "", "")
                .run(spec("boolean"), LOG, null, TIMEOUT);

        assertThat(outcome.error()).startsWith("could not connect to the LLM provider");
    }

    @Test
    void unconfiguredProviderIsAnErrorNamingTheSetting() {
        EvaluatorOutcome outcome = runner("", "", "").run(spec("boolean"), LOG, null, TIMEOUT);

        assertThat(outcome.error()).contains("TRACEVAULT_EVALUATORS_LLM_BASE_URL")
                .contains("tracevault.evaluators.llm.base-url");
        assertThat(receivedBody).isNull();
    }

    @Test
    void specWithoutPromptOrTemplateIsAnError() {
        Map<String, Object> noPrompt = spec("boolean");
        noPrompt.remove("prompt");
        Map<String, Object> noTemplate = spec("boolean", null);

        assertThat(runner().run(noPrompt, LOG, null, TIMEOUT).error()).contains("no prompt");
        assertThat(runner().run(noTemplate, LOG, null, TIMEOUT).error()).contains("no template");
        assertThat(receivedBody).isNull();
    }

    @Test
    void evaluatorTypeIsLlm() {
        assertThat(runner().evaluatorType()).isEqualTo("llm");
    }
}
