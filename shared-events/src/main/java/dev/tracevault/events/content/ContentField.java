package dev.tracevault.events.content;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A log's <em>content</em>: what its client (or its evaluator) said, as opposed to its shape (ids,
 * kind, file, trace links, times, status, tokens, costs). This list is the one definition every
 * part of Tracevault follows: the event store seals exactly these fields with the log's own key,
 * an erasure removes exactly these (and {@link DerivedContent}) from every store and shows the
 * log as a tombstone without them, and {@code save: false} drops those marked
 * {@link #droppedUnsaved()} (spec §4.9).
 *
 * <p>Each field has the name it is stored under in events and aggregate snapshots (a record
 * component or field name) and its wire name in the API (which is also its name inside a
 * {@code details} map of an event, and the snake_case of the stored name).
 */
public enum ContentField {
    INPUTS("inputs", "inputs", true, false),
    MESSAGES("messages", "messages", true, false),
    OUTPUT("output", "output", true, false),
    OUTPUT_MESSAGE("outputMessage", "output_message", true, false),
    PROVIDER_REQUEST("providerRequest", "provider_request", true, true),
    PROVIDER_RESPONSE("providerResponse", "provider_response", true, true),
    STDOUT("stdout", "stdout", true, true),
    ERROR("error", "error", false, false),
    USER("user", "user", false, false),
    /** Often holds user ids and e-mail addresses: content, although {@code save: false} keeps it. */
    METADATA("metadata", "metadata", false, true),
    /** An Evaluator Log's judgment: about the judged log's content, often an echo of it. */
    JUDGMENT("judgment", "judgment", false, false);

    private static final Set<String> STORED = Arrays.stream(values()).map(ContentField::stored)
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> WIRE = Arrays.stream(values()).map(ContentField::wire)
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> IN_DETAILS = Arrays.stream(values()).filter(ContentField::inDetails)
            .map(ContentField::wire).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> UNSAVED_DETAILS = Arrays.stream(values())
            .filter(f -> f.inDetails() && f.droppedUnsaved()).map(ContentField::wire)
            .collect(Collectors.toUnmodifiableSet());

    private final String stored;
    private final String wire;
    private final boolean droppedUnsaved;
    private final boolean inDetails;

    ContentField(String stored, String wire, boolean droppedUnsaved, boolean inDetails) {
        this.stored = stored;
        this.wire = wire;
        this.droppedUnsaved = droppedUnsaved;
        this.inDetails = inDetails;
    }

    /** Its name in events and snapshots (outside a {@code details} map). */
    public String stored() {
        return stored;
    }

    /** Its name in the API's log responses and inside a {@code details} map. */
    public String wire() {
        return wire;
    }

    /** Whether {@code save: false} keeps it from being stored at all (spec §4.9's payload). */
    public boolean droppedUnsaved() {
        return droppedUnsaved;
    }

    /** Whether a {@code details} map of an event or snapshot may carry it (by wire name). */
    public boolean inDetails() {
        return inDetails;
    }

    /** Every stored name. */
    public static Set<String> storedNames() {
        return STORED;
    }

    /** Every wire name. */
    public static Set<String> wireNames() {
        return WIRE;
    }

    /** The wire names a {@code details} map may carry content under. */
    public static Set<String> detailNames() {
        return IN_DETAILS;
    }

    /** The wire names inside a {@code details} map that {@code save: false} drops. */
    public static Set<String> unsavedDetailNames() {
        return UNSAVED_DETAILS;
    }
}
