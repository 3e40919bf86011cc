package dev.tracevault.events.log;

/**
 * Every event that happens to a log after its creation, whatever its kind. Sealed, so that a
 * switch over it names each one: a new event that a switch forgets does not compile (the log
 * aggregates' {@code LogContent.on}); the projections that must see every event of a log are
 * checked by a test that lists these and the creation events.
 */
public sealed interface LogChange permits InputsSet, InputsCleared, MessagesSet, MessagesCleared, OutputSet,
        OutputCleared, OutputMessageSet, OutputMessageCleared, ErrorSet, ErrorCleared, DetailsSet, DetailsCleared,
        LogCompleted, LogErased, EvaluationRequested, TraceMemberAdmitted, SpanRecorded {

    /** The log it happened to: the aggregate's id. */
    String logId();
}
