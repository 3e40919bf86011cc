package dev.tracevault.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the official Humanloop TypeScript SDK's test suite ({@code sdk-tests/}, Node's test runner)
 * against a running server. Installs the SDK (and the OpenAI client its decorator tests instrument)
 * from npm on first use. Node and npm are required:
 * without them the test fails rather than skips.
 */
public final class OfficialSdk {

    private static final Path DIR = locate();
    /** The packages sdk-tests/package.json names; any missing means npm install. */
    private static final List<String> DEPENDENCIES = List.of("humanloop", "openai");

    private OfficialSdk() {
    }

    /** Runs every SDK test against {@code baseUrl} (ending in {@code /v5}) and fails on any failure. */
    public static void runTests(String baseUrl, String apiKey) throws Exception {
        installIfMissing();
        var builder = new ProcessBuilder("node", "--test", "--test-reporter=spec").directory(DIR.toFile());
        builder.environment().put("HL_BASE_URL", baseUrl);
        builder.environment().put("HL_API_KEY", apiKey);
        Result result = run(builder, 300);
        System.out.println(result.output());
        assertThat(result.exitCode()).as("official SDK tests:%n%s", result.output()).isZero();
        assertThat(result.output()).as("the SDK suite ran tests").containsPattern("(#|ℹ) pass [1-9]");
    }

    /**
     * Installs the SDK once. The server's tests run in two JVMs at once (surefire's forks), so the
     * check and the install happen under a file lock that both see: the second waits, then finds
     * the packages there.
     */
    private static synchronized void installIfMissing() throws Exception {
        try (FileChannel channel = FileChannel.open(DIR.resolve(".install.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            if (DEPENDENCIES.stream().allMatch(name -> Files.isDirectory(DIR.resolve("node_modules").resolve(name)))) {
                return;
            }
            var install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-package-lock")
                    .directory(DIR.toFile());
            Result result = run(install, 600);
            assertThat(result.exitCode()).as("npm install in %s:%n%s", DIR, result.output()).isZero();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(ProcessBuilder builder, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("sdk-", ".log");
        Process process = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", builder.command()) + " timed out: "
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static Path locate() {
        for (Path candidate : List.of(Path.of("sdk-tests"), Path.of("../sdk-tests"))) {
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(new IOException("sdk-tests/package.json not found from "
                + Path.of("").toAbsolutePath()));
    }
}
