package dev.tracevault.command.otel;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON text inside attribute values: read leniently where a value may or may not be JSON. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** The JSON value {@code text} holds, or null if it is not JSON. */
    static Object parseOrNull(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A value as JSON text (a string stays as it is). */
    static String text(Object value) {
        return value instanceof String s ? s : MAPPER.writeValueAsString(value);
    }
}
