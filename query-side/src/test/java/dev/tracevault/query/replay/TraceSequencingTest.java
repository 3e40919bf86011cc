package dev.tracevault.query.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.log.OutputSet;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.promptlog.PromptLogCreated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A rebuild's segments: every event of a trace, and the judgments of its logs, go with its root. */
class TraceSequencingTest {

    private final List<String> lookedUp = new ArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();
    private final TraceSequencing sequencing = new TraceSequencing(id -> {
        lookedUp.add(id);
        return Map.of("forgotten-child", "root-x").getOrDefault(id, id);
    }, event -> json.writeValueAsBytes(event.getPayload()));

    private Object of(String aggregate, Object payload) {
        return sequencing.getSequenceIdentifierFor(new GenericDomainEventMessage<>("Log", aggregate, 0, payload));
    }

    private static PromptLogCreated prompt(String id, TraceRef trace) {
        return new PromptLogCreated(id, "pr", "prv", null, null, null, null, null, null, trace, false, "d",
                Instant.EPOCH);
    }

    @Test
    void aTracesMembersAndTheirJudgmentsFollowItsRoot() {
        assertThat(of("child", prompt("child", new TraceRef("root", "fl")))).isEqualTo("root");
        assertThat(of("child", new OutputSet("child", "o"))).isEqualTo("root");
        var judgment = new EvaluatorLogCreated("judge", "ev", "evv", "child", null, null, true, null, null, null, null,
                null, false, "d", Instant.EPOCH);
        assertThat(of("judge", judgment)).isEqualTo("root");
        assertThat(of("judge", new OutputSet("judge", "o"))).isEqualTo("root");
        assertThat(lookedUp).as("all known from the creations seen before").isEmpty();
    }

    @Test
    void aLogOutsideAnyTraceIsItsOwnAndAFileGoesByItself() {
        assertThat(of("alone", prompt("alone", null))).isEqualTo("alone");
        assertThat(of("alone", new OutputSet("alone", "o"))).isEqualTo("alone");
        assertThat(of("fl_1", new FileCreated("fl_1", "flow", "p", "p", Instant.EPOCH))).isEqualTo("fl_1");
    }

    @Test
    void aStoredPayloadsFieldIsReadWithoutTheRest() {
        byte[] stored = "{\"logId\":\"c\",\"fields\":{\"trace\":{\"traceId\":\"no\"}},\"trace\":{\"x\":[1,{}],\"traceId\":\"r\"}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(TraceSequencing.field(stored, "trace", "traceId")).isEqualTo("r");
        assertThat(TraceSequencing.field(stored, "logId", null)).isEqualTo("c");
        assertThat(TraceSequencing.field("{\"trace\":null}".getBytes(), "trace", "traceId")).isNull();
    }

    @Test
    void aLogWhoseCreationWasNotSeenIsLookedUpOnce() {
        assertThat(of("forgotten-child", new OutputSet("forgotten-child", "o"))).isEqualTo("root-x");
        assertThat(of("forgotten-child", new OutputSet("forgotten-child", "p"))).isEqualTo("root-x");
        assertThat(lookedUp).containsExactly("forgotten-child");
    }
}
