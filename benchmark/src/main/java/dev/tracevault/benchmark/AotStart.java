package dev.tracevault.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server as the Docker image starts it: the jar extracted, with a JVM AOT cache recorded by a
 * training run ({@code deploy/aot-cache.sh}, the same script the Dockerfile runs). Prepared once
 * per benchmark run; each database then gets a second cold start, on a fresh database, with it.
 *
 * @param jar the extracted server jar
 * @param cache the AOT cache ({@code -XX:AOTCache})
 * @param preparedSeconds how long extraction and the training run took
 */
record AotStart(Path jar, Path cache, double preparedSeconds) {

    /** Runs the script; a failure is reported as an {@link IllegalStateException} with the script's last words. */
    static AotStart prepare(Path java, Path script, Path serverJar, Path workDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no " + script + " here (run from the repository root, or --aot-script)");
        }
        Path dest = workDir.resolve("aot-server");
        Path log = workDir.resolve("aot-cache.log");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of("bash", script.toString(),
                serverJar.toAbsolutePath().toString(), dest.toString())));
        builder.environment().put("JAVA", java.toString());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the AOT training run took over 10 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("deploy/aot-cache.sh failed (" + process.exitValue() + "); see " + log);
        }
        return new AotStart(dest.resolve("tracevault.jar"), dest.resolve("app.aot"), (System.nanoTime() - started) / 1e9);
    }

    /** The JVM options that make the server use the cache, after the target's own. */
    List<String> jvmOptions(List<String> targetOptions) {
        List<String> options = new ArrayList<>(targetOptions);
        options.add("-XX:AOTCache=" + cache);
        return options;
    }
}
