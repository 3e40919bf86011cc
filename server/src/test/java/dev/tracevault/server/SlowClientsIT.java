package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot hold the server: 500 connections without a key that send a byte a second
 * (half still in their headers, half in a body) while a normal client keeps reading and writing —
 * its latency stays what it was, the slow heads are cut off at the header deadline with a JSON
 * 408, the slow bodies without a key get their 401 at once and are closed. A slow body with a key
 * gets a JSON 408 at the body deadline. The server in a JVM of its own at {@code -Xmx512m}, default
 * settings but a short body deadline. Prints what it saw.
 */
class SlowClientsIT {

    static final int SLOW = 500;
    static final int BODY_DEADLINE_SECONDS = 5;

    @TempDir
    static Path data;
    private static ServerProcess server;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = new ServerProcess(Map.of("TRACEVAULT_DATA_DIR", data.toString(), "TRACEVAULT_API_KEY", Api.KEY,
                "TRACEVAULT_SLOW_CLIENTS_BODY_DEADLINE", "PT" + BODY_DEADLINE_SECONDS + "S")).start();
        api = new Api(server.port());
        assertThat(api.post("/v5/flows/log", "{\"log_id\":\"normal\",\"path\":\"slow/Flow\",\"inputs\":{\"q\":1},\"output\":\"o\"}")
                .status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Milliseconds of {@code n} reads and writes of a normal client, sorted. */
    static long[] normalClient(int n) {
        long[] millis = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            var response = i % 2 == 0 ? api.get("/v5/logs/normal")
                    : api.post("/v5/flows/log", "{\"path\":\"slow/Flow\",\"inputs\":{\"q\":" + i + "},\"output\":\"o\"}");
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        Arrays.sort(millis);
        return millis;
    }

    static String figures(long[] sorted) {
        return "median " + sorted[sorted.length / 2] + " ms, p95 " + sorted[sorted.length * 95 / 100] + " ms, max "
                + sorted[sorted.length - 1] + " ms";
    }

    Socket open() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        return socket;
    }

    /** What the server sent before it closed the connection, or null if it is still open. */
    static String closedWith(Socket socket) {
        StringBuilder text = new StringBuilder();
        try {
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            return text.toString();
        } catch (SocketTimeoutException stillOpen) {
            // an answer that arrived is kept (the close follows it); nothing at all: still open
            return text.isEmpty() ? null : text.toString();
        } catch (IOException reset) {
            return text.isEmpty() ? "(reset)" : text.toString();
        }
    }

    @Test
    void fiveHundredSlowConnectionsWithoutAKeyDoNotSlowANormalClient() throws Exception {
        long[] before = normalClient(60);
        List<Socket> heads = new ArrayList<>();
        List<Socket> bodies = new ArrayList<>();
        String head = "GET /v5/logs/normal HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "p".repeat(200);
        String bodyHead = "POST /v5/flows/log HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{";
        for (int i = 0; i < SLOW; i++) {
            Socket socket = open();
            if (i % 2 == 0) {
                socket.getOutputStream().write(head.substring(0, 5).getBytes(StandardCharsets.US_ASCII));
                heads.add(socket);
            } else {
                socket.getOutputStream().write(bodyHead.getBytes(StandardCharsets.US_ASCII));
                bodies.add(socket);
            }
        }
        long opened = System.nanoTime();
        // a byte a second on every connection, from one thread, while the normal client works
        Thread trickle = Thread.ofPlatform().daemon().start(() -> {
            int at = 5;
            while (!Thread.currentThread().isInterrupted()) {
                for (Socket socket : heads) {
                    send(socket, head.charAt(at % head.length()));
                }
                for (Socket socket : bodies) {
                    send(socket, 'x');
                }
                at++;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long[] during;
        try {
            during = normalClient(60);
            long waited = (System.nanoTime() - opened) / 1_000_000;
            Thread.sleep(Math.max(0, 13_000 - waited));
        } finally {
            trickle.interrupt();
            trickle.join();
        }
        int headsCut = 0;
        int heads408 = 0;
        for (Socket socket : heads) {
            String answer = closedWith(socket);
            if (answer != null) {
                headsCut++;
                if (answer.startsWith("HTTP/1.1 408") && answer.contains("application/json")
                        && answer.contains("{\"detail\":")) {
                    heads408++;
                }
            }
        }
        int bodiesClosed = 0;
        int bodies401 = 0;
        for (Socket socket : bodies) {
            String answer = closedWith(socket);
            if (answer != null) {
                bodiesClosed++;
                if (answer.startsWith("HTTP/1.1 401")) {
                    bodies401++;
                }
            }
        }
        System.out.printf("slow clients: normal client before: %s; with %d slow connections: %s%n", figures(before),
                SLOW, figures(during));
        System.out.printf("slow clients: 13 s after the last was opened: %d of %d slow heads cut off (%d with a JSON 408), "
                + "%d of %d slow bodies without a key closed (%d after a 401)%n", headsCut, heads.size(), heads408,
                bodiesClosed, bodies.size(), bodies401);
        for (Socket socket : heads) {
            socket.close();
        }
        for (Socket socket : bodies) {
            socket.close();
        }
        assertThat(during[during.length - 1]).as("the normal client's slowest request").isLessThan(
                Math.max(1000, 5 * before[before.length - 1]));
        assertThat(headsCut).as("slow heads cut off").isEqualTo(heads.size());
        assertThat(heads408).as("with a JSON 408").isEqualTo(heads.size());
        assertThat(bodiesClosed).as("slow bodies without a key closed").isEqualTo(bodies.size());
        assertThat(bodies401).as("after a 401").isEqualTo(bodies.size());
    }

    @Test
    void aSlowBodyWithAKeyIsCutOffAtTheDeadlineWithA408() throws Exception {
        try (Socket socket = open()) {
            socket.getOutputStream().write(("POST /v5/flows/log HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-KEY: " + Api.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            String answer = null;
            for (int i = 0; i < BODY_DEADLINE_SECONDS + 5 && answer == null; i++) {
                send(socket, ' ');
                Thread.sleep(1000);
                answer = closedWith(socket);
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            System.out.printf("slow clients: a slow body with a key: cut off after %d s: %s%n", seconds,
                    answer == null ? "still open" : answer.lines().findFirst().orElse(""));
            assertThat(answer).as("the server answered and closed").isNotNull();
            assertThat(answer).startsWith("HTTP/1.1 408").contains("application/json", "body-deadline");
            assertThat(seconds).isBetween((long) BODY_DEADLINE_SECONDS - 1, (long) BODY_DEADLINE_SECONDS + 3);
        }
        assertThat(api.get("/v5/logs/normal").status()).isEqualTo(200);
    }

    private static void send(Socket socket, char c) {
        try {
            socket.getOutputStream().write(c);
            socket.getOutputStream().flush();
        } catch (IOException closed) {
            // cut off by the server: what the test looks for afterwards
        }
    }
}
