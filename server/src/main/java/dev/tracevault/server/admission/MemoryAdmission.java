package dev.tracevault.server.admission;

import dev.tracevault.problems.Unavailable;
import dev.tracevault.server.security.ApiRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Memory is admitted, not hoped for: a request takes its share of {@link InFlightMemory} before it
 * reads a large body ({@link #BODY_COPIES} times its length: the body, its parsed tree, the event,
 * its serialized form and the log document all exist at once) or loads a large answer
 * ({@link LargeAnswers}), and gives it back when it ends. A request that does not get its share in
 * time is answered 503 with {@code Retry-After}, before anything is read or stored. A body of unknown
 * length (chunked) takes its share as it is read. Bodies up to {@link #SMALL} bytes ask nothing.
 *
 * <p>After the security chain (a request without a valid key takes nothing) and the size limit (a
 * body over it is a 413 at once).
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 35)
public class MemoryAdmission extends OncePerRequestFilter {

    /** Heap per byte of a write's body, measured at -Xmx512m (docs/reliability.md: Memory and slow clients). */
    static final int BODY_COPIES = 24;
    /** Bodies this small pass without asking: their memory is bounded by the number of request threads. */
    static final long SMALL = 64 * 1024;
    /** A chunked body takes its share in steps of this many body bytes. */
    static final long STEP = 1024 * 1024;
    /** What a refused request is told to wait before it tries again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final String SHARE = MemoryAdmission.class.getName() + ".share";

    private final InFlightMemory memory;

    MemoryAdmission(InFlightMemory memory) {
        this.memory = memory;
    }

    /**
     * Takes {@code bytes} more for the request, waiting in line; the request gives them back when it
     * ends. Outside an admitted request (a test slice) it takes nothing.
     *
     * @throws Unavailable if they were not free within the wait bound
     */
    static void take(ServletRequest request, long bytes) {
        if (request.getAttribute(SHARE) instanceof Share share) {
            share.takeOrRefuse(bytes);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Share share = new Share(memory);
        request.setAttribute(SHARE, share);
        try {
            long length = request.getContentLengthLong();
            if (length > SMALL) {
                if (!share.take(length * BODY_COPIES)) {
                    response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
                    response.setHeader("Connection", "close");
                    ApiRequests.refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, busy(memory));
                    return;
                }
                chain.doFilter(request, response);
            } else if (length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"))) {
                chain.doFilter(new WatchedBody(request, new Metered(share)), response);
            } else {
                chain.doFilter(request, response);
            }
        } finally {
            share.giveBack();
        }
    }

    private static String busy(InFlightMemory memory) {
        return "the server is busy with other large requests (tracevault.memory.in-flight " + memory.capacity()
                + " bytes); nothing was stored, try again later";
    }

    /** A body of unknown length could not get its share while being read: a 503, nothing stored. */
    public static final class MemoryBusy extends IOException {

        MemoryBusy(String detail) {
            super(detail);
        }

        public int retryAfterSeconds() {
            return RETRY_AFTER_SECONDS;
        }
    }

    /** What one request holds of the budget. */
    private static final class Share {

        private final InFlightMemory memory;
        private long held;

        Share(InFlightMemory memory) {
            this.memory = memory;
        }

        boolean take(long bytes) {
            try {
                if (!memory.take(bytes)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            synchronized (this) {
                held += bytes;
            }
            return true;
        }

        void takeOrRefuse(long bytes) {
            if (!take(bytes)) {
                throw new Unavailable(busy(memory), RETRY_AFTER_SECONDS);
            }
        }

        synchronized void giveBack() {
            if (held > 0) {
                memory.give(held);
                held = 0;
            }
        }
    }

    /** A chunked body: its share is taken step by step as it is read. */
    private static final class Metered implements WatchedBody.Watcher {

        private final Share share;
        private long read;
        private long covered;

        Metered(Share share) {
            this.share = share;
        }

        @Override
        public void read(int bytes) throws MemoryBusy {
            read += bytes;
            if (read > SMALL && read > covered) {
                long step = Math.max(STEP, read - covered);
                if (!share.take(step * BODY_COPIES)) {
                    throw new MemoryBusy(busy(share.memory));
                }
                covered += step;
            }
        }
    }
}
