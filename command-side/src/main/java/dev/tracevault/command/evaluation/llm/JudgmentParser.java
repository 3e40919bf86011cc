package dev.tracevault.command.evaluation.llm;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a judgment out of a model's answer, by the rules documented on {@link LlmEvaluatorRunner}.
 * It only extracts a value of the right JSON type; whether the value fits the spec (limits,
 * option names) is {@link dev.tracevault.command.evaluation.run.Judgments}' call.
 */
final class JudgmentParser {

    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "pass");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "fail");
    private static final Pattern FENCE = Pattern.compile("(?s)^```[\\w-]*\\s*\\n(.*?)\\n?\\s*```$");
    private static final Pattern NUMBER = Pattern.compile("(-?)(\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)");
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[,;\\n]");
    /** Decoration a model puts around a word: quotes, Markdown emphasis, bullets, final punctuation. */
    private static final String DECORATION = " \t\r\n\"'`*_.,;:!?()[]{}<>-•";

    /** Stands for "no usable JSON judgment", since JSON null is not one either. */
    private static final Object NONE = new Object();

    private final JsonMapper json;

    JudgmentParser(JsonMapper json) {
        this.json = json;
    }

    /** The judgment in {@code answer} for {@code returnType}, or empty when there is none. */
    Optional<Object> parse(String returnType, List<String> options, String answer) {
        String text = unfenced(answer.strip());
        Object fromJson = jsonJudgment(text);
        return switch (returnType) {
            case "boolean" -> bool(text, fromJson);
            case "number" -> number(text, fromJson);
            case "select" -> select(text, fromJson, options);
            case "multi_select" -> multiSelect(text, fromJson, options);
            case "text" -> answer.isBlank() ? Optional.empty() : Optional.of(answer.strip());
            default -> Optional.empty();
        };
    }

    private static String unfenced(String text) {
        Matcher fence = FENCE.matcher(text);
        return fence.matches() ? fence.group(1).strip() : text;
    }

    /**
     * The judgment of an answer that is wholly JSON: the value itself, an object's
     * {@code judgment} field, or the only field of a one-field object.
     */
    private Object jsonJudgment(String text) {
        if (text.isEmpty() || "{[\"".indexOf(text.charAt(0)) < 0) {
            return NONE;
        }
        Object value;
        try {
            value = json.readValue(text, Object.class);
        } catch (JacksonException e) {
            return NONE;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("judgment")) {
                value = map.get("judgment");
            } else if (map.size() == 1) {
                value = map.values().iterator().next();
            } else {
                return NONE;
            }
        }
        return value == null ? NONE : value;
    }

    private static Optional<Object> bool(String text, Object fromJson) {
        if (fromJson instanceof Boolean b) {
            return Optional.of(b);
        }
        if (fromJson instanceof String s) {
            text = s;
        }
        for (String candidate : List.of(text, lastLine(text), lastWord(text))) {
            String word = clean(candidate).toLowerCase(Locale.ROOT);
            if (TRUE_WORDS.contains(word)) {
                return Optional.of(true);
            }
            if (FALSE_WORDS.contains(word)) {
                return Optional.of(false);
            }
        }
        return Optional.empty();
    }

    private static Optional<Object> number(String text, Object fromJson) {
        if (fromJson instanceof Number n && !(fromJson instanceof Boolean)) {
            return Optional.of(n);
        }
        if (fromJson instanceof String s) {
            text = s;
        }
        Matcher matcher = NUMBER.matcher(text);
        BigDecimal last = null;
        while (matcher.find()) {
            // A dash glued to a word or digit ("1-5", "top-3") is a hyphen, not a minus sign.
            int dash = matcher.start(1);
            boolean negative = !matcher.group(1).isEmpty()
                    && (dash == 0 || !Character.isLetterOrDigit(text.charAt(dash - 1)));
            last = new BigDecimal((negative ? "-" : "") + matcher.group(2));
        }
        return Optional.ofNullable(last);
    }

    private static Optional<Object> select(String text, Object fromJson, List<String> options) {
        if (fromJson instanceof String s) {
            text = s;
        }
        if (options.isEmpty()) {
            String whole = clean(text);
            return whole.isEmpty() ? Optional.empty() : Optional.of(whole);
        }
        for (String candidate : List.of(text, lastLine(text))) {
            Optional<String> exact = option(options, candidate);
            if (exact.isPresent()) {
                return Optional.of(exact.get());
            }
        }
        return Optional.ofNullable(lastMentioned(text, options));
    }

    /** The option named last in the text; at the same end position, the longer name ("very good" over "good"). */
    private static String lastMentioned(String text, List<String> options) {
        String best = null;
        int bestEnd = -1;
        for (String option : options) {
            Pattern name = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(option) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            Matcher matcher = name.matcher(text);
            int end = -1;
            while (matcher.find()) {
                end = matcher.end();
            }
            if (end > bestEnd || (end >= 0 && end == bestEnd && option.length() > best.length())) {
                best = option;
                bestEnd = end;
            }
        }
        return best;
    }

    private static Optional<Object> multiSelect(String text, Object fromJson, List<String> options) {
        if (fromJson instanceof List<?> list) {
            List<Object> chosen = new ArrayList<>();
            for (Object item : list) {
                // Unknown names and non-strings are kept, so Judgments reports them.
                chosen.add(item instanceof String s ? option(options, s).orElse(s) : item);
            }
            return Optional.of(chosen);
        }
        if (fromJson instanceof String s) {
            text = s;
        }
        String lastLine = lastLine(text);
        String afterLabel = lastLine.substring(lastLine.lastIndexOf(':') + 1);
        for (String candidate : List.of(text, lastLine, afterLabel)) {
            List<String> chosen = names(candidate, options);
            if (chosen != null) {
                return Optional.of(chosen);
            }
        }
        return Optional.empty();
    }

    /** The option names separated by commas, semicolons or line breaks, or null unless every item is one. */
    private static List<String> names(String text, List<String> options) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String item : LIST_SEPARATORS.split(text)) {
            if (clean(item).isEmpty()) {
                continue;
            }
            if (options.isEmpty()) {
                chosen.add(clean(item));
            } else {
                Optional<String> option = option(options, item);
                if (option.isEmpty()) {
                    return null;
                }
                chosen.add(option.get());
            }
        }
        return chosen.isEmpty() ? null : List.copyOf(chosen);
    }

    /** The option whose name is {@code text}, ignoring case and decoration, in the spec's spelling. */
    private static Optional<String> option(List<String> options, String text) {
        String trimmed = text.strip();
        String cleaned = clean(text);
        return options.stream()
                .filter(o -> o.equalsIgnoreCase(trimmed) || o.equalsIgnoreCase(cleaned))
                .findFirst();
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }

    private static String lastWord(String text) {
        String[] words = text.strip().split("\\s+");
        return words[words.length - 1];
    }

    private static String clean(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && DECORATION.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && DECORATION.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }
}
