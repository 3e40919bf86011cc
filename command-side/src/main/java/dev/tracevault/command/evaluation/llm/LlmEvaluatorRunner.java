package dev.tracevault.command.evaluation.llm;

import dev.tracevault.command.evaluation.run.EvaluatorOutcome;
import dev.tracevault.command.evaluation.run.EvaluatorRunner;
import dev.tracevault.command.evaluation.run.Judgments;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code llm} (AI) evaluators: renders the spec's prompt with the judged log, asks the one
 * OpenAI-compatible chat-completions provider the operator configured, and reads the judgment
 * out of the answer.
 *
 * <p>Settings (empty means unset): {@code tracevault.evaluators.llm.base-url}
 * ({@code TRACEVAULT_EVALUATORS_LLM_BASE_URL}; the runner POSTs to {@code <base-url>/chat/completions}),
 * {@code tracevault.evaluators.llm.api-key} (sent as {@code Authorization: Bearer}, never recorded)
 * and {@code tracevault.evaluators.llm.model} (replaces the prompt's {@code model}, since an
 * operator's endpoint rarely serves the model a Humanloop export names).
 *
 * <p>The request: the template's {@code {{ path }}} variables are filled from {@code log} and
 * {@code testcase} ({@code {{log.output}}}, {@code {{log.inputs.question}}},
 * {@code {{log.messages}}}, {@code {{testcase.target}}}, any dotted path; list items by index).
 * Strings go in raw, other values as compact JSON; an unknown path renders as the empty string.
 * A string template is one {@code user} message; a list template is those messages. The prompt's
 * {@code temperature}, {@code max_tokens}, {@code top_p}, {@code stop}, {@code presence_penalty},
 * {@code frequency_penalty}, {@code seed}, {@code response_format} and {@code reasoning_effort} are
 * passed on when present, and the fields of {@code other} are added to the request.
 *
 * <p>Reading the judgment from the first choice's message content. An answer that is wholly JSON
 * (a Markdown code fence around it is dropped) gives its value, an object's {@code judgment} field,
 * or the only field of a one-field object; otherwise the text is read:
 * <ul>
 *   <li>{@code boolean}: {@code true/yes/pass} or {@code false/no/fail}, any case, as the whole
 *       answer, else its last line, else its last word, quotes, emphasis and punctuation around
 *       it ignored ({@code "**Yes.**"}, {@code "…\nVerdict: FAIL"}).</li>
 *   <li>{@code number}: the last number in the text ({@code "Score: 4/5"} reads 5, so prompts
 *       should ask for the number last).</li>
 *   <li>{@code select}: an option name of {@code spec.options}, ignoring case: the whole answer,
 *       else the last line, else the option mentioned last (the longer name on a tie). Without
 *       options, the whole answer.</li>
 *   <li>{@code multi_select}: a JSON array, or option names separated by commas, semicolons or
 *       line breaks, as the whole answer, the last line, or the last line after its last
 *       {@code ':'}; every item must name an option (ignoring case); repeats are dropped.</li>
 *   <li>{@code text}: the whole answer, trimmed.</li>
 * </ul>
 * Option names are returned in the spec's spelling. The value must then pass {@link Judgments};
 * an unreadable or unfitting answer is a failed outcome quoting what the model said.
 *
 * <p>Provider faults (no connection, a timeout, a non-2xx status, malformed JSON) are failed
 * outcomes too, keeping what was sent and received.
 */
@Component
public class LlmEvaluatorRunner implements EvaluatorRunner, AutoCloseable {

    static final String NOT_CONFIGURED = "no LLM provider is configured: set TRACEVAULT_EVALUATORS_LLM_BASE_URL"
            + " (tracevault.evaluators.llm.base-url) to an OpenAI-compatible endpoint such as"
            + " https://api.openai.com/v1, and TRACEVAULT_EVALUATORS_LLM_API_KEY if it needs a key";

    /** Caps connection set-up; the whole call is bounded by the run's timeout anyway. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int QUOTE_LIMIT = 300;
    private static final List<String> PARAMETERS = List.of("temperature", "max_tokens", "top_p", "stop",
            "presence_penalty", "frequency_penalty", "seed", "response_format", "reasoning_effort");
    private static final Set<String> RETURN_TYPES = Set.of("boolean", "number", "select", "multi_select", "text");

    private final String baseUrl;
    private final String apiKey;
    private final String model;
    private final JsonMapper json;
    private final PromptTemplates templates;
    private final JudgmentParser judgments;
    private final HttpClient http;

    LlmEvaluatorRunner(@Value("${tracevault.evaluators.llm.base-url:}") String baseUrl,
                       @Value("${tracevault.evaluators.llm.api-key:}") String apiKey,
                       @Value("${tracevault.evaluators.llm.model:}") String model) {
        this.baseUrl = baseUrl == null ? "" : baseUrl.strip();
        this.apiKey = apiKey == null ? "" : apiKey.strip();
        this.model = model == null ? "" : model.strip();
        // Exact decimals for number judgments; "{…} and more text" is not JSON but text to read.
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        this.templates = new PromptTemplates(json);
        this.judgments = new JudgmentParser(json);
        // HTTP/1.1: a plain-http local endpoint need not cope with the h2c upgrade.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public String evaluatorType() {
        return "llm";
    }

    @Override
    public EvaluatorOutcome run(Map<String, Object> spec, Map<String, Object> log, Map<String, Object> testcase,
                                Duration timeout) {
        if (baseUrl.isEmpty()) {
            return EvaluatorOutcome.failed(NOT_CONFIGURED);
        }
        String returnType = String.valueOf(spec.get("return_type"));
        if (!RETURN_TYPES.contains(returnType)) {
            return EvaluatorOutcome.failed("unknown return_type '" + returnType + "'");
        }
        if (!(spec.get("prompt") instanceof Map<?, ?> prompt)) {
            return EvaluatorOutcome.failed("this llm evaluator has no prompt: its spec needs prompt.template");
        }
        Object template = prompt.get("template");
        if (template == null || (template instanceof String s && s.isBlank())
                || (template instanceof List<?> l && l.isEmpty())) {
            return EvaluatorOutcome.failed("this llm evaluator's prompt has no template to send to the model");
        }
        String chosenModel = !model.isEmpty() ? model
                : prompt.get("model") instanceof String m && !m.isBlank() ? m : null;
        if (chosenModel == null) {
            return EvaluatorOutcome.failed("this llm evaluator's prompt names no model and"
                    + " TRACEVAULT_EVALUATORS_LLM_MODEL (tracevault.evaluators.llm.model) is not set");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            return EvaluatorOutcome.failed("the evaluator run had no time left to call the LLM provider");
        }
        Map<String, Object> request;
        try {
            request = request(prompt, chosenModel, template, log, testcase);
        } catch (IllegalArgumentException e) {
            return EvaluatorOutcome.failed("this llm evaluator's " + e.getMessage());
        }
        return call(request, options(spec), returnType, spec, timeout);
    }

    private Map<String, Object> request(Map<?, ?> prompt, String chosenModel, Object template,
                                        Map<String, Object> log, Map<String, Object> testcase) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("log", log);
        scope.put("testcase", testcase);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", chosenModel);
        request.put("messages", templates.messages(template, scope));
        for (String parameter : PARAMETERS) {
            if (prompt.get(parameter) != null) {
                request.put(parameter, prompt.get(parameter));
            }
        }
        if (prompt.get("other") instanceof Map<?, ?> other) {
            other.forEach((key, value) -> request.putIfAbsent(String.valueOf(key), value));
        }
        return request;
    }

    private EvaluatorOutcome call(Map<String, Object> request, List<String> options, String returnType,
                                  Map<String, Object> spec, Duration timeout) {
        URI uri;
        String body;
        try {
            uri = URI.create(baseUrl.replaceAll("/+$", "") + "/chat/completions");
            body = json.writeValueAsString(request);
        } catch (IllegalArgumentException e) {
            return EvaluatorOutcome.failed("TRACEVAULT_EVALUATORS_LLM_BASE_URL is not a valid URL: " + e.getMessage());
        } catch (JacksonException e) {
            return failed("could not write the LLM request as JSON: " + e.getOriginalMessage(), request, null, null);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!apiKey.isEmpty()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(builder.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            // The request timeout stops at the headers; this bounds reading the body as well.
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return failed(noAnswer(timeout), request, null, seconds(start));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            return failed(unreachable(cause, timeout), request, null, seconds(start));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return failed("interrupted while waiting for the LLM provider", request, null, seconds(start));
        }
        Double latency = seconds(start);
        return answer(response, request, latency, returnType, options, spec);
    }

    private EvaluatorOutcome answer(HttpResponse<String> response, Map<String, Object> request, Double latency,
                                    String returnType, List<String> options, Map<String, Object> spec) {
        String body = response.body() == null ? "" : response.body();
        Map<String, Object> received = jsonObject(body);
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            return failed("the LLM provider answered HTTP " + response.statusCode() + ": " + quote(body),
                    request, received, latency);
        }
        if (received == null) {
            return failed("the LLM provider's answer is not a JSON object: " + quote(body), request, null, latency);
        }
        String content = content(received);
        if (content == null) {
            return failed("the LLM provider's answer has no choices[0].message.content: " + quote(body),
                    request, received, latency);
        }
        Optional<Object> judgment = judgments.parse(returnType, options, content);
        if (judgment.isEmpty()) {
            return new EvaluatorOutcome(null, "could not read a " + returnType + " judgment from the model's answer: "
                    + quote(content), content, request, received, latency, null);
        }
        String problem = Judgments.problem(spec, judgment.get());
        if (problem != null) {
            return new EvaluatorOutcome(null, problem + "; the model answered: " + quote(content), content, request,
                    received, latency, null);
        }
        return new EvaluatorOutcome(judgment.get(), null, content, request, received, latency, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> jsonObject(String body) {
        try {
            return json.readValue(body, Object.class) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The first choice's message text; content given as parts is joined from its text parts. */
    private static String content(Map<String, Object> received) {
        if (!(received.get("choices") instanceof List<?> choices) || choices.isEmpty()
                || !(choices.getFirst() instanceof Map<?, ?> choice)
                || !(choice.get("message") instanceof Map<?, ?> message)) {
            return null;
        }
        return switch (message.get("content")) {
            case String text -> text;
            case List<?> parts -> {
                StringBuilder text = new StringBuilder();
                for (Object part : parts) {
                    if (part instanceof Map<?, ?> p && p.get("text") instanceof String s) {
                        text.append(s);
                    }
                }
                yield text.toString();
            }
            case null, default -> null;
        };
    }

    private static List<String> options(Map<String, Object> spec) {
        List<String> names = new ArrayList<>();
        if (spec.get("options") instanceof List<?> options) {
            for (Object option : options) {
                if (option instanceof Map<?, ?> o && o.get("name") instanceof String name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static String unreachable(Throwable cause, Duration timeout) {
        if (cause instanceof HttpTimeoutException) {
            return noAnswer(timeout);
        }
        if (cause instanceof ConnectException) {
            return "could not connect to the LLM provider: " + describe(cause);
        }
        if (cause instanceof IOException) {
            return "the call to the LLM provider failed: " + describe(cause);
        }
        return "the call to the LLM provider failed unexpectedly: " + describe(cause);
    }

    private static String describe(Throwable cause) {
        // A ConnectException from the HTTP client often has no message of its own.
        Throwable root = cause;
        while (root.getMessage() == null && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String noAnswer(Duration timeout) {
        return "the LLM provider did not answer within "
                + BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static Double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String quote(String text) {
        String shown = text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "…" : text;
        return "\"" + shown + "\"";
    }

    private static EvaluatorOutcome failed(String error, Map<String, Object> request, Map<String, Object> response,
                                           Double latency) {
        return new EvaluatorOutcome(null, error, null, request, response, latency, null);
    }

    /** Stops the HTTP client's threads when the application shuts down; calls in flight are dropped. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
