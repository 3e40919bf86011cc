package dev.tracevault.command.evaluation.python;

import dev.tracevault.command.validation.JsonLimits;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads what the user's {@code evaluate} returned, on the host side of the sandbox: the harness hands
 * over the Python value itself and this class walks it through the polyglot API. Nothing the user's
 * code can rebind (its module, {@code json}, builtins, the harness's names, {@code sys.modules})
 * takes part in deciding the types or the size of the answer: the Python type objects are captured
 * when the context is created, before any user code runs, and the size is counted here while
 * walking (so a huge value is refused before it is copied) and measured again once encoded.
 */
final class GuestResult {

    /** The largest judgment, as encoded JSON (UTF-8 bytes). */
    static final int MAX_BYTES = 1024 * 1024;
    /** The longest error text an evaluator's run may leave (the user's code can shape its traceback). */
    static final int MAX_ERROR_CHARS = 16 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Value bool;
    private final Value integer;
    private final Value floating;
    private final Value string;
    private final Value list;
    private final Value tuple;
    private final Value dict;
    private long budget;

    private GuestResult(Value types) {
        this.bool = types.getArrayElement(0);
        this.integer = types.getArrayElement(1);
        this.floating = types.getArrayElement(2);
        this.string = types.getArrayElement(3);
        this.list = types.getArrayElement(4);
        this.tuple = types.getArrayElement(5);
        this.dict = types.getArrayElement(6);
    }

    /** Captures the built-in types of a context that has run no user code yet. */
    static GuestResult capture(Context context) {
        return new GuestResult(context.eval("python", "(bool, int, float, str, list, tuple, dict)"));
    }

    /**
     * The answer for the worker's caller from what the harness's {@code _run} returned:
     * {@code [True, value]} or {@code [False, error text]}. Anything else is an error answer.
     */
    ObjectNode answer(Value result, JsonMapper json) {
        ObjectNode answer = json.createObjectNode();
        if (result == null || !result.hasArrayElements() || result.getArraySize() != 2
                || !result.getArrayElement(0).isBoolean()) {
            return answer.put("error", "the evaluator's run did not answer as the harness does (was it altered?)");
        }
        Value payload = result.getArrayElement(1);
        if (!result.getArrayElement(0).asBoolean()) {
            String error = payload.isString() ? payload.asString() : "the evaluator failed";
            return answer.put("error", error.length() > MAX_ERROR_CHARS
                    ? error.substring(0, MAX_ERROR_CHARS) + "… (cut at " + MAX_ERROR_CHARS + " characters)" : error);
        }
        try {
            budget = MAX_BYTES;
            JsonNode value = json(payload, 0);
            if (json.writeValueAsBytes(value).length > MAX_BYTES) {
                throw new Refused(tooLarge());
            }
            return answer.set("value", value);
        } catch (Refused e) {
            return answer.put("error", e.getMessage());
        }
    }

    private JsonNode json(Value value, int depth) {
        if (depth > JsonLimits.MAX_DEPTH) {
            throw new Refused("evaluate returned a value nested deeper than " + JsonLimits.MAX_DEPTH + " levels");
        }
        spend(1);
        if (value.isNull()) {
            return NODES.nullNode();
        }
        if (bool.isMetaInstance(value)) {
            return NODES.booleanNode(value.asBoolean());
        }
        if (integer.isMetaInstance(value)) {
            if (value.fitsInLong()) {
                return NODES.numberNode(value.asLong());
            }
            var big = value.asBigInteger();
            if (big.bitLength() > 3300) {
                // about 1000 digits: the most a JSON number may have for the readers downstream
                throw new Refused("evaluate returned an int with more than 1000 digits");
            }
            spend(big.bitLength() / 4);
            return NODES.numberNode(big);
        }
        if (floating.isMetaInstance(value) && value.fitsInDouble()) {
            double number = value.asDouble();
            if (!Double.isFinite(number)) {
                throw new Refused("evaluate returned " + (Double.isNaN(number) ? "nan" : number > 0 ? "inf" : "-inf")
                        + ", not a finite number");
            }
            return NODES.numberNode(number);
        }
        if (string.isMetaInstance(value)) {
            String text = value.asString();
            spend(text.length() + 1L);
            return NODES.stringNode(text);
        }
        if (list.isMetaInstance(value) || tuple.isMetaInstance(value)) {
            ArrayNode array = NODES.arrayNode();
            long size = value.getArraySize();
            for (long i = 0; i < size; i++) {
                spend(1);
                array.add(json(value.getArrayElement(i), depth + 1));
            }
            return array;
        }
        if (dict.isMetaInstance(value)) {
            ObjectNode object = NODES.objectNode();
            Value entries = value.getHashEntriesIterator();
            while (entries.hasIteratorNextElement()) {
                Value entry = entries.getIteratorNextElement();
                String key = key(entry.getArrayElement(0));
                spend(key.length() + 3L);
                object.set(key, json(entry.getArrayElement(1), depth + 1));
            }
            return object;
        }
        throw new Refused("evaluate returned a value of type " + value.getMetaObject().getMetaSimpleName()
                + ", which is not a JSON value (bool, number, str, list, dict or None)");
    }

    /** A key as Python's {@code str()} would write it: keys of other JSON-able scalar types are allowed. */
    private String key(Value key) {
        if (string.isMetaInstance(key)) {
            return key.asString();
        }
        if (key.isNull() || bool.isMetaInstance(key) || integer.isMetaInstance(key) || floating.isMetaInstance(key)) {
            return key.toString();
        }
        throw new Refused("evaluate returned a dict with a key of type " + key.getMetaObject().getMetaSimpleName()
                + " (keys must be str, int, float, bool or None)");
    }

    private void spend(long bytes) {
        budget -= bytes;
        if (budget < 0) {
            throw new Refused(tooLarge());
        }
    }

    private static String tooLarge() {
        return "evaluate returned more than " + MAX_BYTES + " bytes of JSON (the limit of a judgment)";
    }

    /** A value the host refuses; its message is the evaluator log's error. */
    private static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
