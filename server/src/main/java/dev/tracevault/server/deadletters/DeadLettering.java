package dev.tracevault.server.deadletters;

import dev.tracevault.problems.NotFound;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Parks events an asynchronous processor cannot handle, and handles them again when an operator
 * asks. A processor's batch runs in one transaction; when it fails, {@link EventByEvent} handles
 * its events one at a time, each in a transaction of its own, and an event that fails alone is
 * parked here with the reason, counted ({@code tracevault_dead_letters_parked_total}) and logged
 * once; the later events of its trace are parked behind it ({@link ParkedTraces}), unlogged.
 */
@Component
public class DeadLettering {

    /** The processors whose events are parked rather than retried for ever. */
    public static final List<String> PROCESSORS = List.of("analytics", "EvaluationSagaProcessor");

    private static final Logger log = LoggerFactory.getLogger(DeadLettering.class);

    private final DeadLetterQueue queue;
    private final TraceSequences sequences;
    private final TransactionManager transactions;
    private final EventProcessingConfiguration processing;
    private final EventStorageEngine events;
    private final MeterRegistry meters;

    DeadLettering(DeadLetterQueue queue, TraceSequences sequences, TransactionManager transactions,
                  @Lazy EventProcessingConfiguration processing, @Lazy EventStorageEngine events, MeterRegistry meters) {
        this.queue = queue;
        this.sequences = sequences;
        this.transactions = transactions;
        this.processing = processing;
        this.events = events;
        this.meters = meters;
    }

    /**
     * Handles one event of {@code processor} in a transaction of its own, unless its trace is
     * parked, here or in an earlier batch ({@code failedHere}: sequences whose event failed in this
     * pass): then it is parked behind, in that transaction. On failure nothing of it is kept.
     *
     * @return false if the event was parked behind its trace
     * @throws Exception why the event could not be handled
     */
    boolean handleAlone(String processor, EventHandlerInvoker handlers, EventMessage<?> event, Set<String> failedHere)
            throws Exception {
        String sequence = sequences.of(event);
        boolean[] handled = {false};
        inTransaction(processor, event, () -> {
            if (failedHere.contains(sequence) || queue.isParked(processor, sequence)) {
                parkBehind(processor, sequence, event);
            } else {
                (handlers != null ? handlers : invoker(processor)).handle(event, Segment.ROOT_SEGMENT);
                handled[0] = true;
            }
        });
        return handled[0];
    }

    String sequenceOf(EventMessage<?> event) {
        return sequences.of(event);
    }

    /** Parks an event that failed alone: the head of its trace's sequence. Logged once, here. */
    void park(String processor, EventMessage<?> event, Throwable cause) throws Exception {
        String sequence = sequences.of(event);
        boolean[] parked = {false};
        inTransaction(processor, event, () -> parked[0] = queue.park(processor, sequence, event, cause));
        if (parked[0]) {
            counter(processor).increment();
            log.warn("Processor {} parked event {} ({} of {}, global index {}) and the later events of trace {}:"
                            + " {}. GET /v5/admin/dead-letters lists them; POST /v5/admin/dead-letters/{{id}}/retry"
                            + " handles them again.", processor, event.getIdentifier(),
                    event.getPayloadType().getSimpleName(), aggregateOf(event), DeadLetterQueue.globalIndex(event),
                    sequence, cause.toString(), cause);
        }
    }

    /** Parks an event behind its sequence's head, in the current transaction. */
    void parkBehind(String processor, String sequence, EventMessage<?> event) {
        if (queue.park(processor, sequence, event, null)) {
            counter(processor).increment();
            log.debug("Processor {} parked event {} behind the dead letters of trace {}", processor,
                    event.getIdentifier(), sequence);
        }
    }

    /** What an operator's retry came to: the letters handled, and the one that failed again (if any). */
    public record Retried(int handled, DeadLetterQueue.Letter failed, String cause, int waiting) {
    }

    /**
     * Handles the sequence of a dead letter again, from its first letter on, each in a transaction
     * of its own; stops at the first that fails again (it and the rest stay parked).
     */
    public Retried retry(String letterId) {
        var letter = queue.find(letterId).orElseThrow(() -> new NotFound("no dead letter " + letterId));
        return retrySequence(letter.processor(), letter.sequence());
    }

