package dev.tracevault.server.roles;

import dev.tracevault.server.roles.RolesEnvironment.Role;
import dev.tracevault.server.security.ApiRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP side of {@code tracevault.roles}: under {@code /v5}, {@code GET} and {@code HEAD} need
 * the {@code read} role, every other method the {@code write} role, and {@code POST
 * /v5/admin/replay} also the {@code processors} role (the replay runs this instance's processors).
 * A request this instance does not serve gets a JSON 404 {@code {"detail":"Not Found"}}, as an
 * unknown path does (after the API key is checked: it runs after the security chain, so without a
 * key it is a 401). {@code /actuator} is served in every role. Paths are matched as the router
 * matches them ({@link ApiRequests}).
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10)
class RoleFilter extends OncePerRequestFilter {

    private static final RequestMatcher REPLAY = ApiRequests.path("/v5/admin/replay/**");
    /** The viewer: it reads (the read role); a judgment recorded from it is a write. */
    private static final RequestMatcher VIEWER = ApiRequests.path("/ui/**");
    private static final RequestMatcher VIEWER_WRITE = ApiRequests.path("/ui/api/evaluators/log");

    private final Roles roles;

    RoleFilter(Roles roles) {
        this.roles = roles;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiRequests.isApi(request) && !VIEWER.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (served(request)) {
            chain.doFilter(request, response);
            return;
        }
        ApiRequests.refuse(response, HttpServletResponse.SC_NOT_FOUND, "Not Found");
    }

    private boolean served(HttpServletRequest request) {
        String method = request.getMethod();
        if (VIEWER.matches(request)) {
            // the judgment is passed on to /v5/evaluators/log within this request: this filter, once
            // per request, does not see that forward, so its write role is checked here
            return roles.has(Role.READ) && (!VIEWER_WRITE.matches(request) || roles.has(Role.WRITE));
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return roles.has(Role.READ);
        }
        if (REPLAY.matches(request) && !roles.has(Role.PROCESSORS)) {
            return false;
        }
        return roles.has(Role.WRITE);
    }
}
