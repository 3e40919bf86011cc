package dev.tracevault.command.fileregistry;

import dev.tracevault.problems.FieldProblem;
import java.util.List;
import java.util.Optional;

/** Rules for file paths ({@code folder/name}): non-empty segments, no control characters, bounded length. */
public final class FilePath {

    public static final int MAX_LENGTH = 512;

    private FilePath() {
    }

    /** The file's name: the last segment of its path. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static Optional<FieldProblem> problem(String path, List<Object> loc) {
        if (path.isBlank()) {
            return Optional.of(new FieldProblem(loc, "path must not be empty", "value_error.path"));
        }
        if (path.length() > MAX_LENGTH) {
            return Optional.of(new FieldProblem(loc, "path is longer than " + MAX_LENGTH + " characters",
                    "value_error.path"));
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(new FieldProblem(loc, "path must not contain control characters", "value_error.path"));
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isBlank()) {
                return Optional.of(new FieldProblem(loc, "path segments must not be empty (as in 'a//b' or '/a')",
                        "value_error.path"));
            }
        }
        return Optional.empty();
    }
}
