package dev.tracevault.command.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spans name their parents, and the parents must end at a root: a span that is its own parent, or
 * whose parents lead back to it, would wait for a parent that can only come after it, for ever. Such
 * spans (and the spans below them) are refused, instead of waiting silently.
 */
public final class SpanParents {

    private SpanParents() {
    }

    /**
     * The spans of {@code parentOf} (span → its parent, for the spans of one request) whose parents
     * lead round in a circle, with the circle each one meets, in the order it is met.
     */
    public static Map<String, List<String>> cyclic(Map<String, String> parentOf) {
        Map<String, List<String>> cyclic = new HashMap<>();
        Set<String> rooted = new java.util.HashSet<>();
        for (String start : parentOf.keySet()) {
            LinkedHashSet<String> path = new LinkedHashSet<>();
            String at = start;
            List<String> circle = null;
            while (at != null && parentOf.containsKey(at) && !rooted.contains(at)) {
                if (cyclic.containsKey(at)) {
                    circle = cyclic.get(at);
                    break;
                }
                if (!path.add(at)) {
                    List<String> walked = new ArrayList<>(path);
                    circle = new ArrayList<>(walked.subList(walked.indexOf(at), walked.size()));
                    circle.add(at);
                    break;
                }
                at = parentOf.get(at);
            }
            for (String span : path) {
                if (circle != null) {
                    cyclic.put(span, circle);
                } else {
                    rooted.add(span);
                }
            }
        }
        return cyclic;
    }

    /** How a circle reads in a message: {@code a → b → a}. */
    public static String describe(List<String> circle) {
        return String.join(" → ", circle);
    }
}
