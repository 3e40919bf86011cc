package dev.tracevault.server.admission;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request's body must have arrived {@code tracevault.slow-clients.body-deadline} after its headers:
 * a client that sends a byte a second is answered 408 ({@link BodyTimeout}, JSON) and its connection
 * closed, instead of holding a request thread. A client that sends nothing at all is cut off sooner,
 * by Tomcat's {@code server.tomcat.connection-timeout}. Only requests that passed the security chain
 * read a body (a request without a valid key is refused before, and its body is never read:
 * {@code server.tomcat.max-swallow-size} 0).
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 32)
public class BodyDeadline extends OncePerRequestFilter {

    private final long deadlineNanos;

    BodyDeadline(@Value("${tracevault.slow-clients.body-deadline:PT60S}") Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() == 0) {
            chain.doFilter(request, response);
            return;
        }
        long deadline = System.nanoTime() + deadlineNanos;
        chain.doFilter(new WatchedBody(request, new WatchedBody.Watcher() {
            @Override
            public void beforeRead() throws BodyTimeout {
                if (System.nanoTime() - deadline > 0) {
                    throw new BodyTimeout();
                }
            }
        }), response);
    }

    /** The body did not arrive in time. */
    public static final class BodyTimeout extends IOException {

        BodyTimeout() {
            super("the request's body did not arrive in time (tracevault.slow-clients.body-deadline)");
        }
    }


}
