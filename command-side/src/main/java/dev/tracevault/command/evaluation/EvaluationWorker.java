package dev.tracevault.command.evaluation;

import dev.tracevault.command.evaluation.run.EvaluatorOutcome;
import dev.tracevault.command.evaluation.run.EvaluatorRunner;
import dev.tracevault.command.fileregistry.FileVersions;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.queries.ApiDocument;
import dev.tracevault.queries.FindLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the evaluator runs the saga asked for, on its own threads, never inside a request: claims a
 * run, reads the evaluator's spec and the judged log as the API shows it (a Flow Log with its
 * trace as {@code children}), runs the evaluator with its time limit, and records the outcome.
 * A run that fails for a reason of ours (the read model lagging, the database away) is given back
 * and tried again; after {@value #MAX_ATTEMPTS} claims it is recorded as an error.
 */
@Component
class EvaluationWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EvaluationWorker.class);
    static final int MAX_ATTEMPTS = 5;
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final EvaluationJobs jobs;
    private final EvaluatorOutcomes outcomes;
    private final QueryGateway queries;
    private final CommandGateway commands;
    private final WriteTransaction writes;
    private final EvaluationSettings settings;
    private final FileVersions versions;
    private final JsonMapper mapper;
    private final Map<String, EvaluatorRunner> runners;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    /** False on an instance without the {@code processors} role (tracevault.roles): no worker threads. */
    private final boolean enabled;

    EvaluationWorker(EvaluationJobs jobs, EvaluatorOutcomes outcomes, QueryGateway queries, CommandGateway commands,
                     WriteTransaction writes, EvaluationSettings settings, FileVersions versions,
                     JsonMapper mapper, List<EvaluatorRunner> runners,
                     @Value("${tracevault.run-processors:true}") boolean enabled) {
        this.enabled = enabled;
        this.jobs = jobs;
        this.outcomes = outcomes;
        this.queries = queries;
        this.commands = commands;
        this.writes = writes;
        this.settings = settings;
        this.versions = versions;
        this.mapper = mapper;
        this.runners = runners.stream().collect(Collectors.toMap(EvaluatorRunner::evaluatorType, Function.identity()));
    }

    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < settings.workers(); i++) {
            Thread thread = Thread.ofPlatform().name("evaluation-worker-" + i).daemon().start(this::loop);
            threads.add(thread);
        }
    }

    @Override
    public void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                var claimed = jobs.claim(settings.lease());
                if (claimed.isEmpty()) {
                    jobs.awaitWork(1000);
                    continue;
                }
                process(claimed.get());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("evaluation worker: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    private void process(EvaluationJobs.Claimed claimed) {
        RunEvaluator run = claimed.run();
        if (outcomes.recorded(run)) {
            jobs.delete(run);
            return;
        }
        if (claimed.attempts() > MAX_ATTEMPTS) {
            record(run, EvaluatorOutcome.failed("the evaluator could not be run after " + MAX_ATTEMPTS
                    + " attempts"), null);
            return;
        }
        Map<String, Object> spec;
        Map<String, Object> judged;
        try {
            spec = spec(run);
            judged = judgedLog(run);
        } catch (RuntimeException e) {
            log.info("evaluation {} of log {} postponed: {}", run.evaluationId(), run.logId(), e.toString());
            jobs.release(run, Duration.ofSeconds(2L * claimed.attempts()));
            return;
        }
        if (Boolean.TRUE.equals(judged.get("erased"))) {
            // erased meanwhile: its tombstone holds nothing to judge, and its run is no longer wanted
            jobs.delete(run);
            return;
        }
        Instant started = Instant.now();
        EvaluatorOutcome outcome = run(spec, judged);
        record(run, outcome, started);
    }

    private EvaluatorOutcome run(Map<String, Object> spec, Map<String, Object> judged) {
        String type = String.valueOf(spec.get("evaluator_type"));
        EvaluatorRunner runner = runners.get(type);
        if (runner == null) {
            return EvaluatorOutcome.failed("evaluators of type '" + type + "' are not run by the server");
        }
        try {
            return runner.run(spec, judged, null, settings.runTimeout());
        } catch (RuntimeException e) {
            log.warn("the {} runner failed", type, e);
            return EvaluatorOutcome.failed("the " + type + " evaluator could not run: " + e);
        }
    }

    private void record(RunEvaluator run, EvaluatorOutcome outcome, Instant started) {
        writes.run(List.of(run.evaluatorLogId()),
                () -> commands.sendAndWait(SystemActor.evaluation(
                        new RecordEvaluatorOutcome(run, outcome, started, Instant.now()))));
    }

    private Map<String, Object> spec(RunEvaluator run) {
        return versions.evaluatorVersion(run.versionId()).map(FileVersions.EvaluatorVersion::spec)
                .orElseThrow(() -> new IllegalStateException("evaluator version " + run.versionId() + " not found"));
    }

    /** The judged log as the API returns it; a Flow Log's trace is also its {@code children}. */
    private Map<String, Object> judgedLog(RunEvaluator run) {
        var judged = new LinkedHashMap<>(ask(new FindLog(run.logId())));
        if (judged.containsKey("flow")) {
            judged.put("children", judged.getOrDefault("trace_children", List.of()));
        }
        return judged;
    }

    private Map<String, Object> ask(Object query) {
        try {
            String json = queries.query(query, ApiDocument.class).get().json();
            return mapper.readValue(json, JSON_OBJECT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
