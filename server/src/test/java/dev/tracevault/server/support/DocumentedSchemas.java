package dev.tracevault.server.support;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks JSON against the schemas of an OpenAPI 3.1 document, for the JSON Schema keywords that
 * document uses: {@code $ref}, {@code type} (one or several), {@code properties}, {@code required},
 * {@code items}, {@code allOf}, {@code anyOf}, {@code oneOf}, {@code const}, {@code enum},
 * {@code format: date-time}, {@code minimum}, {@code maximum}. An unknown keyword is a failure, so the
 * check never silently ignores a part of a schema.
 */
public final class DocumentedSchemas {

    private static final List<String> KNOWN = List.of("$ref", "type", "properties", "required", "items", "allOf", "anyOf",
            "oneOf", "const", "enum", "format", "minimum", "maximum", "description", "default", "discriminator",
            "additionalProperties", "contentMediaType");

    private final JsonNode document;

    public DocumentedSchemas(JsonNode document) {
        this.document = document;
    }

    /** What is wrong with {@code value} as an instance of {@code schema}; empty when nothing. */
    public List<String> problems(JsonNode value, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        return problems;
    }

    /** The schema of an operation's JSON answer with {@code status}. */
    public JsonNode responseSchema(String method, String path, int status) {
        JsonNode response = document.get("paths").get(path).get(method.toLowerCase()).get("responses").get(String.valueOf(status));
        if (response == null) {
            throw new AssertionError(method + " " + path + " documents no " + status);
        }
        return resolve(response).get("content").get("application/json").get("schema");
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = document.at(node.get("$ref").stringValue().substring(1));
        }
        return node;
    }

    private void check(JsonNode value, JsonNode schema, String at, List<String> problems) {
        for (String keyword : schema.propertyNames()) {
            if (!KNOWN.contains(keyword)) {
                problems.add(at + ": the checker does not know the keyword " + keyword);
            }
        }
        if (schema.has("$ref")) {
            check(value, resolve(schema), at, problems);
        }
        if (schema.has("type") && !hasType(value, schema.get("type"))) {
            problems.add(at + ": " + kind(value) + " is not " + schema.get("type"));
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(at + ": " + value + " is not " + schema.get("const"));
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (schema.has("format") && schema.get("format").stringValue().equals("date-time") && value.isString()) {
            try {
                OffsetDateTime.parse(value.stringValue());
            } catch (DateTimeParseException e) {
                problems.add(at + ": " + value + " is not a date-time with an offset");
            }
        }
        if (schema.has("minimum") && value.isNumber() && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
            problems.add(at + ": " + value + " is below " + schema.get("minimum"));
        }
        if (schema.has("maximum") && value.isNumber() && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
            problems.add(at + ": " + value + " is above " + schema.get("maximum"));
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.stringValue())) {
                    problems.add(at + ": missing required " + required.stringValue());
                }
            }
            if (schema.has("properties")) {
                for (var property : schema.get("properties").properties()) {
                    if (value.has(property.getKey())) {
                        check(value.get(property.getKey()), property.getValue(), at + "." + property.getKey(), problems);
                    }
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), at + "[" + i + "]", problems);
            }
        }
        for (JsonNode part : schema.path("allOf")) {
            check(value, part, at, problems);
        }
        if (schema.has("anyOf") || schema.has("oneOf")) {
            boolean one = schema.has("oneOf");
            JsonNode choices = one ? schema.get("oneOf") : schema.get("anyOf");
            List<List<String>> each = new ArrayList<>();
            int matching = 0;
            for (JsonNode choice : choices) {
                List<String> found = new ArrayList<>();
                check(value, choice, at, found);
                each.add(found);
                matching += found.isEmpty() ? 1 : 0;
            }
            if (matching == 0) {
                problems.add(at + ": matches none of " + (one ? "oneOf" : "anyOf") + ": " + each);
            } else if (one && matching > 1) {
                problems.add(at + ": matches " + matching + " choices of oneOf");
            }
        }
    }

    private static boolean hasType(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (hasType(value, one)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.stringValue()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new AssertionError("unknown type " + type);
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode one : values) {
            if (one.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String kind(JsonNode value) {
        return value.isNull() ? "null" : value.getNodeType().name().toLowerCase();
    }
}
