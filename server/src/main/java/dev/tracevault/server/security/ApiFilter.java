package dev.tracevault.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/** A servlet filter of the API's requests only (those under {@code /v5}). */
public abstract class ApiFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiRequests.isApi(request);
    }
}
