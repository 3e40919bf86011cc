package dev.tracevault.server.security;

import dev.tracevault.viewer.Viewer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A signed-in viewer request, as the rest of the server sees it: attributed to the session's API key
 * exactly like an API request with that key ({@link ApiKeyFilter#KEY_ID}, read by
 * {@link RequestAttribution}), and its security context kept for the request, so that a judgment the
 * viewer passes on to {@code POST /v5/evaluators/log} passes the API's chain as that key. A session
 * whose key was revoked since it signed in ends here.
 */
final class ViewerSessionFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final RequestAttributeSecurityContextRepository forRequest = new RequestAttributeSecurityContextRepository();

    ViewerSessionFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var context = contexts.getContext();
        if (context.getAuthentication() instanceof ApiKeyAuthentication key) {
            if (keys.known(key.keyId())) {
                request.setAttribute(ApiKeyFilter.KEY_ID, key.keyId());
                request.setAttribute(ApiKeyFilter.KEY_NAME, key.keyName());
                request.setAttribute(Viewer.SIGNED_IN_AS, key.keyName());
                forRequest.saveContext(context, request, response);
            } else {
                var session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                contexts.clearContext();
            }
        }
        chain.doFilter(request, response);
    }
}
