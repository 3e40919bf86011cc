package dev.tracevault.command.otel;

import dev.tracevault.problems.FieldProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A span's attributes as the mapping reads them: typed readers that accept a value in its own type
 * or as text (the Humanloop exporter sends every value as a string), nested views of flattened
 * prefixes, and a record of what was read, so that what no mapping used can be kept aside.
 */
final class SpanAttributes {

    /** How deep flattened attributes may nest (the Humanloop SDK flattens objects into dotted keys). */
    private static final int MAX_DEPTH = 32;

    private final Map<String, Object> values;
    private final JsonMapper mapper;
    private final Set<String> read = new HashSet<>();
    private final List<FieldProblem> problems = new ArrayList<>();

    SpanAttributes(Map<String, Object> values, JsonMapper mapper) {
        this.values = values;
        this.mapper = mapper;
    }

    List<FieldProblem> problems() {
        return problems;
    }

    void problem(String key, String msg) {
        problems.add(new FieldProblem(List.of("attributes", key), msg, "value_error.attribute"));
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Object raw(String key) {
        read.add(key);
        return values.get(key);
    }

    /** The first of {@code keys} that is present, as text. */
    String text(String... keys) {
        for (String key : keys) {
            Object value = raw(key);
            if (value instanceof String s) {
                return s;
            }
            if (value instanceof Number || value instanceof Boolean) {
                return value.toString();
            }
            if (value != null) {
                problem(key, "a string is expected");
            }
        }
        return null;
    }

    /** The first of {@code keys} that is present, as a number (a numeric string counts). */
    BigDecimal number(String... keys) {
        for (String key : keys) {
            Object value = raw(key);
            if (value != null) {
                BigDecimal number = toNumber(value);
                if (number == null) {
                    problem(key, "a number is expected");
                }
                return number;
            }
        }
        return null;
    }

    static BigDecimal toNumber(Object value) {
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
        }
        if (value instanceof BigDecimal b) {
            return b;
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * A list attribute; a single value is a list of it (the Humanloop exporter sends a one-element
     * array as its element's text).
     */
    List<Object> list(String key) {
        Object value = raw(key);
        if (value == null) {
            return null;
        }
        return value instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>(List.of(value));
    }

    /**
     * A structured attribute: a JSON text (what most instrumentations write) or an OTLP list or map;
     * null if absent.
     */
    Object json(String key) {
        Object value = raw(key);
        if (value instanceof String text) {
            try {
                return mapper.readValue(text, Object.class);
            } catch (JacksonException e) {
                problem(key, "invalid JSON: " + e.getOriginalMessage());
                return null;
            }
        }
        return value;
    }

    /** Whether any attribute starts with {@code prefix + "."}. */
    boolean hasTree(String prefix) {
        String start = prefix + ".";
        return values.keySet().stream().anyMatch(k -> k.startsWith(start));
    }

    /**
     * The attributes under {@code prefix}, unflattened the way the Humanloop SDK reads them back:
     * {@code a.b.c} becomes nested maps, and a map whose keys are all numbers becomes a list in
     * their order. Null if there are none.
     */
    Object tree(String prefix) {
        return tree(prefix, false);
    }

    /**
     * @param reversed read the attributes last first: the Humanloop SDK flattens an object with a
     *                 stack, so its attributes come in reverse order, and reading them backwards gives
     *                 the object's keys their order again
     */
    Object tree(String prefix, boolean reversed) {
        String start = prefix + ".";
        Map<String, Object> root = new LinkedHashMap<>();
        boolean any = false;
        List<Map.Entry<String, Object>> entries = new ArrayList<>(values.entrySet());
        if (reversed) {
            entries = entries.reversed();
        }
        for (var entry : entries) {
            if (!entry.getKey().startsWith(start)) {
                continue;
            }
            any = true;
            read.add(entry.getKey());
            String[] parts = entry.getKey().substring(start.length()).split("\\.", -1);
            if (parts.length > MAX_DEPTH) {
                problem(entry.getKey(), "nested deeper than " + MAX_DEPTH + " levels");
                continue;
            }
            Map<String, Object> level = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = level.get(parts[i]);
                if (!(next instanceof Map<?, ?>)) {
                    if (next != null) {
                        problem(entry.getKey(), "conflicts with attribute '" + prefix + "." + parts[i] + "'");
                    }
                    next = new LinkedHashMap<String, Object>();
                    level.put(parts[i], next);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) next;
                level = typed;
            }
            String last = parts[parts.length - 1];
            if (level.get(last) instanceof Map<?, ?>) {
                problem(entry.getKey(), "conflicts with the attributes under it");
            } else {
                level.put(last, entry.getValue());
            }
        }
        return any ? lists(root) : null;
    }

    private static Object lists(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        boolean numbered = !map.isEmpty();
        Map<String, Object> converted = new LinkedHashMap<>();
        for (var entry : map.entrySet()) {
            String key = (String) entry.getKey();
            numbered &= !key.isEmpty() && key.length() < 10 && key.chars().allMatch(Character::isDigit);
            converted.put(key, lists(entry.getValue()));
        }
        if (!numbered) {
            return converted;
        }
        Map<Integer, Object> ordered = new TreeMap<>();
        converted.forEach((k, v) -> ordered.put(Integer.parseInt(k), v));
        return new ArrayList<>(ordered.values());
    }

    /** The attributes no reader asked for. */
    Map<String, Object> unread() {
        Map<String, Object> rest = new TreeMap<>();
        values.forEach((k, v) -> {
            if (!read.contains(k)) {
                rest.put(k, v);
            }
        });
        return rest;
    }
}
