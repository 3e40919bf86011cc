package dev.tracevault.command.fileregistry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Digests of JSON values with map keys in sorted order, so that equal kernels (and equal requests)
 * get equal digests whatever order their keys came in.
 */
public final class Kernels {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Kernels() {
    }

    public static String digest(Object value) {
        try {
            // JSON trees keep their own key order: turn them into plain maps first, so all keys get sorted
            byte[] json = CANONICAL.writeValueAsBytes(CANONICAL.convertValue(value, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