    /** Retries every parked sequence; the outcome of each. */
    public List<Retried> retryAll() {
        return queue.list(Integer.MAX_VALUE).stream().map(l -> List.of(l.processor(), l.sequence())).distinct()
                .map(key -> retrySequence(key.get(0), key.get(1))).toList();
    }

    private Retried retrySequence(String processor, String sequence) {
        int handled = 0;
        while (true) {
            var head = queue.head(processor, sequence);
            if (head.isEmpty()) {
                return new Retried(handled, null, null, 0);
            }
            var letter = head.get();
            var event = read(letter.globalIndex());
            try {
                inTransaction(processor, event, () -> {
                    if (queue.find(letter.id()).isEmpty()) {
                        return; // handled by a retry of another request meanwhile
                    }
                    if (event != null && invoker(processor).canHandle(event, Segment.ROOT_SEGMENT)) {
                        invoker(processor).handle(event, Segment.ROOT_SEGMENT);
                    }
                    queue.delete(letter.id());
                });
                handled++;
            } catch (Exception failure) {
                transactions.executeInTransaction(() -> queue.failedAgain(letter, failure));
                log.info("Retrying dead letter {} of processor {} failed again: {}", letter.id(), processor,
                        failure.toString());
                int waiting = (int) queue.list(Integer.MAX_VALUE).stream()
                        .filter(l -> l.processor().equals(processor) && l.sequence().equals(sequence)).count();
                return new Retried(handled, queue.find(letter.id()).orElse(letter), failure.toString(), waiting);
            }
        }
    }

    /** Removes a dead letter for good: its processor never handles that event. */
    public DeadLetterQueue.Letter evict(String letterId) {
        var letter = queue.find(letterId).orElseThrow(() -> new NotFound("no dead letter " + letterId));
        transactions.executeInTransaction(() -> {
            queue.lock(letter.processor());
            queue.delete(letterId);
        });
        log.info("Dead letter {} of processor {} (global index {}) evicted", letterId, letter.processor(),
                letter.globalIndex());
        return letter;
    }

    /** The event at a global index, read (and upcast) as the processors read it; null if there is none. */
    private TrackedEventMessage<?> read(long globalIndex) {
        var from = GapAwareTrackingToken.newInstance(globalIndex - 1, Collections.emptySet());
        try (var stream = events.readEvents(from, false)) {
            return stream.limit(1).filter(e -> e.trackingToken().position().orElse(-1) == globalIndex)
                    .findFirst().orElse(null);
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} in a unit of work with a transaction that holds the processor's lock. */
    private void inTransaction(String processor, EventMessage<?> event, Work work) throws Exception {
        var unitOfWork = DefaultUnitOfWork.startAndGet(event);
        unitOfWork.attachTransaction(transactions);
        var result = unitOfWork.executeWithResult(() -> {
            queue.lock(processor);
            work.run();
            return null;
        });
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof Exception e ? e : new IllegalStateException(failure);
        }
    }

    private EventHandlerInvoker invoker(String processor) {
        return processing.eventProcessor(processor, AbstractEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no event processor " + processor))
                .eventHandlerInvoker();
    }

    boolean handles(String processor, EventHandlerInvoker handlers, EventMessage<?> event) {
        return (handlers != null ? handlers : invoker(processor)).canHandle(event, Segment.ROOT_SEGMENT);
    }

    /** Forgets every dead letter of {@code processor}: a rebuild of its read model projects their events again. */
    void clear(String processor) {
        transactions.executeInTransaction(() -> {
            queue.lock(processor);
            queue.deleteAll(processor);
        });
    }

    private Counter counter(String processor) {
        return Counter.builder("tracevault.dead.letters.parked").tag("processor", processor)
                .description("events parked because they or an earlier event of their trace could not be handled")
                .register(meters);
    }

    private static String aggregateOf(EventMessage<?> event) {
        return event instanceof org.axonframework.eventhandling.DomainEventMessage<?> d
                ? d.getType() + " " + d.getAggregateIdentifier() : "no aggregate";
    }
}
