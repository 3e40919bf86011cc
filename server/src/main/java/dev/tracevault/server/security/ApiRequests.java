package dev.tracevault.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What the API's filters share: which requests are API requests, and a JSON refusal. Paths are
 * matched as the router matches them (Spring's {@code PathPattern} on the request path, each segment
 * decoded once, path parameters apart), never by comparing the raw URI: {@code /%765/logs} is an API
 * request here exactly when the router would serve it as one.
 */
public final class ApiRequests {

    /** The API: {@code /v5} and everything under it. */
    public static final RequestMatcher API = path("/v5/**");

    private ApiRequests() {
    }

    /** Matches {@code pattern} (any method) the way the router does. */
    public static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    /** A request under {@code /v5}. */
    public static boolean isApi(HttpServletRequest request) {
        return API.matches(request);
    }

    /** Answers {@code {"detail": detail}} with {@code status}; {@code detail} holds no character JSON escapes. */
    public static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        noStoreNoSniff(response);
        response.getOutputStream().write(("{\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The headers every API answer carries; the security chain adds them to what passes through it,
     * this is for answers written before it (a rejected URL) or around it.
     */
    public static void noStoreNoSniff(HttpServletResponse response) {
        if (!response.containsHeader("X-Content-Type-Options")) {
            response.setHeader("X-Content-Type-Options", "nosniff");
        }
        if (!response.containsHeader("Cache-Control")) {
            response.setHeader("Cache-Control", "no-store");
        }
    }
}
