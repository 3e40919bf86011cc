package dev.tracevault.yardstick;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** The same {@code X-API-KEY} header as Tracevault's API, checked against one configured key. */
@Component
class ApiKeyFilter extends OncePerRequestFilter {

    private final byte[] key;

    ApiKeyFilter(@Value("${yardstick.api-key}") String key) {
        if (key.isBlank()) {
            throw new IllegalStateException("set yardstick.api-key (YARDSTICK_API_KEY)");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader("X-API-KEY");
        // constant-time compare, as a key check should be
        if (given == null || !MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("application/json");
            response.getWriter().write("{\"detail\":\"missing or unknown X-API-KEY\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
