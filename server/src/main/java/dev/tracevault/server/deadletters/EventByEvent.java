package dev.tracevault.server.deadletters;

import java.util.HashSet;
import java.util.Set;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;

/**
 * A processor's failed batch, handled again one event at a time: every event that can be handled
 * is (each in a transaction of its own), and one that fails alone is parked with the later events
 * of its trace ({@link DeadLettering}); the batch then counts as done and the processor goes on.
 * A failure of the database itself ({@link TransientFailures}) parks nothing: the processor fails,
 * Axon retries it later, and health says DOWN meanwhile.
 */
final class EventByEvent implements ErrorHandler {

    private final String processor;
    private final EventHandlerInvoker handlers;
    private final DeadLettering deadLettering;
    private final ProcessorFailures failures;

    EventByEvent(String processor, DeadLettering deadLettering, ProcessorFailures failures) {
        this(processor, null, deadLettering, failures);
    }

    /** With {@code handlers} other than the processor's own (a rebuild's), or null for its own. */
    EventByEvent(String processor, EventHandlerInvoker handlers, DeadLettering deadLettering,
                 ProcessorFailures failures) {
        this.processor = processor;
        this.handlers = handlers;
        this.deadLettering = deadLettering;
        this.failures = failures;
    }

    @Override
    public void handleError(ErrorContext context) throws Exception {
        try {
            eventByEvent(context);
        } catch (Exception failure) {
            failures.failed(processor, failure);
            throw failure;
        }
    }

    private void eventByEvent(ErrorContext context) throws Exception {
        if (TransientFailures.is(context.error())) {
            throw rethrown(context.error());
        }
        Set<String> failedHere = new HashSet<>();
        for (EventMessage<?> event : context.failedEvents()) {
            if (!deadLettering.handles(processor, handlers, event)) {
                continue;
            }
            try {
                deadLettering.handleAlone(processor, handlers, event, failedHere);
            } catch (Exception failure) {
                if (TransientFailures.is(failure)) {
                    throw failure;
                }
                deadLettering.park(processor, event, failure);
                failedHere.add(deadLettering.sequenceOf(event));
            }
        }
    }

    private static Exception rethrown(Throwable error) {
        return error instanceof Exception e ? e : new IllegalStateException(error);
    }
}
