package dev.tracevault.command.otel;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * How OpenTelemetry traces are taken in ({@code tracevault.otel.*}): how large one request may be,
 * where the files of spans without a Humanloop path go, and how long and how many spans may wait
 * for a parent span that has not arrived.
 */
@Component
public class OtelSettings {

    private final long maxRequestBytes;
    private final int maxSpansPerRequest;
    private final String pathPrefix;
    private final Duration pendingMaxAge;
    private final int pendingMaxSpans;
    private final Duration sweepInterval;

    OtelSettings(@Value("${tracevault.otel.max-request-size:8MB}") DataSize maxRequestSize,
                 @Value("${tracevault.otel.max-spans-per-request:1000}") int maxSpansPerRequest,
                 @Value("${tracevault.otel.path-prefix:otel}") String pathPrefix,
                 @Value("${tracevault.otel.pending.max-age:PT1H}") Duration pendingMaxAge,
                 @Value("${tracevault.otel.pending.max-spans:10000}") int pendingMaxSpans,
                 @Value("${tracevault.otel.pending.sweep-interval:PT5S}") Duration sweepInterval) {
        this.maxRequestBytes = maxRequestSize.toBytes();
        this.maxSpansPerRequest = maxSpansPerRequest;
        this.pathPrefix = pathPrefix;
        this.pendingMaxAge = pendingMaxAge;
        this.pendingMaxSpans = pendingMaxSpans;
        this.sweepInterval = sweepInterval;
    }

    /** The largest request body, after decompression. */
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    public int maxSpansPerRequest() {
        return maxSpansPerRequest;
    }

    /** The folder for the files of spans that name no Humanloop path: {@code <prefix>/<service>/<name>}. */
    public String pathPrefix() {
        return pathPrefix;
    }

    /** How long a span waits for its parent before it is stored as a log of its own. */
    public Duration pendingMaxAge() {
        return pendingMaxAge;
    }

    /** How many spans may wait at once; past it, a span whose parent is missing is refused. */
    public int pendingMaxSpans() {
        return pendingMaxSpans;
    }

    /** How often waiting spans are checked for a parent that arrived by another way, or for their age. */
    public Duration sweepInterval() {
        return sweepInterval;
    }
}
