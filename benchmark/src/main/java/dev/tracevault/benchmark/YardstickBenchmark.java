package dev.tracevault.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * Issue 16's comparison: the same write workload ({@link PatchLoad}) against Tracevault and
 * against the yardstick (a plain Spring Boot + JdbcTemplate app, {@code yardstick/}), one after
 * the other, each on a fresh database of the same kind with the same durability settings, then
 * the raw insert limit of that database ({@link RawInsertLimit}). Per server: launch, create the
 * logs, closed-loop warm-up, measured closed loop (server, harness and machine CPU, heap, the
 * server's processor lag), then an open loop at half the measured rate.
 *
 * <pre>java -jar benchmark/target/benchmark.jar yardstick [--db both] [--warmup 120] [--measure 20] ...</pre>
 */
final class YardstickBenchmark {

    static final String TRACEVAULT = "Tracevault";
    static final String YARDSTICK = "yardstick";
    /** Tracevault's H2 URL settings when the server jar does not show its own (it does). */
    private static final String DEFAULT_H2_SETTINGS = "WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    private final YardstickOptions options;
    private final Path javaHome;
    private final Path workDir;
    private final String apiKey = "bench-" + UUID.randomUUID();
    private final String h2Settings;
    private volatile ServerProcess current;
    private volatile Target currentTarget;

    private YardstickBenchmark(YardstickOptions options, Path javaHome, Path workDir, String h2Settings) {
        this.options = options;
        this.javaHome = javaHome;
        this.workDir = workDir;
        this.h2Settings = h2Settings;
    }

    static void main(String[] args) throws Exception {
        System.setProperty("h2.bindAddress", "127.0.0.1"); // the raw inserts open H2 with AUTO_SERVER
        YardstickOptions options;
        try {
            options = YardstickOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(YardstickOptions.USAGE);
            System.exit(2);
            return;
        }
        for (Path jar : List.of(options.serverJar(), options.yardstickJar())) {
            if (!Files.isRegularFile(jar)) {
                System.err.println("jar not found: " + jar + " (build both with: mvn -DskipTests package)");
                System.exit(2);
            }
        }
        String javaHomeEnv = System.getenv("JAVA_HOME");
        Path javaHome = javaHomeEnv != null && !javaHomeEnv.isBlank() ? Path.of(javaHomeEnv) : Path.of(System.getProperty("java.home"));
        Path workDir = Files.createTempDirectory("tracevault-yardstick-");
        new YardstickBenchmark(options, javaHome, workDir, h2Settings(options.serverJar())).run();
    }

    /**
     * The settings of the server's default H2 URL ({@code jdbc:h2:file:…/tracevault;<settings>} in
     * its application.yml), so the yardstick opens H2 exactly as the server does.
     */
    static String h2Settings(Path serverJar) {
        try (ZipFile jar = new ZipFile(serverJar.toFile())) {
            var entry = jar.getEntry("BOOT-INF/classes/application.yml");
            if (entry != null) {
                String yml = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = Pattern.compile("url:\\s*jdbc:h2:file:\\S*?/tracevault;(\\S+)").matcher(yml);
                if (m.find()) {
                    return m.group(1);
                }
            }
        } catch (IOException e) {
            Benchmark.progress("could not read the server jar's application.yml: " + e.getMessage());
        }
        Benchmark.progress("no H2 URL in the server jar's application.yml; the yardstick uses " + DEFAULT_H2_SETTINGS);
        return DEFAULT_H2_SETTINGS;
    }

    private void run() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::emergencyCleanUp));
        Instant started = Instant.now();
        Benchmark.progress("work directory (server logs): " + workDir);
        Benchmark.progress("server jar: " + options.serverJar() + "; yardstick jar: " + options.yardstickJar());
        Machine machine = Machine.describe(javaHome.resolve("bin/java"));
        List<YardstickRun> runs = new ArrayList<>();
        for (String database : options.databases()) {
            YardstickRun run = new YardstickRun(database.equals("h2") ? "H2" : "PostgreSQL");
            run.loadBefore = Machine.loadAverage();
            for (String server : options.servers()) {
                run.servers.add(runServer(database, server.equals("tracevault") ? TRACEVAULT : YARDSTICK, run));
            }
            rawInsertLimit(database, run);
            runs.add(run);
        }
        String report = YardstickReport.markdown(options, machine, h2Settings, runs, started, Instant.now());
        System.out.print(report);
        System.out.flush();
        if (options.out() != null) {
            Path out = options.out().toAbsolutePath();
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, report, StandardCharsets.UTF_8);
            Benchmark.progress("report written to " + out);
        }
    }

    private Target target(String database, String label) {
        return database.equals("h2")
                ? new H2Target(workDir.resolve("h2-" + label))
                : new PostgresTarget(options.pgAdminUrl(), options.pgUser(), options.pgPassword(), workDir);
    }

    private YardstickRun.Server runServer(String database, String name, YardstickRun run) {
        YardstickRun.Server r = new YardstickRun.Server(name);
        String label = name.toLowerCase() + "-" + database;
        Target target = target(database, name.toLowerCase());
        currentTarget = target;
        ServerMonitor monitor = null;
        LagSampler lag = null;
        String phase = "create the database";
        try {
            progress(name, database, phase);
            target.create();
            run.version = target.version();
            Map<String, String> env = environment(target, name);
            r.datasource = env.containsKey("SPRING_DATASOURCE_URL") ? env.get("SPRING_DATASOURCE_URL")
                    : "the server's default: jdbc:h2:file:" + ((H2Target) target).dataDir() + "/tracevault;" + h2Settings;
            r.log = workDir.resolve("server-" + label + ".log");
            Path jar = (name.equals(TRACEVAULT) ? options.serverJar() : options.yardstickJar()).toAbsolutePath();
            ServerProcess server = new ServerProcess(javaHome.resolve("bin/java"), jar, List.of(), env, r.log);
            current = server;

            phase = "start";
            Api api = new Api(server.port(), apiKey);
            long launched = server.launch();
            r.coldStartSeconds = (server.awaitReady(api, Duration.ofMinutes(3)) - launched) / 1e9;
            api.close();
            progress(name, database, String.format("ready after %.1f s", r.coldStartSeconds));
            monitor = new ServerMonitor(server.pid(), javaHome);

            phase = "create " + options.logs() + " incomplete Flow Logs";
            progress(name, database, phase);
            long t0 = System.nanoTime();
            PatchLoad load = PatchLoad.seed(server.port(), apiKey, options.logs(), options.threads());
            r.seedSeconds = (System.nanoTime() - t0) / 1e9;

            phase = "warm-up (" + options.warmUp().toSeconds() + " s)";
            progress(name, database, phase);
            r.warmUp = load.closedLoop(options.threads(), options.warmUp(), options.window());

            phase = "measured closed loop (" + options.measured().toSeconds() + " s, " + options.threads() + " clients)";
            progress(name, database, phase);
            lag = new LagSampler(server.port(), apiKey, 1000).start();
            DbCounters db0 = target.counters();
            ServerMonitor.Snapshot s0 = monitor.snapshot();
            long self0 = ServerMonitor.cpuTicks("self");
            long machine0 = ServerMonitor.machineBusyTicks();
            r.measured = load.closedLoop(options.threads(), options.measured(), Duration.ZERO);
            ServerMonitor.Snapshot s1 = monitor.snapshot();
            long self1 = ServerMonitor.cpuTicks("self");
            long machine1 = ServerMonitor.machineBusyTicks();
            DbCounters db1 = target.counters();
            lag.stop();
            r.serverCores = ServerMonitor.cores(s0, s1);
            r.harnessCores = ServerMonitor.cores(self0, self1, s1.nanos() - s0.nanos());
            r.machineCores = ServerMonitor.cores(machine0, machine1, s1.nanos() - s0.nanos());
            r.gcSeconds = s1.gcSeconds() - s0.gcSeconds();
            r.dbWork = db0 == null || db1 == null ? null : db1.minus(db0);
            r.lag = lag.series();
            r.lagUnavailable = lag.unavailable();
            progress(name, database, String.format("%.0f PATCH/s, p50 %.2f ms, p99 %.2f ms, %d errors",
                    r.measured.patchesPerSecond(), Stats.ms(r.measured.stats().patches().getValueAtPercentile(50)),
                    Stats.ms(r.measured.stats().patches().getValueAtPercentile(99)), r.measured.stats().totalErrors()));
            if (r.lagUnavailable == null) {
                double caughtUp = lag.secondsUntilCaughtUp(60_000);
                r.lagCatchUpSeconds = caughtUp < 0 ? null : caughtUp;
            }

            double rate = options.openRate() != null ? options.openRate() : r.measured.patchesPerSecond() / 2;
            if (!options.openLoop().isZero() && rate > 0) {
                phase = String.format("open loop (%d s at %.0f PATCH/s)", options.openLoop().toSeconds(), rate);
                progress(name, database, phase);
                ServerMonitor.Snapshot o0 = monitor.snapshot();
                long oSelf0 = ServerMonitor.cpuTicks("self");
                r.open = load.openLoop(rate, options.openLoop(), options.threads());
                ServerMonitor.Snapshot o1 = monitor.snapshot();
                r.openServerCores = ServerMonitor.cores(o0, o1);
                r.openHarnessCores = ServerMonitor.cores(oSelf0, ServerMonitor.cpuTicks("self"), o1.nanos() - o0.nanos());
                progress(name, database, String.format("open loop p99 %.2f ms",
                        Stats.ms(r.open.stats().patches().getValueAtPercentile(99))));
            }

            phase = "stop the server";
            recordHeap(r, monitor);
            monitor = null;
            server.stop();
            r.errorLines = server.errorLines();
        } catch (Exception e) {
            r.failure = phase + ": " + e;
            progress(name, database, "FAILED during " + r.failure);
            e.printStackTrace();
        } finally {
            try {
                if (lag != null) {
                    lag.close();
                }
                if (monitor != null) {
                    recordHeap(r, monitor);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopCurrent();
            target.destroy(options.keep());
            currentTarget = null;
        }
        return r;
    }

    /** Same JVM (-Xmx512m, from ServerProcess), same database settings; only the key's variable differs. */
    private Map<String, String> environment(Target target, String name) {
        Map<String, String> env = new HashMap<>();
        if (name.equals(TRACEVAULT)) {
            if (target instanceof H2Target h2) {
                // the server's own default URL, unchanged
                env.put("TRACEVAULT_DATA_DIR", h2.dataDir().toAbsolutePath().toString());
            } else {
                env.putAll(target.serverEnvironment());
            }
            env.putAll(options.serverEnv());
            env.put("TRACEVAULT_API_KEY", apiKey);
        } else {
            if (target instanceof H2Target h2) {
                env.put("SPRING_DATASOURCE_URL", "jdbc:h2:file:" + h2.dataDir().toAbsolutePath() + "/yardstick;" + h2Settings);
                env.put("SPRING_DATASOURCE_USERNAME", H2Target.USER);
                env.put("SPRING_DATASOURCE_PASSWORD", "");
            } else {
                Map<String, String> pg = target.serverEnvironment();
                for (String key : List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD")) {
                    env.put(key, pg.get(key));
                }
            }
            env.put("YARDSTICK_API_KEY", apiKey);
        }
        return env;
    }

    private void rawInsertLimit(String database, YardstickRun run) {
        if (options.rawInsert().isZero()) {
            return;
        }
        Target target = target(database, "raw");
        currentTarget = target;
        try {
            Benchmark.progress(run.database + ": raw insert limit (" + options.rawInsert().toSeconds() + " s, "
                    + options.threads() + " connections)");
            target.create();
            run.version = target.version();
            run.raw = RawInsertLimit.run(target, options.threads(), options.rawInsert());
            Benchmark.progress(String.format("%s: raw insert limit %.0f rows/s", run.database, run.raw.rowsPerSecond()));
        } catch (Exception e) {
            run.rawFailure = e.toString();
            Benchmark.progress("raw insert limit failed: " + e);
        } finally {
            target.destroy(options.keep());
            currentTarget = null;
        }
    }

    private static void recordHeap(YardstickRun.Server r, ServerMonitor monitor) throws InterruptedException {
        monitor.close();
        r.heapMaxUsedMb = monitor.maxUsedMb();
        r.heapMaxOldMb = monitor.maxOldUsedMb();
        r.heapMaxCommittedMb = monitor.maxCommittedMb();
        r.heapSamples = monitor.samples();
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

    private static void progress(String server, String database, String message) {
        Benchmark.progress(server + " on " + database + ": " + message);
    }
}
