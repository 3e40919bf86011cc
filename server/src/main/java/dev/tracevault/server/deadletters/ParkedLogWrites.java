package dev.tracevault.server.deadletters;

import dev.tracevault.problems.Unavailable;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A write into a trace whose log documents have a parked event (a rebuild could not project it) waits
 * for an operator: projected now, it would pass the parked event, which a retry could then no longer
 * apply. The write is refused with a 503 and {@code Retry-After}, storing nothing; every other trace
 * is written as usual. Costs a write nothing while no trace is parked (the parked traces are read at
 * most once a second, {@link DeadLetterQueue#parkedSequencesRecently}).
 */
final class ParkedLogWrites implements MessageHandlerInterceptor<EventMessage<?>> {

    static final String PROCESSOR = "logs";
    private static final int RETRY_AFTER_SECONDS = 30;

    private final DeadLetterQueue queue;
    private final DeadLettering deadLettering;

    ParkedLogWrites(DeadLetterQueue queue, DeadLettering deadLettering) {
        this.queue = queue;
        this.deadLettering = deadLettering;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        var parked = queue.parkedSequencesRecently(PROCESSOR);
        if (!parked.isEmpty()) {
            String sequence = deadLettering.sequenceOf(unitOfWork.getMessage());
            if (parked.contains(sequence)) {
                throw new Unavailable("trace " + sequence + " waits for an operator: an event of it could not be"
                        + " projected and is parked (GET /v5/admin/dead-letters); nothing was stored",
                        RETRY_AFTER_SECONDS);
            }
        }
        return interceptorChain.proceed();
    }
}
