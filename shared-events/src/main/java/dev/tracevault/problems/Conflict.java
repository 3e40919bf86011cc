package dev.tracevault.problems;

/** The request conflicts with the stored state (for example, reopening a completed log): a 409. */
public class Conflict extends RuntimeException {

    public Conflict(String detail) {
        super(detail);
    }
}
