package dev.tracevault.problems;

import java.util.List;

/** The request is malformed or breaks a rule of the API: a 422 with the problems listed. */
public class InvalidInput extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidInput(List<FieldProblem> problems) {
        super(problems.isEmpty() ? "invalid input" : problems.getFirst().msg());
        this.problems = List.copyOf(problems);
    }

    public static InvalidInput of(List<Object> loc, String msg, String type) {
        return new InvalidInput(List.of(new FieldProblem(loc, msg, type)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
