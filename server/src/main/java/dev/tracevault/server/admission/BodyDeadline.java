package dev.tracevault.server.admission;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
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
        chain.doFilter(new Timed(request, System.nanoTime() + deadlineNanos), response);
    }

    /** The body did not arrive in time. */
    public static final class BodyTimeout extends IOException {

        BodyTimeout() {
            super("the request's body did not arrive in time (tracevault.slow-clients.body-deadline)");
        }
    }

    private static final class Timed extends HttpServletRequestWrapper {

        private final long deadline;
        private ServletInputStream stream;

        Timed(HttpServletRequest request, long deadline) {
            super(request);
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {

                    @Override
                    public int read() throws IOException {
                        check();
                        return in.read();
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        check();
                        return in.read(buffer, offset, length);
                    }

                    private void check() throws BodyTimeout {
                        if (System.nanoTime() - deadline > 0) {
                            throw new BodyTimeout();
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
