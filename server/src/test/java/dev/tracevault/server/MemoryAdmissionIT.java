package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * Memory is admitted, not hoped for: the server in a JVM of its own at the default heap
 * ({@code -Xmx512m}) and default settings, sent bodies of the default limit's size (text, and the
 * worst case for the heap: many tiny JSON values) sequentially and 16 at once, and asked for 10
 * histories of such a log at once and for an export of everything. Every answer is a 200 or a 503
 * with {@code Retry-After} (never a 500), every log answered 200 can be read back, and the server
 * still takes writes afterwards. Prints what it saw.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemoryAdmissionIT {

    /** The default limit, as application.yml sets it. */
    static final long LIMIT = DataSize.parse(System.getProperty("tracevault.it.limit", "8MB")).toBytes();

    @TempDir
    static Path data;
    private static ServerProcess server;
    private static Api api;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> written = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = new ServerProcess(Map.of("TRACEVAULT_DATA_DIR", data.toString(), "TRACEVAULT_API_KEY", Api.KEY))
                .start();
        api = new Api(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            String output = server.output();
            assertThat(output).as("the server's log").doesNotContain("OutOfMemoryError");
            server.close();
        }
    }

    /** A Flow Log whose body is {@code size} bytes: one long text output. */
    static byte[] textLog(String id, long size) {
        String head = "{\"log_id\":\"" + id + "\",\"path\":\"memory/Flow\",\"inputs\":{\"q\":1},\"output\":\"";
        String tail = "\"}";
        StringBuilder body = new StringBuilder((int) size).append(head);
        String words = "the quick brown fox jumps over the lazy dog 0123456789 ";
        while (body.length() < size - tail.length()) {
            body.append(words, 0, (int) Math.min(words.length(), size - tail.length() - body.length()));
        }
        return body.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A Flow Log whose body is {@code size} bytes of tiny JSON values, what costs the heap most per byte. */
    static byte[] tinyValuesLog(String id, long size) {
        String head = "{\"log_id\":\"" + id + "\",\"path\":\"memory/Flow\",\"inputs\":{\"q\":[";
        String tail = "0]},\"output\":\"done\"}";
        StringBuilder body = new StringBuilder((int) size).append(head);
        while (body.length() < size - tail.length() - 2) {
            body.append("0,");
        }
        return body.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }

    record Answer(int status, String retryAfter, String body, long millis) {
    }

    static Answer send(String method, String path, byte[] body) {
        long start = System.nanoTime();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(120)).header("X-API-KEY", Api.KEY);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    text.length() > 300 ? text.substring(0, 300) : text, (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            return new Answer(-1, null, e.toString(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    static Map<Integer, Integer> statuses(List<Answer> answers) {
        Map<Integer, Integer> counts = new TreeMap<>();
        answers.forEach(a -> counts.merge(a.status(), 1, Integer::sum));
        return counts;
    }

    static List<Answer> atOnce(int n, java.util.function.IntFunction<Answer> request) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit((Callable<Answer>) () -> request.apply(k)));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        }
    }

    /** Every answer a 200, or a 503 that says when to try again; never a 500 or a broken connection. */
    static void admittedOrBusy(String name, List<Answer> answers) {
        System.out.printf("memory admission: %s: %s, slowest %d ms%n", name, statuses(answers),
                answers.stream().mapToLong(Answer::millis).max().orElse(0));
        for (Answer a : answers) {
            assertThat(a.status()).as(name + ": " + a.body()).isIn(200, 503);
            if (a.status() == 503) {
                assertThat(a.retryAfter()).as(name + ": Retry-After").isNotNull();
            }
        }
    }

    static void stillServes() {
        Answer small = send("POST", "/v5/flows/log", textLog("after-" + System.nanoTime(), 1000));
        assertThat(small.status()).as(small.body()).isEqualTo(200);
        for (String id : written) {
            Answer read = send("GET", "/v5/logs/" + id, null);
            assertThat(read.status()).as("read " + id + ": " + read.body()).isIn(200, 503);
        }
    }

    @Test
    @Order(1)
    void twoSequentialWritesOfTheLimitAreStored() {
        for (int i = 0; i < 2; i++) {
            String id = "sequential-" + i;
            Answer answer = send("POST", "/v5/flows/log", textLog(id, LIMIT - 1024));
            System.out.printf("memory admission: sequential write %d of %d bytes: %d in %d ms%n", i, LIMIT - 1024,
                    answer.status(), answer.millis());
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            written.add(id);
        }
        Answer tiny = send("POST", "/v5/flows/log", tinyValuesLog("sequential-tiny", LIMIT - 1024));
        System.out.printf("memory admission: sequential write of tiny values: %d in %d ms%n", tiny.status(), tiny.millis());
        assertThat(tiny.status()).as(tiny.body()).isEqualTo(200);
        written.add("sequential-tiny");
        stillServes();
    }

    @Test
    @Order(2)
    void sixteenWritesOfTheLimitAtOnceAreAdmittedOrToldToWait() throws Exception {
        byte[][] bodies = new byte[16][];
        for (int i = 0; i < 16; i++) {
            bodies[i] = i % 2 == 0 ? textLog("concurrent-" + i, LIMIT - 1024) : tinyValuesLog("concurrent-" + i, LIMIT - 1024);
        }
        List<Answer> answers = atOnce(16, i -> send("POST", "/v5/flows/log", bodies[i]));
        bodies[0] = null;
        admittedOrBusy("16 writes at once", answers);
        for (int i = 0; i < 16; i++) {
            if (answers.get(i).status() == 200) {
                written.add("concurrent-" + i);
            }
        }
        assertThat(written).as("some were admitted").hasSizeGreaterThan(3);
        stillServes();
    }

    @Test
    @Order(3)
    void tenHistoriesOfALargeLogAtOnceAreAdmittedOrToldToWait() throws Exception {
        List<Answer> answers = atOnce(10, i -> send("GET", "/v5/logs/sequential-" + (i % 2) + "/history", null));
        admittedOrBusy("10 histories at once", answers);
        List<Answer> logs = atOnce(10, i -> send("GET", "/v5/logs/" + written.get(i % written.size()), null));
        admittedOrBusy("10 log reads at once", logs);
        stillServes();
    }

    @Test
    @Order(4)
    void aLargeExportIsWhole() throws Exception {
        Path file = Files.createTempFile(data, "export", ".ndjson");
        long start = System.nanoTime();
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v5/export"))
                .header("X-API-KEY", Api.KEY).timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofFile(file));
        long bytes = Files.size(file);
        String last;
        try (var lines = Files.lines(file)) {
            last = lines.reduce((a, b) -> b).orElse("");
        }
        System.out.printf("memory admission: export of %d bytes: %d in %d ms%n", bytes, response.statusCode(),
                (System.nanoTime() - start) / 1_000_000);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(last).as("the trailer").contains("\"trailer\"");
        assertThat(bytes).isGreaterThan(written.size() * (LIMIT / 2));
        Files.delete(file);
        stillServes();
    }

    /** A large answer read and dropped as it arrives: its status, its last bytes, its size. */
    record Streamed(int status, String retryAfter, String tail, long bytes, long millis) {
    }

    static Streamed stream(String path) {
        long start = System.nanoTime();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofMinutes(5)).header("X-API-KEY", Api.KEY).GET().build();
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long bytes = 0;
            byte[] buffer = new byte[1 << 16];
            byte[] tail = new byte[0];
            try (var in = response.body()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    bytes += n;
                    byte[] joined = new byte[Math.min(4096, tail.length + n)];
                    int fromTail = Math.max(0, joined.length - n);
                    System.arraycopy(tail, tail.length - fromTail, joined, 0, fromTail);
                    System.arraycopy(buffer, n - (joined.length - fromTail), joined, fromTail, joined.length - fromTail);
                    tail = joined;
                }
            }
            return new Streamed(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    new String(tail, StandardCharsets.UTF_8), bytes, (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            return new Streamed(-1, null, e.toString(), 0, (System.nanoTime() - start) / 1_000_000);
        }
    }

    static void wholeOrBusy(String name, List<Streamed> answers, String end) {
        System.out.printf("memory admission: %s: %s, %s MB each, slowest %d ms%n", name,
                statuses(answers.stream().map(a -> new Answer(a.status(), a.retryAfter(), a.tail(), a.millis())).toList()),
                answers.stream().filter(a -> a.status() == 200).map(a -> a.bytes() >> 20).distinct().toList(),
                answers.stream().mapToLong(Streamed::millis).max().orElse(0));
        for (Streamed a : answers) {
            assertThat(a.status()).as(name + ": " + a.tail()).isIn(200, 503);
            if (a.status() == 503) {
                assertThat(a.retryAfter()).as(name + ": Retry-After").isNotNull();
            } else {
                assertThat(a.tail()).as(name + ": whole").contains(end);
            }
        }
    }

    @Test
    @Order(5)
    void tenListingsOfLargeLogsAtOnceAreWholeOrToldToWait() throws Exception {
        String fileId = api.post("/v5/files/retrieve-by-path", "{\"path\":\"memory/Flow\"}").json().get("id").stringValue();
        List<Streamed> pages;
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<Future<Streamed>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String path = "/v5/logs?file_id=" + fileId + "&size=100" + (i % 2 == 0 ? "" : "&include_trace_children=true");
                futures.add(pool.submit(() -> stream(path)));
            }
            List<Streamed> answers = new ArrayList<>();
            for (Future<Streamed> f : futures) {
                answers.add(f.get());
            }
            pages = answers;
        }
        wholeOrBusy("10 listings of 100 logs at once", pages, "\"total\"");
        assertThat(pages).as("some were served").anyMatch(a -> a.status() == 200 && a.bytes() > LIMIT);
        stillServes();
    }

    @Test
    @Order(6)
    void fourExportsAtOnceAreWholeOrToldToWait() throws Exception {
        List<Streamed> exports;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Streamed>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> stream("/v5/export")));
            }
            exports = new ArrayList<>();
            for (Future<Streamed> f : futures) {
                exports.add(f.get());
            }
        }
        wholeOrBusy("4 exports at once", exports, "\"trailer\"");
        assertThat(exports).as("every export is served").allMatch(a -> a.status() == 200);
        stillServes();
    }
}
