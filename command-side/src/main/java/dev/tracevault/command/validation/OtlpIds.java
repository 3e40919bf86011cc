package dev.tracevault.command.validation;

import java.util.Map;

/**
 * OTLP's ids have exact lengths: a trace id 16 bytes, a span id and a parent span id 8 (32 and 16
 * hex digits in OTLP/JSON); an empty id means none.
 */
public final class OtlpIds {

    private static final Map<String, Integer> LENGTHS = Map.of("trace_id", 16, "span_id", 8, "parent_span_id", 8);

    private OtlpIds() {
    }

    /** The length in bytes of the id field {@code field} ({@code trace_id}, ...), or null if it is no id. */
    public static Integer length(String field) {
        return LENGTHS.get(field);
    }

    /** Why an id of {@code bytes} bytes cannot be the id field {@code field}, or null when it can. */
    public static String problem(String field, int bytes) {
        int length = LENGTHS.get(field);
        if (bytes != 0 && bytes != length) {
            return field + " must be " + length + " bytes (" + length * 2 + " hex digits), not " + bytes;
        }
        return null;
    }
}
