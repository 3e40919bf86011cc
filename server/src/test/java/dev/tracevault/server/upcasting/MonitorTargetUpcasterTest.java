package dev.tracevault.server.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.file.MonitorTarget;
import dev.tracevault.events.file.MonitoringEvaluatorActivated;
import dev.tracevault.events.file.MonitoringEvaluatorDeactivated;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/**
 * Stored revision 1 monitoring events, as JSON fixtures in the exact stored shape, read back
 * through the upcaster chain as today's events.
 */
class MonitorTargetUpcasterTest {

    private final Serializer serializer = Jackson3Serializer.builder().build();
    private final EventUpcasterChain chain = new EventUpcasterChain(new MonitorTargetUpcaster());

    @Test
    void aPinnedMonitorOfRevision1ReadsAsAVersionTarget() throws IOException {
        Object event = read("monitoring-evaluator-activated-rev1.json", MonitoringEvaluatorActivated.class);
        assertThat(event).isEqualTo(new MonitoringEvaluatorActivated("fl_1", "ev_1",
                new MonitorTarget("evv_1", null), Instant.parse("2026-11-26T01:10:18.034770Z")));
    }

    @Test
    void anEnvironmentMonitorOfRevision1ReadsAsAnEnvironmentTarget() throws IOException {
        Object event = read("monitoring-evaluator-deactivated-rev1.json", MonitoringEvaluatorDeactivated.class);
        assertThat(event).isEqualTo(new MonitoringEvaluatorDeactivated("fl_1", "ev_2",
                new MonitorTarget(null, "production"), Instant.parse("2026-11-26T01:12:00Z")));
    }

    @Test
    void revision2PassesUnchanged() {
        var current = new MonitoringEvaluatorActivated("fl_1", "ev_1", new MonitorTarget("evv_1", null),
                Instant.parse("2026-11-26T02:00:00Z"));
        var stored = serializer.serialize(current, byte[].class);
        assertThat(stored.getType().getRevision()).isEqualTo("2");
        var entry = new GenericDomainEventEntry<>("File", "fl_1", 3, "e-2", current.at(), stored.getType().getName(),
                stored.getType().getRevision(), stored.getData(), serializer.serialize(null, byte[].class).getData());
        List<IntermediateEventRepresentation> upcast = chain.upcast(Stream.of(
                new InitialEventRepresentation(entry, serializer))).toList();
        assertThat((Object) serializer.deserialize(upcast.getFirst().getData())).isEqualTo(current);
    }

    private Object read(String fixture, Class<?> type) throws IOException {
        byte[] payload;
        try (InputStream in = getClass().getResourceAsStream("/upcasting/" + fixture)) {
            payload = in.readAllBytes();
        }
        var entry = new GenericDomainEventEntry<>("File", "fl_1", 2, "e-1", Instant.parse("2026-11-26T01:10:18Z"),
                type.getName(), "1", payload, "{}".getBytes());
        List<IntermediateEventRepresentation> upcast = chain.upcast(Stream.of(
                new InitialEventRepresentation(entry, serializer))).toList();
        assertThat(upcast).hasSize(1);
        assertThat(upcast.getFirst().getType().getRevision()).isEqualTo("2");
        return serializer.deserialize(upcast.getFirst().getData());
    }
}
