package dev.tracevault.command.validation;

import dev.tracevault.command.validation.Datetimes;
import dev.tracevault.command.validation.JsonLimits;
import dev.tracevault.command.validation.Utf8;
import dev.tracevault.events.wire.WireDatetime;
import dev.tracevault.problems.FieldProblem;
import dev.tracevault.problems.InvalidInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON request body read field by field into typed values. Every reader records a FastAPI-style
 * problem instead of throwing, so one 422 lists everything wrong with the request; {@link #check()}
 * throws it. Chat messages, a format of their own, are read by {@code log.ChatMessages} into the same
 * list of problems.
 *
 * <p>On create, {@code null} and absent mean the same (the SDK turns {@code undefined} into
 * {@code null}); on update, {@link #isPresent} tells them apart.
 */
public final class JsonBody {

    /** The longest client-chosen identifier (log ids, file ids, version ids). */
    public static final int MAX_ID_LENGTH = 512;

    private final JsonMapper mapper;
    private final ObjectNode root;
    private final List<FieldProblem> problems = new ArrayList<>();

    private JsonBody(JsonMapper mapper, ObjectNode root) {
        this.mapper = mapper;
        this.root = root;
    }

    /** Parses the body; anything but one JSON object, in valid text, is refused at once. */
    public static JsonBody parse(byte[] body, JsonMapper mapper) {
        if (body == null || body.length == 0) {
            throw InvalidInput.of(List.of("body"), "a JSON object is required", "value_error.missing");
        }
        String encoding = Utf8.problem(body);
        if (encoding != null) {
            throw InvalidInput.of(List.of("body"), encoding, "value_error.unicode");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JacksonException e) {
            throw InvalidInput.of(List.of("body"), "invalid JSON: " + e.getOriginalMessage(), "value_error.jsondecode");
        }
        if (node == null || !node.isObject()) {
            throw InvalidInput.of(List.of("body"), "the body must be a JSON object", "type_error.dict");
        }
        var parsed = new JsonBody(mapper, (ObjectNode) node);
        parsed.problems.addAll(JsonLimits.bodyProblems(node));
        parsed.check();
        return parsed;
    }

    /** A body built by the server in the shape of a request (from a span), checked like a parsed one. */
    public static JsonBody of(ObjectNode body, JsonMapper mapper) {
        var built = new JsonBody(mapper, body);
        built.problems.addAll(JsonLimits.bodyProblems(body));
        built.check();
        return built;
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public ObjectNode root() {
        return root;
    }

    /** Whether the request named the field, even as {@code null}. */
    public boolean isPresent(String field) {
        return root.has(field);
    }

    public void reject(String field, String msg, String type) {
        problems.add(new FieldProblem(List.of("body", field), msg, type));
    }

    public void add(FieldProblem problem) {
        problems.add(problem);
    }

    /** Throws the 422 if any reader found a problem. */
    public void check() {
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }

    /** The field's value; null when the field is absent or {@code null}. */
    public JsonNode value(String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node;
    }

    public String string(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            reject(field, "str type expected", "type_error.str");
            return null;
        }
        return node.stringValue();
    }

    /** A client-chosen identifier: a non-empty string without control characters, usable in a URL path. */
    public String identifier(String field) {
        String id = string(field);
        if (id == null) {
            return null;
        }
        String problem = identifierProblem(id);
        if (problem != null) {
            reject(field, problem, "value_error.identifier");
        }
        return id;
    }

    /** Why {@code id} cannot be a client-chosen identifier, or null when it can. */
    public static String identifierProblem(String id) {
        if (id.isEmpty() || id.equals(".") || id.equals("..")) {
            return "'" + id + "' cannot identify anything";
        } else if (id.length() > MAX_ID_LENGTH) {
            return "longer than " + MAX_ID_LENGTH + " characters";
        } else if (id.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }

    public BigDecimal number(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            reject(field, "value is not a valid number", "type_error.number");
            return null;
        }
        return node.decimalValue();
    }

    public Boolean bool(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            reject(field, "value could not be parsed to a boolean", "type_error.bool");
            return null;
        }
        return node.booleanValue();
    }

    public Map<String, Object> object(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            reject(field, "value is not a valid dict", "type_error.dict");
            return null;
        }
        return toMap(node);
    }

    /**
     * An ISO-8601 date-time; one without an offset is taken as UTC. It must be one every store holds
     * ({@link Datetimes}).
     */
    public Instant datetime(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        Instant instant = node.isString() ? WireDatetime.parse(node.stringValue()) : null;
        if (instant == null) {
            reject(field, "invalid datetime format (ISO-8601 expected)", "value_error.datetime");
            return null;
        }
        String range = Datetimes.problem(instant);
        if (range != null) {
            reject(field, range, "value_error.datetime.range");
            return null;
        }
        return instant;
    }

    /** A string that must be one of {@code allowed}. */
    public String oneOf(String field, Set<String> allowed) {
        String value = string(field);
        if (value != null && !allowed.contains(value)) {
            reject(field, "value is not a valid enumeration member; permitted: " + String.join(", ", allowed.stream().sorted().toList()),
                    "type_error.enum");
            return null;
        }
        return value;
    }

    private Map<String, Object> toMap(JsonNode node) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = mapper.convertValue(node, LinkedHashMap.class);
        return map;
    }
}
