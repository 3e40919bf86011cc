package dev.tracevault.command.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.DetailsCleared;
import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.log.ErrorSet;
import dev.tracevault.events.log.InputsCleared;
import dev.tracevault.events.log.InputsSet;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.log.MessagesSet;
import dev.tracevault.events.log.OutputCleared;
import dev.tracevault.events.log.OutputMessageSet;
import dev.tracevault.events.log.OutputSet;
import dev.tracevault.problems.NotFound;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a log holds and which events an update records: only what really changes. */
class LogContentTest {

    private static final String LOG = "log_1";
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final ChatMessage ANSWER = new ChatMessage("assistant", "4", null, null, null);

    private static CommonLogFields fields(Map<String, Object> inputs, String output, Boolean save) {
        return new CommonLogFields(T0, null, output, null, null, null, "printed", Map.of("model", "m"), null, inputs,
                "sdk", Map.of("k", "v"), null, null, "ann", "prod", save);
    }

    private static LogContent content(CommonLogFields fields) {
        var content = new LogContent();
        content.created(fields, null, null, null);
        return content;
    }

    private static LogUpdate update(Patch<Map<String, Object>> inputs, Patch<String> output,
                                    Map<String, Patch<Object>> details) {
        return new LogUpdate(inputs, Patch.absent(), output, Patch.absent(), Patch.absent(), details);
    }

    @Test
    void eachChangedCoreFieldIsOneEventInAFixedOrderAndTheOtherFieldsShareOne() {
        var content = content(fields(Map.of("q", 1), "4", null));
        var update = new LogUpdate(Patch.of(Map.of("q", 2)), Patch.of(List.of(ANSWER)), Patch.of("5"),
                Patch.of(ANSWER), Patch.of("warn"), Map.of("stdout", Patch.of("other"), "source", Patch.of(null)));
        assertThat(content.changes(LOG, update)).containsExactly(new InputsSet(LOG, Map.of("q", 2)),
                new MessagesSet(LOG, List.of(ANSWER)), new OutputSet(LOG, "5"), new OutputMessageSet(LOG, ANSWER),
                new ErrorSet(LOG, "warn"), new DetailsSet(LOG, Map.of("stdout", "other")),
                new DetailsCleared(LOG, List.of("source")));
    }

    @Test
    void aValueEqualToTheStoredOneChangesNothingNumbersCompareByTheirText() {
        var content = content(fields(Map.of("n", 1), "4", null));
        assertThat(content.changes(LOG, update(Patch.of(Map.of("n", new BigDecimal("1"))), Patch.of("4"),
                Map.of("stdout", Patch.of("printed"))))).isEmpty();
        assertThat(content.changes(LOG, update(Patch.of(Map.of("n", new BigDecimal("1.0"))), Patch.absent(),
                Map.of()))).containsExactly(new InputsSet(LOG, Map.of("n", new BigDecimal("1.0"))));
    }

    @Test
    void unsettingAStoredValueIsAnEventUnsettingAnAbsentOneIsNothing() {
        var content = content(fields(null, "4", null));
        assertThat(content.changes(LOG, update(Patch.of(null), Patch.of(null), Map.of("metadata", Patch.of(null),
                "provider_latency", Patch.of(null))))).containsExactly(new OutputCleared(LOG),
                new DetailsCleared(LOG, List.of("metadata")));
    }

    @Test
    void theEventsAreAssignedAsTheyHappen() {
        var content = content(fields(Map.of("q", 1), "4", null));
        content.on(new OutputCleared(LOG));
        content.on(new InputsCleared(LOG));
        assertThat(content.changes(LOG, update(Patch.of(null), Patch.of(null), Map.of()))).isEmpty();
        assertThat(content.completableAfter(LogUpdate.none())).isFalse();
        content.on(new InputsSet(LOG, Map.of("q", 2)));
        content.on(new ErrorSet(LOG, "boom"));
        assertThat(content.completableAfter(LogUpdate.none())).isTrue();
    }

    @Test
    void anUnsavedLogRecordsNoPayloadButItsErrorAndItsOtherFields() {
        var content = content(fields(null, null, false));
        var update = new LogUpdate(Patch.of(Map.of("q", 1)), Patch.of(List.of(ANSWER)), Patch.of("5"),
                Patch.of(ANSWER), Patch.of("boom"), Map.of("provider_request", Patch.of(Map.of("x", 1)),
                "source", Patch.of("api")));
        assertThat(content.changes(LOG, update)).containsExactly(new ErrorSet(LOG, "boom"),
                new DetailsSet(LOG, Map.of("source", "api")));
        assertThat(content.completableAfter(LogUpdate.none())).as("taken at its word").isTrue();
    }

    @Test
    void theStoredFieldsOfAnUnsavedLogKeepNoPayload() {
        var stored = LogContent.stored(fields(Map.of("q", 1), "4", false));
        assertThat(stored.inputs()).isNull();
        assertThat(stored.output()).isNull();
        assertThat(stored.stdout()).isNull();
        assertThat(stored.providerRequest()).isNull();
        assertThat(stored.metadata()).isEqualTo(Map.of("k", "v"));
        assertThat(stored.user()).isEqualTo("ann");
        assertThat(LogContent.stored(fields(null, null, false), ANSWER)).isNull();
        assertThat(LogContent.stored(fields(null, null, null), ANSWER)).isEqualTo(ANSWER);
    }

    @Test
    void anErasedLogForgetsItsContentAndRefusesChanges() {
        var content = content(fields(Map.of("q", 1), "4", null));
        content.on(new LogErased(LOG, "erasure_1", LOG, "key_admin", T0));
        assertThat(content.erased()).isTrue();
        assertThatThrownBy(() -> content.requireNotErased(LOG)).isInstanceOf(NotFound.class);
        assertThat(content.completableAfter(LogUpdate.none())).isFalse();
    }
}
