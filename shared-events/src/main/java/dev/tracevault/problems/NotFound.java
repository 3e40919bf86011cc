package dev.tracevault.problems;

/** The request names a log or file that does not exist: a 404. */
public class NotFound extends RuntimeException {

    public NotFound(String detail) {
        super(detail);
    }
}
