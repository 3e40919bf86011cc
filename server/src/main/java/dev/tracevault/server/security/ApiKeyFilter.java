package dev.tracevault.server.security;

import dev.tracevault.server.docs.ApiDocs;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Every {@code /v5} request needs a known {@code X-API-KEY}; otherwise a 401 and nothing happens. The
 * only exceptions are the exact GETs of the API's own description ({@link ApiDocs}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyFilter extends ApiFilter {

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
        return super.shouldNotFilter(request) || ApiDocs.isPublic(request.getMethod(),
                request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var key = keys.match(request.getHeader("X-API-KEY"));
        if (key.isEmpty()) {
            String detail = request.getHeader("X-API-KEY") == null ? "missing X-API-KEY header" : "invalid API key";
            ApiRequests.refuse(response, HttpServletResponse.SC_UNAUTHORIZED, detail);
            return;
        }
        request.setAttribute(KEY_ID, key.get().id());
        request.setAttribute(KEY_NAME, key.get().name());
        chain.doFilter(request, response);
    }
}
