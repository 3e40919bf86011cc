package dev.tracevault.command.log;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.tracevault.command.validation.Timespans;
import dev.tracevault.events.content.ContentField;
import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.DetailsCleared;
import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.log.ErrorCleared;
import dev.tracevault.events.log.ErrorSet;
import dev.tracevault.events.log.InputsCleared;
import dev.tracevault.events.log.InputsSet;
import dev.tracevault.events.log.EvaluationRequested;
import dev.tracevault.events.log.LogChange;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.log.MessagesCleared;
import dev.tracevault.events.log.MessagesSet;
import dev.tracevault.events.log.OutputCleared;
import dev.tracevault.events.log.OutputMessageCleared;
import dev.tracevault.events.log.OutputMessageSet;
import dev.tracevault.events.log.OutputSet;
import dev.tracevault.events.log.SpanRecorded;
import dev.tracevault.events.log.TraceMemberAdmitted;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What every kind of log holds and how it changes: the state the log aggregates share, and the
 * rule that a change is recorded only when it really changes something (one event per core field,
 * one {@link DetailsSet}/{@link DetailsCleared} for the other fields).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class LogContent {

    private Map<String, Object> inputs;
    private List<ChatMessage> messages;
    private String output;
    private ChatMessage outputMessage;
    private String error;
    private Map<String, Object> details = new TreeMap<>();
    private boolean erased;
    /** {@code save: false}: payload fields are neither stored nor known here. */
    private boolean unsaved;

    /** The details a creation carries, by wire name (timing, provider payloads, metadata...). */
    public static Map<String, Object> details(CommonLogFields fields) {
        Map<String, Object> details = new LinkedHashMap<>();
        put(details, "start_time", fields.startTime() == null ? null : fields.startTime().toString());
        put(details, "end_time", fields.endTime() == null ? null : fields.endTime().toString());
        put(details, "created_at", fields.createdAt() == null ? null : fields.createdAt().toString());
        put(details, "provider_latency", fields.providerLatency());
        put(details, "stdout", fields.stdout());
        put(details, "provider_request", fields.providerRequest());
        put(details, "provider_response", fields.providerResponse());
        put(details, "source", fields.source());
        put(details, "metadata", fields.metadata());
        return details;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** Whether a log created with {@code fields} keeps its payload ({@code save} is not {@code false}). */
    public static boolean saves(CommonLogFields fields) {
        return !Boolean.FALSE.equals(fields.save());
    }

    /**
     * The fields as they may be stored: for {@code save: false} without the payload (spec §4.9: the
     * {@link ContentField}s it {@linkplain ContentField#droppedUnsaved() drops}; messages and the
     * output message are left out by the caller); identifiers, times, status, error, user, metadata
     * and trace links stay.
     */
    public static CommonLogFields stored(CommonLogFields f) {
        if (saves(f)) {
            return f;
        }
        return new CommonLogFields(f.startTime(), f.endTime(), null, f.createdAt(), f.error(), f.providerLatency(),
                null, null, null, null, f.source(), f.metadata(), f.sourceDatapointId(), f.traceParentId(), f.user(),
                f.environment(), f.save());
    }

    /** A payload value as it may be stored: null for {@code save: false}. */
    public static <T> T stored(CommonLogFields fields, T payload) {
        return saves(fields) ? payload : null;
    }

    /** Sets the state a creation event describes. */
    public void created(CommonLogFields fields, List<ChatMessage> messages, ChatMessage outputMessage,
                        Map<String, Object> extraDetails) {
        this.unsaved = !saves(fields);
        this.inputs = fields.inputs();
        this.messages = messages;
        this.output = fields.output();
        this.outputMessage = outputMessage;
        this.error = fields.error();
        this.details = new TreeMap<>(details(fields));
        if (extraDetails != null) {
            extraDetails.forEach((k, v) -> put(this.details, k, v));
        }
    }

    public boolean erased() {
        return erased;
    }

    /** Refuses any change to an erased log: for the API it no longer exists. */
    public void requireNotErased(String logId) {
        if (erased) {
            throw new NotFound("Log '" + logId + "' was erased");
        }
    }

    /**
     * Whether the log, after {@code update}, has inputs and an output, output message or error. A
     * log that keeps no payload cannot tell: it is taken at its word.
     */
    public boolean completableAfter(LogUpdate update) {
        if (unsaved) {
            return true;
        }
        return completable(update.inputs().applyTo(inputs), update.output().applyTo(output),
                update.outputMessage().applyTo(outputMessage), update.error().applyTo(error));
    }

    /** What a log needs to be complete (for Flow Logs): inputs, and an output, output message or error. */
    public static boolean completable(Object inputs, String output, ChatMessage outputMessage, String error) {
        return inputs != null && (output != null || outputMessage != null || error != null);
    }

    /**
     * The events that record what {@code update} really changes, in a fixed order. A log that keeps
     * no payload records no payload changes.
     */
    public List<LogChange> changes(String logId, LogUpdate update) {
        if (unsaved) {
            update = withoutPayload(update);
        }
        List<LogChange> events = new ArrayList<>();
        change(events, update.inputs(), inputs, v -> new InputsSet(logId, v), new InputsCleared(logId));
        change(events, update.messages(), messages, v -> new MessagesSet(logId, v), new MessagesCleared(logId));
        change(events, update.output(), output, v -> new OutputSet(logId, v), new OutputCleared(logId));
        change(events, update.outputMessage(), outputMessage, v -> new OutputMessageSet(logId, v),
                new OutputMessageCleared(logId));
        change(events, update.error(), error, v -> new ErrorSet(logId, v), new ErrorCleared(logId));
        checkTimespan(update);
        Map<String, Object> set = new TreeMap<>();
        List<String> cleared = new ArrayList<>();
        new TreeMap<>(update.details()).forEach((field, patch) -> {
            Object stored = details.get(field);
            if (patch.value() == null) {
                if (stored != null) {
                    cleared.add(field);
                }
            } else if (!same(patch.value(), stored)) {
                set.put(field, patch.value());
            }
        });
        if (!set.isEmpty()) {
            events.add(new DetailsSet(logId, set));
        }
        if (!cleared.isEmpty()) {
            events.add(new DetailsCleared(logId, cleared));
        }
        return events;
    }

    /** A change of {@code start_time} or {@code end_time} must leave the end not before the start. */
    private void checkTimespan(LogUpdate update) {
        var start = update.details().get("start_time");
        var end = update.details().get("end_time");
        if (start == null && end == null) {
            return;
        }
        String problem = Timespans.problem(instant(start != null ? start.value() : details.get("start_time")),
                instant(end != null ? end.value() : details.get("end_time")));
        if (problem != null) {
            throw InvalidInput.of(List.of("body", end != null ? "end_time" : "start_time"), problem,
                    "value_error.timespan");
        }
    }

    private static Instant instant(Object stored) {
        if (stored == null) {
            return null;
        }
        try {
            return Instant.parse(stored.toString());
        } catch (DateTimeException e) {
            return null; // not a time this rule can compare
        }
    }

    private static LogUpdate withoutPayload(LogUpdate update) {
        Map<String, Patch<Object>> details = new TreeMap<>(update.details());
        details.keySet().removeAll(ContentField.unsavedDetailNames());
        return new LogUpdate(Patch.absent(), Patch.absent(), Patch.absent(), Patch.absent(), update.error(), details);
    }

    private static <T> void change(List<LogChange> events, Patch<T> patch, T stored, Function<T, LogChange> set,
                                   LogChange cleared) {
        if (!patch.present()) {
            return;
        }
        if (patch.value() == null) {
            if (stored != null) {
                events.add(cleared);
            }
        } else if (!same(patch.value(), stored)) {
            events.add(set.apply(patch.value()));
        }
    }

    /**
     * Equality of JSON values as stored: a number read back from an event may be an
     * {@code Integer} where the request gave a {@code BigDecimal} of the same text.
     */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.toString().equals(y.toString());
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.entrySet().stream()
                    .allMatch(e -> y.containsKey(e.getKey()) && same(e.getValue(), y.get(e.getKey())));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Objects.equals(a, b);
    }

    /**
     * Assigns what a change of the log says about its content. Every {@link LogChange} is named:
     * a new one does not compile until it is decided here whether it changes the content.
     */
    public void on(LogChange event) {
        switch (event) {
            case InputsSet e -> inputs = e.inputs();
            case InputsCleared e -> inputs = null;
            case MessagesSet e -> messages = e.messages();
            case MessagesCleared e -> messages = null;
            case OutputSet e -> output = e.output();
            case OutputCleared e -> output = null;
            case OutputMessageSet e -> outputMessage = e.outputMessage();
            case OutputMessageCleared e -> outputMessage = null;
            case ErrorSet e -> error = e.error();
            case ErrorCleared e -> error = null;
            case DetailsSet e -> details.putAll(e.details());
            case DetailsCleared e -> e.fields().forEach(details::remove);
            case LogErased e -> {
                erased = true;
                inputs = null;
                messages = null;
                output = null;
                outputMessage = null;
                error = null;
                details = new TreeMap<>();
            }
            // the status, the evaluations, the trace and the span are not content
            case LogCompleted e -> { }
            case EvaluationRequested e -> { }
            case TraceMemberAdmitted e -> { }
            case SpanRecorded e -> { }
        }
    }
}
