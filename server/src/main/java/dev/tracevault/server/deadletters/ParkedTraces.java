package dev.tracevault.server.deadletters;

import java.util.Set;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Events of a trace with dead letters wait behind them: in a processor's batch, such an event is
 * parked (in the batch's transaction) instead of handled. The batch first takes the processor's
 * lock ({@link DeadLetterQueue#lock}) and reads which traces are parked, once; while none is, an
 * event costs nothing more.
 */
final class ParkedTraces implements MessageHandlerInterceptor<EventMessage<?>> {

    private final String processor;
    private final DeadLetterQueue queue;
    private final DeadLettering deadLettering;
    private final String resource;
    private final EventHandlerInvoker handlers;
    private final boolean locking;

    ParkedTraces(String processor, DeadLetterQueue queue, DeadLettering deadLettering) {
        this(processor, queue, deadLettering, null, true);
    }

    /**
     * With {@code handlers} other than the processor's own (a rebuild's), or null; {@code locking}
     * false for a rebuild's segments, which must not wait for each other: each holds traces of its own.
     */
    ParkedTraces(String processor, DeadLetterQueue queue, DeadLettering deadLettering, EventHandlerInvoker handlers,
                 boolean locking) {
        this.processor = processor;
        this.queue = queue;
        this.deadLettering = deadLettering;
        this.resource = ParkedTraces.class.getName() + "." + processor;
        this.handlers = handlers;
        this.locking = locking;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        Set<String> parked = unitOfWork.root().getOrComputeResource(resource, key -> {
            if (locking) {
                queue.lock(processor);
            }
            return queue.parkedSequences(processor);
        });
        if (!parked.isEmpty()) {
            EventMessage<?> event = unitOfWork.getMessage();
            if (deadLettering.handles(processor, handlers, event)) {
                String sequence = deadLettering.sequenceOf(event);
                if (parked.contains(sequence)) {
                    deadLettering.parkBehind(processor, sequence, event);
                    return null;
                }
            }
        }
        return interceptorChain.proceed();
    }
}
