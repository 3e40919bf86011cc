package dev.tracevault.queries;

import java.util.List;

/** Answers (an empty document) once the read side shows none of {@code logIds}: an eraser's read-your-writes. */
public record AwaitErased(List<String> logIds) {
}
