package dev.tracevault.server.security;

import dev.tracevault.server.docs.ApiDocsController;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /v5} request needs a known {@code X-API-KEY}; otherwise a 401 and nothing happens.
 * The API document and its page are public.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyFilter extends OncePerRequestFilter {

    /** The request attribute holding the id of the key that authenticated the request. */
    static final String KEY_ID = ApiKeyFilter.class.getName() + ".keyId";
    /** The request attribute holding that key's name. */
    static final String KEY_NAME = ApiKeyFilter.class.getName() + ".keyName";

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/v5") || path.startsWith("/v5/")) || ApiDocsController.PUBLIC_PATHS.contains(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var key = keys.match(request.getHeader("X-API-KEY"));
        if (key.isEmpty()) {
            String detail = request.getHeader("X-API-KEY") == null ? "missing X-API-KEY header" : "invalid API key";
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream().write(("{\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        request.setAttribute(KEY_ID, key.get().id());
        request.setAttribute(KEY_NAME, key.get().name());
        chain.doFilter(request, response);
    }
}
