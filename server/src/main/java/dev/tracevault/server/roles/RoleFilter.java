package dev.tracevault.server.roles;

import dev.tracevault.server.roles.RolesEnvironment.Role;
import dev.tracevault.server.security.ApiFilter;
import dev.tracevault.server.security.ApiRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The HTTP side of {@code tracevault.roles}: under {@code /v5}, {@code GET} and {@code HEAD} need
 * the {@code read} role, every other method the {@code write} role, and {@code POST
 * /v5/admin/replay} also the {@code processors} role (the replay runs this instance's processors).
 * A request this instance does not serve gets a JSON 404 {@code {"detail":"Not Found"}}, as an
 * unknown path does (after the API key is checked: without one it is a 401). {@code /actuator} is served in every role.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
class RoleFilter extends ApiFilter {

    private final Roles roles;

    RoleFilter(Roles roles) {
        this.roles = roles;
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
        if (method.equals("GET") || method.equals("HEAD")) {
            return roles.has(Role.READ);
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/v5/admin/replay") && !roles.has(Role.PROCESSORS)) {
            return false;
        }
        return roles.has(Role.WRITE);
    }
}
