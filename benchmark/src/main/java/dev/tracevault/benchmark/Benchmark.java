package dev.tracevault.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Tracevault benchmark: starts the packaged server on a fresh H2 and/or PostgreSQL
 * database and measures it over HTTP on 127.0.0.1 (see docs/performance.md). Progress goes to
 * stderr; the Markdown report to stdout and to {@code --out}.
 */
public final class Benchmark {

    private final Options options;
    private final Path javaHome;
    private final Path workDir;
    private final String apiKey = "bench-" + UUID.randomUUID();
    private volatile ServerProcess current;
    private AotStart aot;
    private String aotUnavailable;
    private volatile Target currentTarget;
    private volatile String phase = "setup";

    private Benchmark(Options options, Path javaHome, Path workDir) {
        this.options = options;
        this.javaHome = javaHome;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("listing-at-scale")) {
            ReadAtScale.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("viewer")) {
            ViewerBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("yardstick")) {
            YardstickBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // H2's AUTO_SERVER port (server process and harness) listens on loopback only.
        System.setProperty("h2.bindAddress", "127.0.0.1");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(options.serverJar())) {
            System.err.println("server jar not found: " + options.serverJar()
                    + " (build it with: mvn -DskipTests package, or pass --server-jar)");
            System.exit(2);
        }
        String javaHomeEnv = System.getenv("JAVA_HOME");
        Path javaHome = javaHomeEnv != null && !javaHomeEnv.isBlank() ? Path.of(javaHomeEnv) : Path.of(System.getProperty("java.home"));
        Path workDir = Files.createTempDirectory("tracevault-bench-");
        new Benchmark(options, javaHome, workDir).run();
    }

    private void run() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::emergencyCleanUp));
        Instant started = Instant.now();
        progress("work directory (server logs): " + workDir);
        progress("server jar: " + options.serverJar());
        Machine machine = Machine.describe(javaHome.resolve("bin/java"));
        prepareAotStart();
        List<RunResult> results = new ArrayList<>();
        for (String database : options.databases()) {
            Target target = database.equals("h2")
                    ? new H2Target(workDir)
                    : new PostgresTarget(options.pgAdminUrl(), options.pgUser(), options.pgPassword(), workDir);
            results.add(runOn(target));
        }
        String report = Report.markdown(options, machine, results, started, Instant.now());
        System.out.print(report);
        System.out.flush();
        if (options.out() != null) {
            Path out = options.out().toAbsolutePath();
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, report, StandardCharsets.UTF_8);
            progress("report written to " + out);
        }
    }

    private RunResult runOn(Target target) {
        RunResult r = new RunResult(target.name());
        r.loadBefore = Machine.loadAverage();
        AtomicReference<String> lastWritten = new AtomicReference<>();
        Workload workload = new Workload(options.children(), options.patches(), null, lastWritten);
        ServerMonitor monitor = null;
        currentTarget = target;
        try {
            phase("create the database");
            target.create();
            r.version = target.version();

            coldStartWithAotCache(target, r);

            phase("cold start");
            ServerProcess server = server(target, "load");
            Api api = new Api(server.port(), apiKey);
            long launched = server.launch();
            long ready = server.awaitReady(api, Duration.ofMinutes(3));
            r.coldStartSeconds = (ready - launched) / 1e9;
            r.serverLog = server.log();
            progress(String.format("%s: ready after %.1f s", target.name(), r.coldStartSeconds));
            monitor = new ServerMonitor(server.pid(), javaHome);

            phase("probe the server's features");
            Features features = Features.probe(api, workload);
            workload = workload.withFeatures(features);
            r.features = features;
            progress("features: " + features.notes());

            phase("warm-up (" + options.warmUp().toSeconds() + " s)");
            ClosedLoop.run(workload, api, options.threads(), options.warmUp());

            phase("closed loop (" + options.closedLoop().toSeconds() + " s, " + options.threads() + " clients)");
            long events0 = Sql.events(target);
            DbCounters db0 = target.counters();
            ServerMonitor.Snapshot s0 = monitor.snapshot();
            long self0 = ServerMonitor.cpuTicks("self");
            long machine0 = ServerMonitor.machineBusyTicks();
            r.closed = ClosedLoop.run(workload, api, options.threads(), options.closedLoop());
            ServerMonitor.Snapshot s1 = monitor.snapshot();
            long self1 = ServerMonitor.cpuTicks("self");
            long machine1 = ServerMonitor.machineBusyTicks();
            r.closedEvents = Sql.events(target) - events0;
            DbCounters db1 = target.counters();
            r.closedDbWork = db0 == null || db1 == null ? null : db1.minus(db0);
            r.closedServerCores = ServerMonitor.cores(s0, s1);
            r.closedHarnessCores = ServerMonitor.cores(self0, self1, s1.nanos() - s0.nanos());
            r.closedMachineCores = ServerMonitor.cores(machine0, machine1, s1.nanos() - s0.nanos());
            r.closedGcSeconds = s1.gcSeconds() - s0.gcSeconds();
            progress(String.format("closed loop: %.0f PATCH/s, %.0f requests/s, %d errors",
                    r.closed.patchesPerSecond(), r.closed.requestsPerSecond(), r.closed.stats().totalErrors()));

            double rate = options.openRate() != null ? options.openRate() : r.closed.patchesPerSecond() / 2;
            phase(String.format("open loop (%d s at %.0f PATCH/s)", options.openLoop().toSeconds(), rate));
            ServerMonitor.Snapshot o0 = monitor.snapshot();
            r.open = OpenLoop.run(workload, api, rate, options.openLoop(), new AtomicBoolean());
            r.openServerCores = ServerMonitor.cores(o0, monitor.snapshot());
            progress(String.format("open loop: p99 PATCH %.1f ms",
                    Stats.ms(r.open.stats().patches().getValueAtPercentile(99))));

            phase("time to visible (" + options.ttvSamples() + " samples, background " + Math.round(rate) + " PATCH/s)");
            AtomicBoolean stopBackground = new AtomicBoolean();
            AtomicReference<OpenLoop.Result> background = new AtomicReference<>();
            Workload backgroundWorkload = workload;
            Thread backgroundThread = Thread.ofPlatform().name("ttv-background").start(() -> {
                try {
                    background.set(OpenLoop.run(backgroundWorkload, api, rate, Duration.ofHours(2), stopBackground));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Api writer = new Api(server.port(), apiKey);
            Api reader = new Api(server.port(), apiKey);
            try {
                r.ttv = TimeToVisible.run(writer, reader, workload, options.ttvSamples());
            } finally {
                stopBackground.set(true);
                backgroundThread.join();
                r.ttvBackground = background.get();
                writer.close();
                reader.close();
            }

            if (features.children() && features.traceChildren()) {
                for (int size : options.traceSizes()) {
                    phase("trace GET (" + size + " children)");
                    TraceRead.Result trace = TraceRead.run(api, workload, features, size, size >= 10_000 ? 5 : 10);
                    r.traces.add(trace);
                    progress(String.format("trace of %d: %d built in %.1f s, GET p50 %.1f ms", size, trace.built(),
                            trace.buildSeconds(), Stats.ms(trace.latency().getValueAtPercentile(50))));
                }
            } else {
                r.tracesUnavailable = !features.children() ? "no Prompt/Tool log endpoints" : "GET returns no trace_children";
            }

            phase("stop the server");
            String lastId = lastWritten.get();
            Api.Response last = api.get("/v5/logs/" + lastId);
            try (var c = target.connect()) {
                r.averagePayloadBytes = Sql.scalar(c, "select cast(avg(octet_length(payload)) as bigint) from domain_event_entry");
            }
            recordHeap(r, monitor);
            monitor = null;
            server.stop();
            r.serverErrorLines = server.errorLines();
            api.close();

            phase("raw insert limit (" + options.rawInsert().toSeconds() + " s, " + options.threads() + " connections)");
            r.raw = RawInsertLimit.run(target, options.threads(), options.rawInsert());
            progress(String.format("raw insert limit: %.0f rows/s", r.raw.rowsPerSecond()));

            phase("replay");
            try {
                if (lastId == null) {
                    throw new IllegalStateException("no log was written, nothing to check the rebuild against");
                }
                r.replay = Replay.run(target, () -> {
                    ServerProcess replayServer = server(target, "replay", options.serverJar().toAbsolutePath(),
                            target.serverJvmOptions(), java.util.Map.of("TRACEVAULT_REBUILD_SETTLE", "PT0S"));
                    r.replayLog = replayServer.log();
                    Api replayApi = new Api(replayServer.port(), apiKey);
                    long at = replayServer.launch();
                    return new Replay.Started(replayServer, replayApi, at);
                }, lastId, last.body());
                progress(String.format("replay: %d events, %.0f events/s", r.replay.events(), r.replay.eventsPerSecond()));
            } catch (IllegalStateException e) {
                // the server did not rebuild: a finding, not a harness failure
                r.replayFailure = e.getMessage();
                progress("replay failed: " + e.getMessage());
            } finally {
                stopCurrent();
            }
        } catch (Exception e) {
            r.failure = phase + ": " + e;
            progress("FAILED during " + r.failure);
            e.printStackTrace();
        } finally {
            if (monitor != null) {
                try {
                    recordHeap(r, monitor);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
            stopCurrent();
            target.destroy(options.keep());
            currentTarget = null;
        }
        return r;
    }

    private static void recordHeap(RunResult r, ServerMonitor monitor) throws InterruptedException {
        monitor.close();
        r.heapMaxUsedMb = monitor.maxUsedMb();
        r.heapMaxOldMb = monitor.maxOldUsedMb();
        r.heapMaxCommittedMb = monitor.maxCommittedMb();
        r.heapSamples = monitor.samples();
    }

    /** Extracts the server and records its AOT cache once, for every database's second cold start. */
    private void prepareAotStart() {
        if (options.aotScript() == null) {
            aotUnavailable = "skipped (--aot-script none)";
            return;
        }
        phase("AOT cache (" + options.aotScript() + ")");
        try {
            aot = AotStart.prepare(javaHome.resolve("bin/java"), options.aotScript(), options.serverJar(), workDir);
            progress(String.format("AOT cache ready after %.1f s: %s", aot.preparedSeconds(), aot.cache()));
        } catch (Exception e) {
            aotUnavailable = e.getMessage();
            progress("no AOT cache: " + e.getMessage());
        }
    }

    /**
     * Launch to ready of the extracted server with its AOT cache, on an empty database of the
     * target's kind (Flyway creates the schema, as in the plain cold start), then stopped.
     */
    private void coldStartWithAotCache(Target target, RunResult r) {
        if (aot == null) {
            r.coldStartAotUnavailable = aotUnavailable;
            return;
        }
        phase("cold start with the AOT cache");
        Target fresh = target.another(workDir.resolve("aot-start-" + target.name().toLowerCase()));
        try {
            fresh.create();
            ServerProcess server = server(fresh, "aot-start", aot.jar(), aot.jvmOptions(fresh.serverJvmOptions()));
            long launched = server.launch();
            long ready = server.awaitReady(new Api(server.port(), apiKey), Duration.ofMinutes(3));
            r.coldStartAotSeconds = (ready - launched) / 1e9;
            progress(String.format("%s: ready after %.1f s with the AOT cache", target.name(), r.coldStartAotSeconds));
        } catch (Exception e) {
            r.coldStartAotUnavailable = "failed: " + e.getMessage();
            progress("cold start with the AOT cache failed: " + e.getMessage());
        } finally {
            stopCurrent();
            fresh.destroy(false);
        }
    }

    private ServerProcess server(Target target, String role) throws java.io.IOException {
        return server(target, role, options.serverJar().toAbsolutePath(), target.serverJvmOptions());
    }

    /** A server process for {@code target} (the one running before is stopped); its log is named after the role. */
    private ServerProcess server(Target target, String role, Path jar, List<String> jvmOptions)
            throws java.io.IOException {
        return server(target, role, jar, jvmOptions, java.util.Map.of());
    }

    /** As above, with {@code extraEnvironment} on top of the target's. */
    private ServerProcess server(Target target, String role, Path jar, List<String> jvmOptions,
                                 java.util.Map<String, String> extraEnvironment) throws java.io.IOException {
        var environment = withKey(target);
        environment.putAll(extraEnvironment);
        ServerProcess server = new ServerProcess(javaHome.resolve("bin/java"), jar, jvmOptions, environment,
                workDir.resolve("server-" + target.name().toLowerCase() + "-" + role + ".log"));
        stopCurrent();
        current = server;
        return server;
    }

    private java.util.Map<String, String> withKey(Target target) {
        var env = new java.util.HashMap<>(target.serverEnvironment());
        env.putAll(options.serverEnv());
        env.put("TRACEVAULT_API_KEY", apiKey);
        return env;
    }

    private void stopCurrent() {
        ServerProcess server = current;
        if (server != null) {
            try {
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            current = null;
        }
    }

    private void emergencyCleanUp() {
        ServerProcess server = current;
        if (server != null && server.alive()) {
            try {
                server.stop();
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }
        Target target = currentTarget;
        if (target != null) {
            target.destroy(options.keep());
        }
    }

    private void phase(String name) {
        phase = name;
        progress(name);
    }

    static void progress(String message) {
        System.err.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
    }
}
