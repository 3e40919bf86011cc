package dev.tracevault.command.evaluation.python;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The child process that runs users' Python evaluators for {@link PythonWorkers}. It reads one JSON
 * request a line on stdin, says {@code {"started":id}} when the user's code is about to run (so the
 * caller's clock leaves out context creation), then answers with one JSON line on stdout. It runs in a
 * JVM of its own because the community GraalPy has no CPU or memory limits: a memory bomb or a runaway
 * built-in call can only take this process down, and the server kills and replaces it.
 *
 * <p>Public because launchers (Spring Boot's PropertiesLauncher) call {@code main} reflectively.
 */
public final class PythonWorker implements AutoCloseable {

    static final String READY = "{\"ready\":true}";

    /** Live contexts kept per code digest: a fresh context costs 0.1–1 s, a pooled call a few ms. */
    private static final int POOLED_CONTEXTS = 8;

    /** What {@code print()} may leave in one answer. */
    private static final int STDOUT_LIMIT = 64 * 1024;

    /**
     * Loads the user's code into its own namespace and calls {@code evaluate}, answering
     * {@code [True, value]} or {@code [False, error text]}. The value itself leaves the sandbox:
     * {@link GuestResult} converts and caps it on the host, because anything in here (this module,
     * {@code json}, builtins) is within reach of the user's code. The code is loaded on the first call
     * in a context: contexts are pooled per code digest, and module-level state lives on like that of
     * an imported module.
     */
    private static final String HARNESS = """
            import json, linecache, traceback

            _FILE = '<evaluator>'
            _fn = None

            def _load(code):
                linecache.cache[_FILE] = (len(code), None, code.splitlines(True), _FILE)
                namespace = {'__name__': '__evaluator__', '__builtins__': __builtins__}
                exec(compile(code, _FILE, 'exec'), namespace)
                fn = namespace.get('evaluate')
                if not callable(fn):
                    raise NameError('the code must define a function evaluate(log) or evaluate(log, testcase)')
                return fn

            def _positional(fn):
                code = getattr(fn, '__code__', None)
                if code is None:
                    return 1
                return 2 if code.co_flags & 0x04 else code.co_argcount

            def _describe(error):
                head = ''.join(traceback.format_exception_only(type(error), error)).strip()
                frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == _FILE][-5:]
                if not frames:
                    return head
                lines = traceback.StackSummary.from_list(frames).format()
                return head + '\\nTraceback (most recent call last):\\n' + ''.join(lines).rstrip()

            def _run(code, log_json, testcase_json, target_required):
                global _fn
                try:
                    if _fn is None:
                        _fn = _load(code)
                    log = json.loads(log_json)
                    testcase = None if testcase_json is None else json.loads(testcase_json)
                    if target_required or (testcase is not None and _positional(_fn) >= 2):
                        value = _fn(log, testcase)
                    else:
                        value = _fn(log)
                    return [True, value]
                except BaseException as error:
                    return [False, _describe(error)]
            """;

    private final JsonMapper json = JsonMapper.builder().build();
    private final Engine engine;
    private final Source harness = Source.create("python", HARNESS);
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "python-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Evaluator> pool = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Evaluator> eldest) {
            if (size() > POOLED_CONTEXTS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };
    private final PrintStream answers;

    PythonWorker(PrintStream answers) {
        this.answers = answers;
        engine = Engine.newBuilder("python")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(new FilterOutputStream(System.err)) // engine warnings; the policy wants a stream of our own
                .option("engine.WarnInterpreterOnly", "false")
                .build();
    }

    public static void main(String[] args) throws Exception {
        // Only answers may reach the real stdout; anything else printed goes to stderr.
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        try (PythonWorker worker = new PythonWorker(answers)) {
            worker.warmUp();
            worker.send(READY);
            BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = requests.readLine(); line != null; line = requests.readLine()) {
                worker.send(worker.handle(line));
            }
        }
        System.exit(0);
    }

    /** Pays GraalPy's start-up before the worker says ready, so no caller's clock counts it. */
    private void warmUp() {
        Evaluator evaluator = newEvaluator();
        try {
            String code = "def evaluate(log):\n    return 1 / log['n']";
            evaluator.result.answer(evaluator.run.execute(code, "{\"n\": 0}", null, false), json);
            evaluator.result.answer(evaluator.run.execute(code, "{\"n\": 1}", null, false), json);
        } finally {
            evaluator.close();
        }
    }

    private void send(String line) {
        answers.println(line);
        answers.flush();
    }

    private String handle(String line) {
        long id = -1;
        ObjectNode answer;
        try {
            JsonNode request = json.readTree(line);
            id = request.path("id").asLong(-1);
            answer = evaluate(request);
        } catch (RuntimeException e) {
            answer = error("the Python worker could not run the request: " + e);
        }
        answer.put("id", id);
        return json.writeValueAsString(answer);
    }

    private ObjectNode evaluate(JsonNode request) {
        String code = request.path("code").asString("");
        String logJson = json.writeValueAsString(request.path("log"));
        JsonNode testcase = request.path("testcase");
        String testcaseJson = testcase.isMissingNode() || testcase.isNull() ? null : json.writeValueAsString(testcase);
        boolean targetRequired = request.path("target_required").asBoolean(false);
        long timeoutMillis = Math.max(1, request.path("timeout_ms").asLong(10_000));

        String digest = digest(code);
        Evaluator evaluator = pool.remove(digest);
        if (evaluator == null) {
            evaluator = newEvaluator();
        }
        evaluator.stdout.reset();
        send("{\"started\":" + request.path("id").asLong(-1) + "}");
        AtomicBoolean timedOut = new AtomicBoolean();
        Evaluator running = evaluator;
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            running.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        ObjectNode answer;
        boolean reusable = false;
        try {
            // converted while the watchdog still runs: a user's container type may run code when walked
            answer = evaluator.result.answer(evaluator.run.execute(code, logJson, testcaseJson, targetRequired),
                    json);
            reusable = true;
        } catch (PolyglotException e) {
            answer = error(timedOut.get() ? timeoutMessage(timeoutMillis) : describe(e));
        } catch (IllegalStateException e) {
            // The watchdog closed the context under the running call.
            answer = error(timedOut.get() ? timeoutMessage(timeoutMillis) : "the Python context failed: " + e);
        } finally {
            alarm.cancel(false);
        }
        String stdout = evaluator.stdout.text();
        if (!stdout.isEmpty()) {
            answer.put("stdout", stdout);
        }
        if (reusable && !timedOut.get()) {
            pool.put(digest, evaluator);
        } else {
            evaluator.close();
        }
        return answer;
    }

    private Evaluator newEvaluator() {
        BoundedOutput stdout = new BoundedOutput(STDOUT_LIMIT);
        Context context = Context.newBuilder("python")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(stdout)
                .err(stdout)
                .in(InputStream.nullInputStream())
                .allowHostAccess(HostAccess.CONSTRAINED)
                .allowHostClassLookup(className -> false)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowNativeAccess(false)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .build();
        try {
            GuestResult result = GuestResult.capture(context);
            context.eval(harness);
            return new Evaluator(context, context.getBindings("python").getMember("_run"), result, stdout);
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    /** A failure the harness could not catch in Python: a refused host operation, an exit, an internal error. */
    private static String describe(PolyglotException e) {
        if (e.isExit()) {
            return "the evaluator tried to exit (status " + e.getExitStatus() + ")";
        }
        if (e.isResourceExhausted()) {
            return "the evaluator exhausted a resource: " + e.getMessage();
        }
        if (e.isHostException()) {
            return "refused by the sandbox: " + e.asHostException();
        }
        // Refused sockets, processes and threads surface as internal errors of the runtime.
        return (e.isInternalError() ? "refused by the sandbox: " : "") + e.getMessage();
    }

    static String timeoutMessage(long millis) {
        return "the evaluator timed out after " + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms");
    }

    private ObjectNode error(String message) {
        return json.createObjectNode().put("error", message);
    }

    private static String digest(String code) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        pool.values().forEach(Evaluator::close);
        pool.clear();
        engine.close(true);
    }

    /** One sandboxed context with the harness loaded. */
    private record Evaluator(Context context, Value run, GuestResult result, BoundedOutput stdout) {

        /** Closes the context, cancelling a call running in it (the watchdog's way to stop a loop). */
        void close() {
            try {
                context.close(true);
            } catch (RuntimeException e) {
                // Already closed, or closing from the running thread: the caller discards it anyway.
            }
        }
    }
}
