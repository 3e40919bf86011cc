package dev.tracevault.command.evaluation.python;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link PythonWorker} processes, each a child JVM with a small heap that the server can kill: the
 * community GraalPy has no CPU or memory limits of its own. Workers start on first use, answer one request
 * at a time, are replaced after a timeout or a death, and are all killed when the application stops.
 */
@Component
class PythonWorkers implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(PythonWorkers.class);

    /** A cold worker unpacks and starts GraalPy (~5–10 s); this only catches one that never gets there. */
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    /** A fresh context takes 0.1–2 s; this only catches a worker that never starts the code. */
    private static final Duration PREPARE_LIMIT = Duration.ofSeconds(60);

    /** Time for the worker's own watchdog to report a timeout before the server kills it. */
    private static final Duration GRACE = Duration.ofMillis(500);

    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    private static final List<String> KEPT_ENVIRONMENT = List.of("PATH", "LANG", "LC_ALL", "TZ");

    /** Marks the end of a worker's output; compared by identity, so no answer line can pass for it. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String EOF = new String("end of output");

    private final JsonMapper json = JsonMapper.builder().build();
    private final String heap;
    private final List<String> command;
    private final List<Slot> slots = new ArrayList<>();
    private final BlockingQueue<Slot> idle;
    private volatile boolean closed;

    PythonWorkers(@Value("${tracevault.evaluators.python.workers:1}") int workers,
                  @Value("${tracevault.evaluators.python.worker-heap:256m}") String heap,
                  @Value("${tracevault.evaluators.python.cache-dir:}") String cacheDir) {
        if (workers < 1) {
            throw new IllegalArgumentException("tracevault.evaluators.python.workers must be at least 1");
        }
        this.heap = heap;
        this.command = command(heap, cacheDir.isBlank() ? defaultCacheDir() : Path.of(cacheDir));
        this.idle = new ArrayBlockingQueue<>(workers);
        for (int i = 1; i <= workers; i++) {
            Slot slot = new Slot(i);
            slots.add(slot);
            idle.add(slot);
        }
    }

    /**
     * Sends one request to a free worker and returns its answer: {@code value} or {@code error}, and
     * {@code stdout}. A timeout, a dead worker or one that cannot start come back as an {@code error}.
     */
    JsonNode call(Map<String, Object> request, Duration timeout) {
        Slot slot;
        try {
            slot = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("interrupted while waiting for a Python worker");
        }
        try {
            return slot.call(request, timeout);
        } finally {
            idle.add(slot);
        }
    }

    /** The process ids of the running workers. */
    List<Long> pids() {
        return slots.stream().map(slot -> slot.running)
                .filter(process -> process != null && process.isAlive())
                .map(Process::pid)
                .toList();
    }

    @Override
    public void destroy() {
        closed = true;
        slots.forEach(Slot::kill);
    }

    /** The command line that starts a worker, from the test class path or from inside the Boot jar. */
    static List<String> command(String heap, Path cacheDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        // C2 compiling GraalPy's start-up doubles its CPU time on a small machine; C1 suffices here.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+DisplayVMOutputToStderr");
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Dpolyglot.engine.WarnInterpreterOnly=false");
        command.add("-Dpolyglot.engine.userResourceCache=" + cacheDir.toAbsolutePath());
        String classPath = System.getProperty("java.class.path");
        if (isBootJar(classPath)) {
            command.add("-Dloader.main=" + PythonWorker.class.getName());
            command.add("-cp");
            command.add(Path.of(classPath).toAbsolutePath().toString());
            command.add(BOOT_LAUNCHER);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(PythonWorker.class.getName());
        }
        return List.copyOf(command);
    }

    /** Whether the server runs as {@code java -jar tracevault.jar}, its classes nested in that jar. */
    private static boolean isBootJar(String classPath) {
        if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Start-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path defaultCacheDir() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "tracevault-graalpy-" + user);
    }

    private JsonNode error(String message) {
        return json.createObjectNode().put("error", message);
    }

    /** One place for a worker: the process in it is started lazily and replaced when it dies. */
    private final class Slot {

        private final int number;
        private volatile Process running;
        private Process process;
        private BufferedWriter requests;
        private BlockingQueue<String> answers;
        private Deque<String> stderr;
        private Thread stderrReader;
        private long lastId;

        Slot(int number) {
            this.number = number;
        }

        JsonNode call(Map<String, Object> request, Duration timeout) {
            if (closed) {
                return error("the Python workers are shut down");
            }
            if (process == null || !process.isAlive()) {
                discard();
                String problem = start();
                if (problem != null) {
                    return error(problem);
                }
            }
            long id = ++lastId;
            Map<String, Object> line = new LinkedHashMap<>(request);
            line.put("id", id);
            try {
                requests.write(json.writeValueAsString(line));
                requests.newLine();
                requests.flush();
            } catch (JacksonException e) {
                return error("the log could not be passed to the evaluator: " + e.getOriginalMessage());
            } catch (IOException e) {
                return error(stopped());
            }
            String answer;
            try {
                // The clock starts when the worker has a context ready and starts the user's code.
                answer = answers.poll(PREPARE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                if (answer == null) {
                    discard();
                    return error("the Python worker did not start the evaluator within " + PREPARE_LIMIT.toSeconds()
                            + " s");
                }
                if (answer != EOF && answer.startsWith("{\"started\"")) {
                    answer = answers.poll(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                discard();
                return error("interrupted while the evaluator ran");
            }
            if (answer == null) {
                discard();
                return error(PythonWorker.timeoutMessage(timeout.toMillis()));
            }
            if (answer == EOF) {
                return error(stopped());
            }
            JsonNode node = json.readTree(answer);
            if (node.path("id").asLong() != id) {
                discard();
                return error("the Python worker answered out of turn");
            }
            return node;
        }

        /** Starts a worker and waits for it to say ready, or says why it did not. */
        private String start() {
            ProcessBuilder builder = new ProcessBuilder(command);
            // The worker needs none of the server's secrets.
            Map<String, String> environment = builder.environment();
            environment.keySet().retainAll(KEPT_ENVIRONMENT);
            long startedAt = System.nanoTime();
            try {
                process = builder.start();
            } catch (IOException e) {
                return "could not start the Python worker: " + e.getMessage();
            }
            Process started = process;
            running = started;
            requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            answers = new LinkedBlockingQueue<>();
            stderr = new ArrayDeque<>();
            BlockingQueue<String> lines = answers;
            Deque<String> tail = stderr;
            String name = "python-worker-" + number + "-" + process.pid();
            Consumer<String> diagnostic = line -> {
                LOG.warn("{}: {}", name, line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 20) {
                        tail.removeFirst();
                    }
                }
            };
            // Answers are JSON objects; anything else on stdout is the JVM talking.
            Consumer<String> output = line -> {
                if (line.startsWith("{")) {
                    lines.add(line);
                } else {
                    diagnostic.accept(line);
                }
            };
            daemon(name + "-out", () -> readLines(started.getInputStream(), output, () -> lines.add(EOF)));
            stderrReader = daemon(name + "-err", () -> readLines(started.getErrorStream(), diagnostic, () -> { }));
            if (closed) {
                discard();
                return "the Python workers are shut down";
            }
            String ready;
            try {
                ready = answers.poll(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                discard();
                return "interrupted while the Python worker started";
            }
            if (!PythonWorker.READY.equals(ready)) {
                String reason = ready == null ? "it did not start within " + START_LIMIT.toSeconds() + " s" : stopped();
                discard();
                return "could not start the Python worker: " + reason;
            }
            LOG.info("Python worker {} (pid {}) started in {} ms", number, started.pid(),
                    (System.nanoTime() - startedAt) / 1_000_000);
            return null;
        }

        /** Why the worker's output ended: it ran out of memory, or died some other way. */
        private String stopped() {
            Process dead = process;
            try {
                dead.waitFor(2, TimeUnit.SECONDS);
                stderrReader.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            discard();
            String last;
            synchronized (stderr) {
                if (stderr.stream().anyMatch(line -> line.contains("OutOfMemoryError"))) {
                    return "the evaluator exceeded the memory limit of the Python worker (" + heap + " heap)";
                }
                last = stderr.isEmpty() ? "" : ": " + stderr.getLast();
            }
            String status = dead.isAlive() ? "" : " with exit code " + dead.exitValue();
            return closed ? "the Python workers are shut down" : "the Python worker stopped" + status + last;
        }

        /** Kills the worker from any thread; its caller, if any, then sees the output end. */
        void kill() {
            Process target = running;
            if (target != null) {
                target.destroyForcibly();
            }
        }

        /** Kills the worker so that the next call starts a fresh one. */
        private void discard() {
            kill();
            process = null;
            running = null;
        }

        private Thread daemon(String name, Runnable task) {
            return Thread.ofPlatform().name(name).daemon().start(task);
        }
    }

    private static void readLines(InputStream stream, Consumer<String> sink, Runnable atEnd) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // The process was killed; its output ends here either way.
        } finally {
            atEnd.run();
        }
    }
}
