package dev.tracevault.problems;

/**
 * The server cannot take the request now, and nothing was stored: answered 503 with
 * {@code Retry-After}. A client (the SDK does) sends the same request again later.
 */
public class Unavailable extends RuntimeException {

    private final int retryAfterSeconds;

    public Unavailable(String detail, int retryAfterSeconds) {
        super(detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
