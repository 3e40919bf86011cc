package dev.tracevault.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar tracevault.jar replay [--projection NAME] [--url URL] [--api-key KEY]}: asks a
 * running server to rebuild its read models from the event store ({@code POST /v5/admin/replay})
 * and draws its progress on standard error until it is done. It does not start a server: the
 * server keeps serving while it rebuilds.
 *
 * <p>Exit status: 0 done, 1 the replay failed or the server went away, 2 a usage error or no
 * server to ask.
 */
public final class ReplayCommand {

    static final String USAGE = """
            usage: java -jar tracevault.jar replay [--projection NAME] [--url URL] [--api-key KEY]
              --projection NAME  the read model to rebuild (default: all of them)
              --url URL          the running server (default: http://localhost:$SERVER_PORT, port 8080)
              --api-key KEY      an API key of that server (default: $TRACEVAULT_API_KEY)
            """;
    private static final int BAR = 40;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration poll;
    private String url;
    private String apiKey;
    private String projection;

    private ReplayCommand(PrintStream err, Duration poll) {
        this.err = err;
        this.poll = poll;
    }

    /** Runs the command with the arguments after {@code replay}; answers the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream err) {
        return new ReplayCommand(err, Duration.ofMillis(200)).execute(args, env);
    }

    private int execute(String[] args, Map<String, String> env) {
        url = "http://localhost:" + env.getOrDefault("SERVER_PORT", "8080");
        apiKey = env.get("TRACEVAULT_API_KEY");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : i + 1 < args.length ? args[i + 1] : null;
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.equals("--help") || name.equals("-h")) {
                err.print(USAGE);
                return 0;
            }
            if (value == null || !(name.equals("--url") || name.equals("--api-key") || name.equals("--projection"))) {
                err.println("tracevault replay: unexpected argument '" + arg + "'");
                err.print(USAGE);
                return 2;
            }
            if (!arg.contains("=")) {
                i++;
            }
            switch (name) {
                case "--url" -> url = value.replaceAll("/+$", "");
                case "--api-key" -> apiKey = value;
                default -> projection = value;
            }
        }
        if (apiKey == null || apiKey.isBlank()) {
            err.println("tracevault replay: an API key is needed: pass --api-key or set TRACEVAULT_API_KEY");
            return 2;
        }
        try {
            return replay();
        } catch (ConnectException | HttpConnectTimeoutException e) {
            err.println();
            err.println("tracevault replay: no Tracevault server answers at " + url
                    + " (start one with java -jar tracevault.jar, or pass --url)");
            return 2;
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            err.println();
            err.println("tracevault replay: " + url + " did not answer as a Tracevault server: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int replay() throws IOException, InterruptedException {
        String query = projection == null ? "" : "?projection=" + URLEncoder.encode(projection, StandardCharsets.UTF_8);
        var started = send("POST", "/v5/admin/replay" + query);
        switch (started.statusCode()) {
            case 202 -> err.println("replaying " + names(JSON.readTree(started.body())) + " from the event store");
            case 409 -> err.println("a replay is running already; following it");
            case 401 -> {
                err.println("tracevault replay: the server refused the API key (pass --api-key or set"
                        + " TRACEVAULT_API_KEY)");
                return 2;
            }
            default -> {
                err.println("tracevault replay: the server refused: " + started.statusCode() + " " + started.body());
                return 2;
            }
        }
        long begin = System.nanoTime();
        while (true) {
            var answer = send("GET", "/v5/admin/replay");
            if (answer.statusCode() != 200) {
                err.println();
                err.println("tracevault replay: the server answered " + answer.statusCode() + " " + answer.body());
                return 1;
            }
            JsonNode status = JSON.readTree(answer.body());
            String state = status.path("state").asString("");
            draw(status);
            if (state.equals("done")) {
                err.println();
                err.printf("done in %.1f s%n", (System.nanoTime() - begin) / 1e9);
                return 0;
            }
            if (state.equals("failed")) {
                err.println();
                err.println("tracevault replay: the replay failed: " + status.path("error").asString(""));
                return 1;
            }
            Thread.sleep(poll);
        }
    }

    /** One line, redrawn in place: the replayed projections' position against their target. */
    private void draw(JsonNode status) {
        long position = 0;
        long head = 0;
        double progress = 1;
        for (JsonNode p : status.path("projections")) {
            if (!p.path("state").asString("").equals("idle")) {
                position += p.path("position").asLong();
                head = Math.max(head, p.path("head").asLong());
                progress = Math.min(progress, p.path("progress").asDouble());
            }
        }
        int filled = (int) Math.round(progress * BAR);
        String trouble = status.path("error").isNull() ? "" : "  (retrying: " + status.path("error").asString("")
                + ")";
        err.printf("\r%s [%s%s] %3d%%  %d/%d events%s", names(status), "#".repeat(filled), ".".repeat(BAR - filled),
                (int) Math.floor(progress * 100), Math.min(position, head), head, trouble);
        err.flush();
    }

    private static String names(JsonNode status) {
        var names = new StringBuilder();
        for (JsonNode name : status.path("replayed")) {
            names.append(names.isEmpty() ? "" : ", ").append(name.asString());
        }
        return names.toString();
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("X-API-KEY", apiKey).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
