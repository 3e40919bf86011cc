package dev.tracevault.server.upcasting;

import dev.tracevault.events.file.MonitoringEvaluatorActivated;
import dev.tracevault.events.file.MonitoringEvaluatorDeactivated;
import java.util.Set;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads revision 1 of the monitoring events as revision 2: the side-by-side
 * {@code evaluatorVersionId} and {@code environment} move into one {@code target} object
 * ({@code MonitorTarget}). Nothing is lost: revision 1 always had exactly one of them set.
 */
@Component
@Order(1)
public class MonitorTargetUpcaster extends SingleEventUpcaster implements OlderRevisions {

    private static final Set<SerializedType> READS = Set.of(
            new SimpleSerializedType(MonitoringEvaluatorActivated.class.getName(), "1"),
            new SimpleSerializedType(MonitoringEvaluatorDeactivated.class.getName(), "1"));

    @Override
    public Set<SerializedType> reads() {
        return READS;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return READS.contains(new SimpleSerializedType(representation.getType().getName(),
                representation.getType().getRevision()));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), "2"),
                ObjectNode.class, MonitorTargetUpcaster::toRevision2);
    }

    static ObjectNode toRevision2(ObjectNode event) {
        ObjectNode target = event.objectNode();
        target.set("evaluatorVersionId", event.remove("evaluatorVersionId"));
        target.set("environment", event.remove("environment"));
        ObjectNode upcast = event.objectNode();
        upcast.set("fileId", event.get("fileId"));
        upcast.set("evaluatorId", event.get("evaluatorId"));
        upcast.set("target", target);
        upcast.set("at", event.get("at"));
        return upcast;
    }
}
