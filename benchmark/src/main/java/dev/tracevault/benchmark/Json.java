package dev.tracevault.benchmark;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The little JSON the harness reads: ids from responses, trace sizes, tracking tokens. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** A top-level string member; a plain scan when it comes first (cheap on the hot path), else the parser. */
    static String field(String body, String name) {
        if (body == null) {
            return null;
        }
        String key = "\"" + name + "\":\"";
        int at = body.indexOf(key);
        if (at == 1) {
            int from = at + key.length();
            int to = body.indexOf('"', from);
            String value = to > from ? body.substring(from, to) : null;
            if (value != null && value.indexOf('\\') < 0) {
                return value;
            }
        }
        JsonNode node = MAPPER.readTree(body).get(name);
        return node == null || node.isNull() ? null : node.asString();
    }

    /** Size of a top-level array member, or -1 when it is absent or not an array. */
    static int arraySize(String body, String name) {
        JsonNode node = MAPPER.readTree(body).get(name);
        return node != null && node.isArray() ? node.size() : -1;
    }

    /**
     * The position of an Axon tracking token stored as JSON: {@code index} of a
     * GlobalSequence/GapAware token, the current token of a ReplayToken, the lowest of a merged one.
     * -1 for no token (the tail).
     */
    static long tokenIndex(byte[] token) {
        if (token == null || token.length == 0) {
            return -1;
        }
        return tokenIndex(MAPPER.readTree(token));
    }

    private static long tokenIndex(JsonNode node) {
        if (node == null || node.isNull()) {
            return -1;
        }
        if (node.has("currentToken")) {
            return tokenIndex(node.get("currentToken"));
        }
        if (node.has("lowerSegmentToken") && node.has("upperSegmentToken")) {
            return Math.min(tokenIndex(node.get("lowerSegmentToken")), tokenIndex(node.get("upperSegmentToken")));
        }
        if (node.has("index") && node.get("index").isNumber()) {
            return node.get("index").asLong();
        }
        JsonNode found = node.findValue("index");
        return found != null && found.isNumber() ? found.asLong() : -1;
    }

    static String clip(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replace('\n', ' ').replace('|', '/');
        return flat.length() <= 160 ? flat : flat.substring(0, 160) + "...";
    }

    static String quote(String value) {
        return MAPPER.writeValueAsString(value);
    }
}
