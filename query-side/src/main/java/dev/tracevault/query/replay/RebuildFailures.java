package dev.tracevault.query.replay;

import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * What a rebuild of the log documents does with an event it cannot project: the server parks it with
 * the later events of its trace (its dead letters), so the rebuild finishes, the writes resume, and an
 * operator sees it in health and retries it. Without one (a query-side test), a failing event fails the
 * rebuild's batch again and again.
 */
public interface RebuildFailures {

    /** A rebuild of {@code processor} starts: it projects every event again, those parked by the last one too. */
    void starting(String processor);

    /** Handles a batch that failed: event by event with {@code invoker}, parking each event that fails alone. */
    ErrorHandler failedBatches(String processor, EventHandlerInvoker invoker);

    /** Parks the events of a trace parked earlier in this rebuild rather than handling them. */
    MessageHandlerInterceptor<? super EventMessage<?>> parkedTraces(String processor, EventHandlerInvoker invoker);
}
