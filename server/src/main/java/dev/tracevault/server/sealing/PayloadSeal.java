package dev.tracevault.server.sealing;

import dev.tracevault.command.erasure.LogKeys;
import dev.tracevault.events.content.ContentField;
import dev.tracevault.events.content.DerivedContent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seals and unseals the content of a stored event or snapshot (the fields {@link ContentField}
 * lists, by stored name, and by wire name inside a {@code details} map, and the request digest,
 * {@link DerivedContent}) with the key of the log it belongs to ({@code logId} at its top level):
 * each becomes {@code {"$sealed": base64(iv ‖ AES-GCM(json))}}, bound to the log id. The shape
 * stays readable: ids, times, status, tokens, costs, trace links. A sealed field whose key was
 * destroyed (the log was erased) reads back as {@code null}.
 */
final class PayloadSeal {

    static final String SEALED = "$sealed";
    /** Content by its stored (record component or field) names. */
    static final Set<String> FIELDS = Stream.concat(ContentField.storedNames().stream(),
            Stream.of(DerivedContent.REQUEST_DIGEST.stored())).collect(Collectors.toUnmodifiableSet());
    /** Content inside a {@code details} map, by wire name. */
    static final Set<String> DETAIL_FIELDS = ContentField.detailNames();
    private static final int IV = 12;
    /**
     * A cipher and a random source per thread: {@code Cipher.getInstance} looks the provider up on
     * every call, and one shared {@code SecureRandom} serialises every writer (both measured on the
     * write path). A GCM cipher is initialised afresh, with a new IV, for every field.
     */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    });
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG"); // no lock shared with other threads' generators
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    });

    private final Supplier<LogKeys> keys;
    private final JsonMapper json;

    /** @param keys looked up lazily: the serializer exists before the database beans do */
    PayloadSeal(Supplier<LogKeys> keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /** How stored payloads are read and written: numbers exactly as stored ({@code 1.10} stays {@code 1.10}). */
    static JsonMapper storedFormat() {
        return JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();
    }

    byte[] seal(byte[] stored) {
        // most events (completions, admissions, evaluation requests) name no payload field at all:
        // they are stored as they are, without being parsed
        if (!mayHavePayload(stored)) {
            return stored;
        }
        JsonNode root = parseObject(stored);
        if (root == null || !(root.get("logId") instanceof JsonNode id) || !id.isString() || !hasPayload(root)) {
            return stored;
        }
        String logId = id.stringValue();
        byte[] key = keys.get().forWriting(logId);
        walk((ObjectNode) root, logId, key, true, false);
        return json.writeValueAsBytes(root);
    }

    byte[] unseal(byte[] stored) {
        if (!contains(stored, SEALED)) {
            return stored;
        }
        JsonNode root = parseObject(stored);
        if (root == null || !(root.get("logId") instanceof JsonNode id) || !id.isString()) {
            return stored;
        }
        String logId = id.stringValue();
        byte[] key = keys.get().forReading(logId).orElse(null);
        walk((ObjectNode) root, logId, key, false, false);
        return json.writeValueAsBytes(root);
    }

    /** What a stored event names if it may hold content: the quoted names, as bytes. */
    /**
     * The stored event or snapshot with every content field null, or null if it holds none (an
     * erased log's events: their sealed content can no longer be read, and content an older
     * version stored unsealed must not stay readable).
     */
    byte[] withoutContent(byte[] stored) {
        if (!mayHavePayload(stored)) {
            return null;
        }
        JsonNode root = parseObject(stored);
        if (root == null || !hasPayload(root)) {
            return null;
        }
        empty((ObjectNode) root, false);
        return json.writeValueAsBytes(root);
    }

    private void empty(ObjectNode node, boolean inDetails) {
        for (var e : node.properties()) {
            String name = e.getKey();
            if (inDetails ? DETAIL_FIELDS.contains(name) : FIELDS.contains(name)) {
                e.setValue(json.nullNode());
            } else if (e.getValue().isObject()) {
                empty((ObjectNode) e.getValue(), name.equals("details"));
            }
        }
    }

    private static final List<byte[]> PAYLOAD_NAMES = Stream.concat(FIELDS.stream(), DETAIL_FIELDS.stream())
            .distinct().map(name -> ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8)).toList();

    private static boolean mayHavePayload(byte[] stored) {
        return PAYLOAD_NAMES.stream().anyMatch(name -> indexOf(stored, name) >= 0);
    }

    private JsonNode parseObject(byte[] stored) {
        if (stored.length == 0 || stored[0] != '{') {
            return null;
        }
        JsonNode node = json.readTree(stored);
        return node.isObject() ? node : null;
    }

    private static boolean hasPayload(JsonNode node) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                if ((FIELDS.contains(e.getKey()) || DETAIL_FIELDS.contains(e.getKey())) && !e.getValue().isNull()) {
                    return true;
                }
                if (hasPayload(e.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Seals (or unseals) the payload fields found anywhere in {@code node}. */
    private void walk(ObjectNode node, String logId, byte[] key, boolean sealing, boolean inDetails) {
        for (var e : node.properties()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            boolean payload = inDetails ? DETAIL_FIELDS.contains(name) : FIELDS.contains(name);
            if (sealing && payload && !value.isNull()) {
                e.setValue(json.createObjectNode().put(SEALED, encrypt(key, logId, json.writeValueAsBytes(value))));
            } else if (!sealing && value.isObject() && value.size() == 1 && value.get(SEALED) != null) {
                e.setValue(key == null ? json.nullNode()
                        : json.readTree(decrypt(key, logId, value.get(SEALED).stringValue())));
            } else if (value.isObject()) {
                walk((ObjectNode) value, logId, key, sealing, name.equals("details"));
            }
        }
    }

    static String encrypt(byte[] key, String logId, byte[] plain) {
        try {
            byte[] iv = new byte[IV];
            RANDOM.get().nextBytes(iv);
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(logId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[IV + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV);
            System.arraycopy(sealed, 0, out, IV, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the payload of log " + logId, e);
        }
    }

    static byte[] decrypt(byte[] key, String logId, String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, in, 0, IV));
            cipher.updateAAD(logId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, IV, in.length - IV);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot unseal the payload of log " + logId, e);
        }
    }

    private static boolean contains(byte[] haystack, String needle) {
        return indexOf(haystack, needle.getBytes(StandardCharsets.UTF_8)) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] n) {
        outer:
        for (int i = 0; i <= haystack.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
