package dev.tracevault.server.sealing;

import dev.tracevault.command.erasure.LogKeys;
import dev.tracevault.command.otel.SpanSeal;
import dev.tracevault.events.content.ContentField;
import dev.tracevault.query.logs.DocumentSeal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The copies of a log's content outside the event store, sealed with the log's key when the keys
 * are kept in a store of their own ({@link LogKeys#separate()}); in the clear otherwise. A log
 * document's content fields ({@link ContentField}, by wire name, at its top level) become
 * {@code {"$sealed": …}} as in the events; a waiting span is sealed as a whole. A log's analytics
 * facts are sealed with a second key of the log's ({@link #factsKeyId}), which the analytics destroy
 * when they take the erased log out (its own key is gone by then).
 */
@Component
class ReadModelSeal implements DocumentSeal, SpanSeal {

    private final LogKeys keys;
    private final JsonMapper json = PayloadSeal.storedFormat();

    ReadModelSeal(LogKeys keys) {
        this.keys = keys;
    }

    @Override
    public boolean active() {
        return keys.separate();
    }

    @Override
    public String seal(String logId, String body) {
        if (!active()) {
            return body;
        }
        var document = (ObjectNode) json.readTree(body);
        byte[] key = null;
        for (String field : ContentField.wireNames()) {
            JsonNode value = document.get(field);
            if (value != null && !value.isNull()) {
                key = key != null ? key : keys.forWriting(logId);
                document.set(field, sealed(key, logId, json.writeValueAsBytes(value)));
            }
        }
        return key == null ? body : json.writeValueAsString(document);
    }

    @Override
    public String open(String logId, String stored) {
        if (stored == null || !stored.contains(PayloadSeal.SEALED)) {
            return stored;
        }
        var document = (ObjectNode) json.readTree(stored);
        byte[] key = keys.forReading(logId).orElse(null);
        for (String field : ContentField.wireNames()) {
            JsonNode value = document.get(field);
            if (value != null && value.isObject() && value.size() == 1 && value.get(PayloadSeal.SEALED) != null) {
                document.set(field, key == null ? json.nullNode()
                        : json.readTree(PayloadSeal.decrypt(key, logId, value.get(PayloadSeal.SEALED).stringValue())));
            }
        }
        return json.writeValueAsString(document);
    }

    /** A waiting span's log, sealed as a whole with the log's key: {@code {"$sealed": …}}. */
    @Override
    public String sealSpan(String logId, String span) {
        return active() ? sealWhole(logId, keys.forWriting(logId), span) : span;
    }

    @Override
    public String openSpan(String logId, String stored) {
        String open = openWhole(logId, stored);
        if (open == null) {
            throw new IllegalStateException("the waiting span of log " + logId + " has no key");
        }
        return open;
    }

    @Override
    public String sealFacts(String logId, String facts) {
        return active() ? sealWhole(factsKeyId(logId), keys.forWriting(factsKeyId(logId)), facts) : facts;
    }

    @Override
    public String openFacts(String logId, String stored) {
        return openWhole(factsKeyId(logId), stored);
    }

    @Override
    public void forgetFacts(String logId) {
        if (active()) {
            keys.destroy(List.of(factsKeyId(logId)));
        }
    }

    /**
     * The id under which the key of a log's analytics facts is kept: bounded in length like a log
     * id, and never a log id itself.
     */
    static String factsKeyId(String logId) {
        try {
            return "facts:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(logId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sealWhole(String keyId, byte[] key, String value) {
        return json.writeValueAsString(sealed(key, keyId, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** What {@link #sealWhole} stored under {@code keyId}, open; null if that key is gone; as it is if not sealed. */
    private String openWhole(String keyId, String stored) {
        if (!stored.startsWith("{\"" + PayloadSeal.SEALED + "\"")) {
            return stored;
        }
        JsonNode root = json.readTree(stored);
        if (!(root.isObject() && root.size() == 1 && root.get(PayloadSeal.SEALED) != null)) {
            return stored;
        }
        byte[] key = keys.forReading(keyId).orElse(null);
        return key == null ? null : new String(PayloadSeal.decrypt(key, keyId,
                root.get(PayloadSeal.SEALED).stringValue()), StandardCharsets.UTF_8);
    }

    private ObjectNode sealed(byte[] key, String logId, byte[] plain) {
        return json.createObjectNode().put(PayloadSeal.SEALED, PayloadSeal.encrypt(key, logId, plain));
    }
}
