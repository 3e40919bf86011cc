package dev.tracevault.query.replay;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Orders a rebuild by trace: every event of a trace — of its root, its members, and the Evaluator
 * Logs judging any of them — gets the trace root's id, so one segment projects them in store
 * order (a child widens its ancestors, a completion reads its children's ends, a judgment reads
 * the log it judges); other traces go to other segments in parallel. A File's events go by file.
 *
 * <p>A log's trace is known from its creation event, which comes before its other events in the
 * store: the rebuild's coordinator sees them in that order and remembers each log's trace (the
 * most recently used ones, a bounded number; one forgotten is looked up with {@code lookUp}).
 */
final class TraceSequencing implements SequencingPolicy<EventMessage<?>> {

    private static final int REMEMBERED = 300_000;

    private final UnaryOperator<String> lookUp;
    private final Map<String, String> roots = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param lookUp the trace root of a log, for one this policy no longer remembers */
    TraceSequencing(UnaryOperator<String> lookUp) {
        this.lookUp = lookUp;
    }

    @Override
    public synchronized Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        return switch (payload) {
            case FlowLogCreated created -> created(created.logId(), created.trace());
            case PromptLogCreated created -> created(created.logId(), created.trace());
            case ToolLogCreated created -> created(created.logId(), created.trace());
            case EvaluatorLogCreated created -> remember(created.logId(), rootOf(created.parentId()));
            default -> event instanceof DomainEventMessage<?> domain ? rootOf(domain.getAggregateIdentifier())
                    : event.getIdentifier();
        };
    }

    private String created(String logId, TraceRef trace) {
        return remember(logId, trace == null ? logId : trace.traceId());
    }

    private String remember(String logId, String root) {
        roots.put(logId, root);
        return root;
    }

    /** A log's trace root (a log in no trace is its own; so is a file, which is no log). */
    private String rootOf(String id) {
        String root = roots.get(id);
        return root != null ? root : remember(id, lookUp.apply(id));
    }
}
