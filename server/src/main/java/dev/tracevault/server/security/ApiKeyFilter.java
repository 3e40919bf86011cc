package dev.tracevault.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API-key authentication step of the security chain ({@link SecurityConfig}): a valid
 * {@code X-API-KEY} makes the request authenticated as that key. It decides nothing else: a request
 * without a valid key goes on unauthenticated, and the chain's authorization refuses it unless its
 * path is public; {@link #REFUSAL} tells the 401 why.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-KEY";
    /**
     * The request attribute holding the id of the key that authenticated the request (read by
     * {@link RequestAttribution} and, by this name, by command-side's erasure controller).
     */
    static final String KEY_ID = ApiKeyFilter.class.getName() + ".keyId";
    /** The request attribute holding that key's name. */
    static final String KEY_NAME = ApiKeyFilter.class.getName() + ".keyName";
    /** Why a request is not authenticated: the 401's detail. */
    static final String REFUSAL = ApiKeyFilter.class.getName() + ".refusal";
    static final String MISSING = "missing X-API-KEY header";
    static final String INVALID = "invalid API key";

    private final AuthenticationManager authentication;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    /** Stateless: the context lives as long as the request (and its async dispatch), no session. */
    private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();

    ApiKeyFilter(AuthenticationManager authentication) {
        this.authentication = authentication;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (presented == null) {
            request.setAttribute(REFUSAL, MISSING);
        } else {
            try {
                var key = (ApiKeyAuthentication) authentication.authenticate(ApiKeyAuthentication.presented(presented));
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(key);
                contexts.setContext(context);
                repository.saveContext(context, request, response);
                request.setAttribute(KEY_ID, key.keyId());
                request.setAttribute(KEY_NAME, key.keyName());
            } catch (AuthenticationException e) {
                contexts.clearContext();
                request.setAttribute(REFUSAL, INVALID);
            }
        }
        chain.doFilter(request, response);
    }
}
