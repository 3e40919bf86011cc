package dev.tracevault.query.replay;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

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
    private static final JsonFactory JSON = new JsonFactory();

    private final UnaryOperator<String> lookUp;
    private final Function<EventMessage<?>, byte[]> storedPayload;
    private final Map<String, String> roots = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param lookUp        the trace root of a log, for one this policy no longer remembers
     * @param storedPayload an event's payload as stored: a creation's trace is read from it, so the
     *                      coordinator (one thread) never deserializes (and unseals) a payload — the
     *                      segments' workers do that, in parallel
     */
    TraceSequencing(UnaryOperator<String> lookUp, Function<EventMessage<?>, byte[]> storedPayload) {
        this.lookUp = lookUp;
        this.storedPayload = storedPayload;
    }

    @Override
    public synchronized Object getSequenceIdentifierFor(EventMessage<?> event) {
        Class<?> type = event.getPayloadType();
        if (type == FlowLogCreated.class || type == PromptLogCreated.class || type == ToolLogCreated.class) {
            String logId = aggregateOf(event);
            String traceId = field(storedPayload.apply(event), "trace", "traceId");
            return remember(logId, traceId == null ? logId : traceId);
        }
        if (type == EvaluatorLogCreated.class) {
            return remember(aggregateOf(event), rootOf(field(storedPayload.apply(event), "parentId", null)));
        }
        return event instanceof DomainEventMessage<?> domain ? rootOf(domain.getAggregateIdentifier())
                : event.getIdentifier();
    }

    private static String aggregateOf(EventMessage<?> event) {
        return ((DomainEventMessage<?>) event).getAggregateIdentifier();
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

    /** The string at top-level {@code name} (or at {@code name.inner}) of a stored payload, or null. */
    static String field(byte[] json, String name, String inner) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String property = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!property.equals(name)) {
                    parser.skipChildren();
                    continue;
                }
                if (inner == null) {
                    return value == JsonToken.VALUE_STRING ? parser.getString() : null;
                }
                if (value != JsonToken.START_OBJECT) {
                    return null;
                }
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String innerName = parser.currentName();
                    JsonToken innerValue = parser.nextToken();
                    if (innerName.equals(inner)) {
                        return innerValue == JsonToken.VALUE_STRING ? parser.getString() : null;
                    }
                    parser.skipChildren();
                }
                return null;
            }
            return null;
        }
    }
}
