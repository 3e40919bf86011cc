package dev.tracevault.problems;

import java.util.List;

/** One FastAPI-style validation problem: where ({@code loc}), what ({@code msg}) and its kind. */
public record FieldProblem(List<Object> loc, String msg, String type) {
}
