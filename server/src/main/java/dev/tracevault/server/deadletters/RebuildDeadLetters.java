package dev.tracevault.server.deadletters;

import dev.tracevault.query.replay.RebuildFailures;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Dead letters for a rebuild of the log documents, as for the asynchronous processors: a failed
 * batch is handled again event by event ({@link EventByEvent}) with the rebuild's handlers, an event
 * that fails alone is parked under the processor {@code logs} with the later events of its trace
 * ({@link ParkedTraces}, without the processor's lock: the rebuild's segments hold traces of their own
 * and must not wait for each other), and the rebuild ends. The letters of an earlier rebuild are
 * dropped when the next one starts: it projects their events again. Live writes into a parked trace
 * wait for it ({@link ParkedLogWrites}).
 */
@Component
class RebuildDeadLetters implements RebuildFailures {

    private final DeadLettering deadLettering;
    private final DeadLetterQueue queue;
    private final ProcessorFailures failures;

    RebuildDeadLetters(DeadLettering deadLettering, DeadLetterQueue queue, ProcessorFailures failures) {
        this.deadLettering = deadLettering;
        this.queue = queue;
        this.failures = failures;
    }

    @Override
    public void starting(String processor) {
        deadLettering.clear(processor);
    }

    @Override
    public ErrorHandler failedBatches(String processor, EventHandlerInvoker invoker) {
        return new EventByEvent(processor, invoker, deadLettering, failures);
    }

    @Override
    public MessageHandlerInterceptor<? super EventMessage<?>> parkedTraces(String processor,
                                                                          EventHandlerInvoker invoker) {
        return new ParkedTraces(processor, queue, deadLettering, invoker, false);
    }
}
