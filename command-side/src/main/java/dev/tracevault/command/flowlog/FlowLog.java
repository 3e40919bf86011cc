package dev.tracevault.command.flowlog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

import dev.tracevault.command.log.LogStatus;
import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.log.Patch;
import dev.tracevault.events.flowlog.ErrorCleared;
import dev.tracevault.events.flowlog.ErrorSet;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.flowlog.InputsCleared;
import dev.tracevault.events.flowlog.InputsSet;
import dev.tracevault.events.flowlog.LogCompleted;
import dev.tracevault.events.flowlog.MessagesCleared;
import dev.tracevault.events.flowlog.MessagesSet;
import dev.tracevault.events.flowlog.OutputCleared;
import dev.tracevault.events.flowlog.OutputMessageCleared;
import dev.tracevault.events.flowlog.OutputMessageSet;
import dev.tracevault.events.flowlog.OutputSet;
import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.InvalidInput;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A Flow Log: created by {@code POST /flows/log}, changed field by field by
 * {@code PATCH /flows/logs/{id}} until it is complete.
 *
 * <p>Rules: a complete log has inputs and an output, output message or error; completing sets the
 * end time; complete never goes back to incomplete; a change that changes nothing records nothing.
 */
@Aggregate
class FlowLog {

    @AggregateIdentifier
    private String logId;
    private String flowId;
    private String versionId;
    private String requestDigest;
    private Map<String, Object> inputs;
    private List<ChatMessage> messages;
    private String output;
    private ChatMessage outputMessage;
    private String error;
    private boolean complete;

    FlowLog() {
        // for Axon
    }

    /**
     * Creates the log, or answers a retry of the same create. The id is the client's choice, so it
     * may already be taken: by this very request (a retry) or by another one. (A stream of another
     * kind cannot even be loaded as a Flow Log: Axon refuses it before this handler runs.)
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    LogWritten handle(CreateFlowLog command) {
        if (getVersion() != null) {
            if (!Objects.equals(requestDigest, command.requestDigest())) {
                throw new Conflict("log_id '" + command.logId() + "' is already used by another log");
            }
            return written();
        }
        var fields = command.fields();
        boolean completing = command.status() == LogStatus.COMPLETE;
        if (completing) {
            requireCompletable(fields.inputs(), fields.output(), command.outputMessage(), fields.error());
        }
        apply(new FlowLogCreated(command.logId(), command.flowId(), command.versionId(), fields,
                command.messages(), command.outputMessage(), command.runId(), command.clientLogId(),
                command.requestDigest(), command.now()));
        if (completing) {
            apply(new LogCompleted(command.logId(), fields.endTime() != null ? fields.endTime() : command.now()));
        }
        return written();
    }

    @CommandHandler
    LogWritten handle(UpdateFlowLog command) {
        if (complete && command.status() == LogStatus.INCOMPLETE) {
            throw new Conflict("Flow Log '" + logId + "' is complete; its status cannot go back to incomplete");
        }
        boolean completing = !complete && command.status() == LogStatus.COMPLETE;
        var newInputs = command.inputs().applyTo(inputs);
        var newOutput = command.output().applyTo(output);
        var newOutputMessage = command.outputMessage().applyTo(outputMessage);
        var newError = command.error().applyTo(error);
        if (completing) {
            requireCompletable(newInputs, newOutput, newOutputMessage, newError);
        } else if (complete && !completable(newInputs, newOutput, newOutputMessage, newError)) {
            throw new Conflict("Flow Log '" + logId
                    + "' is complete; it must keep its inputs and an output, output_message or error");
        }
        change(command.inputs(), inputs, v -> new InputsSet(logId, v), new InputsCleared(logId));
        change(command.messages(), messages, v -> new MessagesSet(logId, v), new MessagesCleared(logId));
        change(command.output(), output, v -> new OutputSet(logId, v), new OutputCleared(logId));
        change(command.outputMessage(), outputMessage, v -> new OutputMessageSet(logId, v),
                new OutputMessageCleared(logId));
        change(command.error(), error, v -> new ErrorSet(logId, v), new ErrorCleared(logId));
        if (completing) {
            apply(new LogCompleted(logId, command.now()));
        }
        return written();
    }

    /** Records one event if the patch really changes the stored value, none otherwise. */
    private static <T> void change(Patch<T> patch, T stored, Function<T, Object> set, Object cleared) {
        if (!patch.present()) {
            return;
        }
        if (patch.value() == null) {
            if (stored != null) {
                apply(cleared);
            }
        } else if (!patch.value().equals(stored)) {
            apply(set.apply(patch.value()));
        }
    }

    private static void requireCompletable(Object inputs, String output, ChatMessage outputMessage, String error) {
        if (!completable(inputs, output, outputMessage, error)) {
            throw InvalidInput.of(List.of("body", "log_status"),
                    "a Flow Log can only be complete with inputs and an output, output_message or error",
                    "value_error.incomplete_log");
        }
    }

    private static boolean completable(Object inputs, String output, ChatMessage outputMessage, String error) {
        return inputs != null && (output != null || outputMessage != null || error != null);
    }

    private LogWritten written() {
        return new LogWritten(logId, flowId, versionId, complete ? LogStatus.COMPLETE : LogStatus.INCOMPLETE,
                getVersion());
    }

    @EventSourcingHandler
    void on(FlowLogCreated event) {
        logId = event.logId();
        flowId = event.flowId();
        versionId = event.versionId();
        requestDigest = event.requestDigest();
        inputs = event.fields().inputs();
        messages = event.messages();
        output = event.fields().output();
        outputMessage = event.outputMessage();
        error = event.fields().error();
    }

    @EventSourcingHandler
    void on(InputsSet event) {
        inputs = event.inputs();
    }

    @EventSourcingHandler
    void on(InputsCleared event) {
        inputs = null;
    }

    @EventSourcingHandler
    void on(MessagesSet event) {
        messages = event.messages();
    }

    @EventSourcingHandler
    void on(MessagesCleared event) {
        messages = null;
    }

    @EventSourcingHandler
    void on(OutputSet event) {
        output = event.output();
    }

    @EventSourcingHandler
    void on(OutputCleared event) {
        output = null;
    }

    @EventSourcingHandler
    void on(OutputMessageSet event) {
        outputMessage = event.outputMessage();
    }

    @EventSourcingHandler
    void on(OutputMessageCleared event) {
        outputMessage = null;
    }

    @EventSourcingHandler
    void on(ErrorSet event) {
        error = event.error();
    }

    @EventSourcingHandler
    void on(ErrorCleared event) {
        error = null;
    }

    @EventSourcingHandler
    void on(LogCompleted event) {
        complete = true;
    }
}
