package dev.tracevault.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's hand-written HTTP/1.1 client against the JDK's HTTP server. */
class HttpConnectionTest {

    private HttpServer server;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-API-KEY") + " " + body);
            String path = exchange.getRequestURI().getPath();
            byte[] answer = ("{\"path\":\"" + path + "\",\"echo\":" + (body.isEmpty() ? "null" : body) + ",\"pad\":\""
                    + "x".repeat(path.equals("/big") ? 100_000 : 10) + "\"}").getBytes(StandardCharsets.UTF_8);
            if (path.equals("/close")) {
                exchange.getResponseHeaders().add("Connection", "close");
            }
            // length 0 makes the JDK server answer in chunks
            exchange.sendResponseHeaders(path.equals("/missing") ? 404 : 200, path.equals("/big") ? 0 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsFixedLengthAndChunkedAnswersOnOneKeptAliveConnection() {
        try (HttpConnection http = new HttpConnection(server.getAddress().getPort(), "the-key")) {
            Api.Response patched = http.patch("/logs/1", "{\"output\":\"abc\"}");
            Api.Response big = http.get("/big");
            Api.Response missing = http.get("/missing");

            assertThat(patched.status()).isEqualTo(200);
            assertThat(patched.body()).isEqualTo("{\"path\":\"/logs/1\",\"echo\":{\"output\":\"abc\"},\"pad\":\"xxxxxxxxxx\"}");
            assertThat(big.status()).isEqualTo(200);
            assertThat(big.body()).endsWith("x".repeat(100_000) + "\"}");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.ok()).isFalse();
        }
        assertThat(received).containsExactly("PATCH /logs/1 the-key {\"output\":\"abc\"}", "GET /big the-key ",
                "GET /missing the-key ");
        assertThat(clientPorts).hasSize(3).containsOnly(clientPorts.getFirst());
    }

    @Test
    void opensANewConnectionAfterTheServerClosedOne() {
        try (HttpConnection http = new HttpConnection(server.getAddress().getPort(), "the-key")) {
            assertThat(http.get("/close").status()).isEqualTo(200);
            assertThat(http.get("/again").status()).isEqualTo(200);
        }
        assertThat(clientPorts).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void answersMinusOneWhenNothingListens() {
        int port = server.getAddress().getPort();
        server.stop(0);
        try (HttpConnection http = new HttpConnection(port, "the-key")) {
            assertThat(http.get("/").status()).isEqualTo(-1);
        }
    }
}
