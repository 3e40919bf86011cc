package dev.tracevault.server.security;

import dev.tracevault.server.admission.WatchedBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bodies larger than {@code tracevault.max-request-size} get a clear 413 and are not read into
 * memory: at once when {@code Content-Length} says so, else (chunked bodies) as soon as reading
 * passes the limit ({@link BodyTooLarge}, answered 413 by the error handler). It runs after the
 * security chain (a request without a valid key is refused before its body is looked at) and on
 * every path alike, so no spelling of a path escapes it.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 30)
public class BodySizeFilter extends OncePerRequestFilter {

    private final long limit;

    BodySizeFilter(@Value("${tracevault.max-request-size:8MB}") DataSize limit) {
        this.limit = limit.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setHeader("Connection", "close");
            response.getOutputStream().write(("{\"detail\":\"the body is larger than the limit of " + limit
                    + " bytes (tracevault.max-request-size)\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(new WatchedBody(request, new WatchedBody.Watcher() {
            private long read;

            @Override
            public void read(int bytes) throws BodyTooLarge {
                read += bytes;
                if (read > limit) {
                    throw new BodyTooLarge(limit);
                }
            }
        }), response);
    }

    /** Reading a body past the size limit. */
    public static final class BodyTooLarge extends IOException {

        BodyTooLarge(long limit) {
            super("the body is larger than the limit of " + limit + " bytes (tracevault.max-request-size)");
        }
    }


}
