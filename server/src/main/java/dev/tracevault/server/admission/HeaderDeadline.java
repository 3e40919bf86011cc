package dev.tracevault.server.admission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.Constants;
import org.apache.coyote.Processor;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP connector with a deadline for a request's line and headers: Tomcat's own
 * {@code connectionTimeout} is the longest silence between two reads, so a client that sends a byte
 * a second would keep a connection (its buffers and a place under {@code max-connections}) for
 * ever. Once a second, every connection still reading the head of a request that began more than
 * {@code tracevault.slow-clients.header-deadline} ago is answered 408 (JSON) and closed. No thread
 * waits for such a connection meanwhile (Tomcat reads heads without blocking), and no key was seen:
 * nothing else is held for it.
 */
public class HeaderDeadline extends Http11NioProtocol {

    private static final byte[] TIMEOUT = answer();

    private volatile long deadlineNanos = TimeUnit.SECONDS.toNanos(10);
    private ScheduledExecutorService sweeper;

    public void setHeaderDeadlineMillis(long millis) {
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Override
    public void start() throws Exception {
        super.start();
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("header-deadline").daemon()
                .factory());
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() throws Exception {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        super.stop();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (SocketWrapperBase<?> connection : getEndpoint().getConnections()) {
            try {
                if (connection.getCurrentProcessor() instanceof Processor processor && late(processor, now)) {
                    cutOff(connection);
                }
            } catch (RuntimeException e) {
                // the connection changed meanwhile (recycled, closed): the next sweep sees it again
            }
        }
    }

    /**
     * A connection whose request has begun (its first byte was read: Tomcat's start time) and is not
     * being served yet: Tomcat keeps the processor with such a connection between reads, in a stage
     * before {@code PREPARE} or, for a processor that served a request before, {@code ENDED}.
     */
    private boolean late(Processor processor, long now) {
        if (processor.isAsync() || processor.isUpgrade()) {
            return false;
        }
        Request request = processor.getRequest();
        int stage = request.getRequestProcessor().getStage();
        boolean served = stage >= Constants.STAGE_PREPARE && stage <= Constants.STAGE_ENDOUTPUT;
        long start = request.getStartTimeNanos();
        return !served && start > 0 && now - start > deadlineNanos;
    }

    private static void cutOff(SocketWrapperBase<?> connection) {
        try {
            connection.write(true, TIMEOUT, 0, TIMEOUT.length);
            connection.flush(true);
        } catch (IOException | RuntimeException e) {
            // the client is gone: closing is all that is left
        } finally {
            connection.close();
        }
    }

    private static byte[] answer() {
        String body = "{\"detail\":\"the request's line and headers did not arrive in time"
                + " (tracevault.slow-clients.header-deadline)\"}";
        return ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }
}
