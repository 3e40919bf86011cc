package dev.tracevault.server.deadletters;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The last failure of each processor that no dead letter could take (the database failing, or
 * the dead-letter queue itself): Axon releases the segment and claims it again a few seconds
 * later, so its own error state comes and goes; health reports the processor failing until it
 * has gone {@link #QUIET} without one.
 */
@Component
public class ProcessorFailures {

    /** How long after its last failure a processor still counts as failing. */
    public static final Duration QUIET = Duration.ofSeconds(30);

    private record Failure(String what, long atNanos) {
    }

    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    void failed(String processor, Throwable failure) {
        failures.put(processor, new Failure(failure.toString(), System.nanoTime()));
    }

    /** Why the processor failed within the last {@link #QUIET}, if it did. */
    public Optional<String> recent(String processor) {
        var failure = failures.get(processor);
        if (failure == null || System.nanoTime() - failure.atNanos() > QUIET.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(failure.what());
    }
}
