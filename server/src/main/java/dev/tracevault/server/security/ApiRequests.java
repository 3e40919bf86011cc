package dev.tracevault.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;

/** What the API's servlet filters share: which requests are API requests, and a JSON refusal. */
public final class ApiRequests {

    private ApiRequests() {
    }

    /** A request under {@code /v5}. */
    public static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/v5") || path.startsWith("/v5/");
    }

    /** Answers {@code {"detail": detail}} with {@code status}; {@code detail} holds no character JSON escapes. */
    public static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(("{\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
