package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The answers' own protection: {@code nosniff} and {@code no-store} on API answers, a
 * Content-Security-Policy that allows no inline script and no framing on the HTML page; every error
 * is JSON with the right status, including {@code /error} itself and the servlet container's own
 * refusals (sent over a raw socket, as {@code java.net.http} will not send such requests); and
 * embedded H2's files are readable by the server's user only.
 */
class HardeningTest extends ApiContractBase {

    private static final Path PARENT = parent();

    /** A data directory that does not exist yet, in a folder open to everyone (0755). */
    private static Path parent() {
        try {
            Path parent = Files.createTempDirectory("tracevault-modes-");
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
            return parent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("tracevault.data-dir", () -> PARENT.resolve("data").toString());
    }

    @Test
    void apiAnswersAreNotSniffedNotStoredAndNotFramed() {
        assertThat(api.post("/v5/flows/log", "{\"path\":\"hard/Flow\",\"inputs\":{\"q\":1},\"output\":\"x\"}").status())
                .isEqualTo(200);
        RawHttp raw = new RawHttp(port);
        SoftAssertions softly = new SoftAssertions();
        for (var answer : List.of(raw.send("GET", "/v5/logs?size=1", Api.KEY, null),
                raw.send("GET", "/v5/export", Api.KEY, null),
                raw.send("GET", "/v5/openapi.json", null, null),
                raw.send("GET", "/v5/logs/none", Api.KEY, null),
                raw.send("GET", "/v5/logs", null, null),
                raw.send("GET", "/v5;x/logs", null, null),
                raw.send("GET", "/actuator/health", null, null),
                raw.send("GET", "/error", Api.KEY, null))) {
            String what = answer.status() + " " + answer.body().substring(0, Math.min(80, answer.body().length()));
            softly.assertThat(answer.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
            softly.assertThat(answer.header("Cache-Control")).as(what).contains("no-store");
        }
        var data = raw.send("GET", "/v5/logs?size=1", Api.KEY, null);
        softly.assertThat(data.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        softly.assertThat(data.header("X-Frame-Options")).isEqualTo("DENY");
        softly.assertAll();
    }

    @Test
    void theDocsPageForbidsInlineScriptAndFramingAndLoadsOnlyItsOwnFiles() {
        RawHttp raw = new RawHttp(port);
        var page = raw.send("GET", "/v5/docs", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'");
        String scripts = Stream.of(policy.split(";")).map(String::trim).filter(d -> d.startsWith("script-src"))
                .findFirst().orElseThrow();
        assertThat(scripts).as("no inline or evaluated script").isEqualTo("script-src 'self'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        // the page's own markup holds no script the policy would block: every script is a file, here
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
        assertThat(page.body()).doesNotContainPattern("\\son[a-z]+=");
        Matcher references = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        int files = 0;
        while (references.find()) {
            String reference = references.group(1);
            assertThat(reference).as("relative to /v5/docs, so from this server").doesNotContain("//").startsWith("docs/");
            var file = raw.send("GET", "/v5/" + reference, null, null);
            assertThat(file.status()).as(reference).isEqualTo(200);
            assertThat(file.header("X-Content-Type-Options")).isEqualTo("nosniff");
            files++;
        }
        assertThat(files).isGreaterThanOrEqualTo(4);
        // what the start script asks of Swagger UI is what the policy allows: the document from here
        var init = raw.send("GET", "/v5/docs/swagger-init.js", null, null);
        assertThat(init.body()).contains("url: \"openapi.json\"", "validatorUrl: null");
    }

    @Test
    void errorAskedForDirectlyIsANotFoundAndWithoutAKeyA401() {
        var withKey = api.get("/error");
        assertThat(withKey.status()).isEqualTo(404);
        assertThat(withKey.json().get("detail").stringValue()).isEqualTo("Not Found");
        assertThat(api.send("POST", "/error", "{}", Api.KEY).status()).isEqualTo(404);
        var withoutKey = api.send("GET", "/error", (String) null, null);
        assertThat(withoutKey.status()).isEqualTo(401);
        assertThat(withoutKey.json().get("detail").stringValue()).isEqualTo("missing X-API-KEY header");
    }

    @Test
    void theContainersOwnRefusalsAreJsonWithTheirStatus() {
        RawHttp raw = new RawHttp(port);
        // each asks the server to close the connection after its answer: the answer is all that arrives
        String host = "Host: 127.0.0.1\r\nConnection: close\r\n";
        record Case(String name, String request, int status) {
        }
        List<Case> cases = List.of(
                new Case("%00 in the path", "GET /v5/logs/a%00b HTTP/1.1\r\n" + host + "X-API-KEY: test-key\r\n\r\n", 400),
                new Case("an invalid escape", "GET /v5/logs/a%zzb HTTP/1.1\r\n" + host + "\r\n", 400),
                new Case("a truncated escape", "GET /v5/logs/a%4 HTTP/1.1\r\n" + host + "\r\n", 400),
                new Case("a raw backslash", "GET /v5\\logs HTTP/1.1\r\n" + host + "\r\n", 400),
                new Case("a character not allowed in a URL", "GET /v5/logs/a{b HTTP/1.1\r\n" + host + "\r\n", 400),
                new Case("a control character in the method", "GE\u0001T /v5/logs HTTP/1.1\r\n" + host + "\r\n", 400),
                new Case("no Host header", "GET /v5/logs HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
                new Case("a URL over 8 KB", "GET /v5/logs/" + "a".repeat(9000) + " HTTP/1.1\r\n" + host + "\r\n", 414),
                new Case("headers over 8 KB", "GET /v5/logs HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(9000)
                        + "\r\n\r\n", 431),
                new Case("an unknown HTTP version", "GET /v5/logs HTTP/7.0\r\n" + host + "\r\n", 505),
                new Case("TRACE", "TRACE /v5/logs HTTP/1.1\r\n" + host + "\r\n", 405),
                new Case("a firewall refusal", "GET /v5/./logs HTTP/1.1\r\n" + host + "\r\n", 400));
        SoftAssertions softly = new SoftAssertions();
        for (Case c : cases) {
            RawHttp.Response response = raw.exchange(c.request().getBytes(StandardCharsets.ISO_8859_1));
            softly.assertThat(response.status()).as(c.name() + ": " + response.body()).isEqualTo(c.status());
            softly.assertThat(response.header("Content-Type")).as(c.name()).startsWith("application/json");
            softly.assertThat(response.body()).as(c.name()).doesNotContain("<html", "Tomcat", "Exception");
            try {
                softly.assertThat(response.json().propertyNames()).as(c.name()).containsExactly("detail");
                softly.assertThat(response.json().get("detail").isString()).as(c.name()).isTrue();
            } catch (RuntimeException e) {
                softly.fail(c.name() + ": not JSON: " + response.body());
            }
        }
        softly.assertAll();
    }

    @Test
    void h2sDataDirectoryIs0700AndItsFiles0600() throws IOException {
        Path data = PARENT.resolve("data");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(data)) {
            List<Path> all = files.toList();
            assertThat(all).extracting(p -> p.getFileName().toString()).contains("tracevault.mv.db");
            for (Path file : all) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                        .isEqualTo("rw-------");
            }
        }
    }
}
