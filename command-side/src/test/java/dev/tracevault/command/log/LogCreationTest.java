package dev.tracevault.command.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.tracevault.command.file.Files;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trace admission across aggregates: a new log is created, registered, and admitted by its trace
 * root (and by a nested Flow parent, which closes its own sub-trace), all under the locks that
 * queue up the children of one trace. The aggregates' own rules are their fixture tests'.
 */
class LogCreationTest {

    private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
    private static final TraceRef ROOT_TRACE = new TraceRef("log_root", "fl_1");
    private static final Files.Target TOOL = new Files.Target("tool", null, "demo/calc", null, null, null, null, null);
    private static final Files.FileVersion TOOL_VERSION = new Files.FileVersion("tl_1", "tlv_1");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final WriteTransaction writes = mock(WriteTransaction.class);
    private final Files files = mock(Files.class);
    private final LogRegistry registry = mock(LogRegistry.class);
    private final List<Object> sent = new ArrayList<>();
    private final List<Collection<String>> locks = new ArrayList<>();
    private LogCreation creation;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        when(writes.run(anyCollection(), any())).thenAnswer(call -> {
            locks.add(List.copyOf((Collection<String>) call.getArgument(0)));
            return ((Supplier<Object>) call.getArgument(1)).get();
        });
        when(commands.sendAndWait(any())).thenAnswer(call -> {
            sent.add(call.getArgument(0));
            return new LogWritten("log_new", "tl_1", "tlv_1", null, 0);
        });
        when(files.resolve(any(), any())).thenReturn(TOOL_VERSION);
        when(registry.find(any())).thenReturn(Optional.empty());
        creation = new LogCreation(commands, writes, files, registry);
    }

    private void exists(String logId, String kind, TraceRef trace) {
        when(registry.find(logId)).thenReturn(Optional.of(new LogRegistry.Entry(logId, kind, trace)));
    }

    /** Creates a Tool Log; the create command is the pair of what the aggregate was given. */
    private LogWritten createTool(String logId, String traceParentId, SpanRef span) {
        return creation.create("tool", logId, TOOL, traceParentId, span, NOW,
                (file, trace) -> List.of(file, trace == null ? "no trace" : trace));
    }

    @Test
    void aLogOutsideAnyTraceIsCreatedAndRegisteredAndAdmittedByNobody() {
        createTool("log_new", null, null);
        assertThat(sent).containsExactly(List.of(TOOL_VERSION, "no trace"));
        verify(registry).register("log_new", "tool", null, null, null);
    }

    @Test
    void aRootFlowLogGetsATraceOfItsOwn() {
        creation.create("flow", "log_root", TOOL, null, NOW, (file, trace) -> trace);
        assertThat(sent).containsExactly(new TraceRef("log_root", "tl_1"));
    }

    @Test
    void aChildJoinsItsParentsTraceAndTheRootAdmitsIt() {
        exists("log_root", "flow", ROOT_TRACE);
        when(files.mayCreate(TOOL)).thenReturn(true);
        createTool("log_new", "log_root", null);
        assertThat(sent).containsExactly(List.of(TOOL_VERSION, ROOT_TRACE),
                new AdmitTraceMember("log_root", "log_new", "log_root", null, NOW));
        verify(registry).register("log_new", "tool", ROOT_TRACE, "log_root", null);
        assertThat(locks).as("children of one trace queue up on its root")
                .containsExactly(List.of("log_new", "path:demo/calc", "log_root"));
    }

    @Test
    void aChildOfANestedFlowIsAdmittedByTheRootAndByThatFlow() {
        exists("log_nested", "flow", ROOT_TRACE);
        var span = new SpanRef("trace_hex", "span_1", NOW, NOW.plusSeconds(1));
        createTool("log_new", "log_nested", span);
        assertThat(sent).containsExactly(List.of(TOOL_VERSION, ROOT_TRACE),
                new AdmitTraceMember("log_root", "log_new", "log_nested", span, NOW),
                new AdmitTraceMember("log_nested", "log_new", "log_nested", span, NOW));
    }

    @Test
    void aChildOfAPromptLogIsAdmittedByTheRootOnly() {
        exists("log_prompt", "prompt", ROOT_TRACE);
        createTool("log_new", "log_prompt", null);
        assertThat(sent).containsExactly(List.of(TOOL_VERSION, ROOT_TRACE),
                new AdmitTraceMember("log_root", "log_new", "log_prompt", null, NOW));
    }

    @Test
    void aRetriedCreateIsNeitherRegisteredNorAdmittedAgain() {
        exists("log_root", "flow", ROOT_TRACE);
        exists("log_new", "tool", ROOT_TRACE);
        createTool("log_new", "log_root", null);
        assertThat(sent).containsExactly(List.of(TOOL_VERSION, ROOT_TRACE));
        verify(registry, never()).register(any(), any(), any(), any(), any());
    }

    @Test
    void aLogIdOfAnotherKindIsAConflictBeforeAnyCommand() {
        exists("log_new", "prompt", null);
        assertThatThrownBy(() -> createTool("log_new", null, null)).isInstanceOf(Conflict.class)
                .hasMessageContaining("prompt");
        assertThat(sent).isEmpty();
    }

    @Test
    void anIdTakenByAnotherRecordIsAConflict() {
        when(commands.sendAndWait(any())).thenThrow(new IncompatibleAggregateException("a File"));
        assertThatThrownBy(() -> createTool("fl_1", null, null)).isInstanceOf(Conflict.class);
        verify(registry, never()).register(any(), any(), any(), any(), any());
    }

    @Test
    void anUnknownTraceParentIsNotFound() {
        assertThatThrownBy(() -> createTool("log_new", "log_missing", null)).isInstanceOf(NotFound.class);
        assertThat(sent).isEmpty();
    }

    @Test
    void aParentOutsideAnyTraceIsInvalid() {
        exists("log_lonely", "prompt", null);
        assertThatThrownBy(() -> createTool("log_new", "log_lonely", null)).isInstanceOf(InvalidInput.class);
        assertThat(sent).isEmpty();
    }

    @Test
    void aRefusalByTheRootFailsTheWholeWriteTransaction() {
        // the root is complete: its refusal leaves the write transaction, which rolls back the child with it
        exists("log_root", "flow", ROOT_TRACE);
        when(commands.sendAndWait(any(AdmitTraceMember.class))).thenThrow(new Conflict("complete"));
        assertThatThrownBy(() -> createTool("log_new", "log_root", null)).isInstanceOf(Conflict.class);
        assertThat(locks).hasSize(1);
    }
}
