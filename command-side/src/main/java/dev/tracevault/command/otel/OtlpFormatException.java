package dev.tracevault.command.otel;

/**
 * The request cannot be read as OTLP: malformed (400), too large (413) or of an encoding that is
 * not OTLP's (415). Nothing of it is stored.
 */
public class OtlpFormatException extends RuntimeException {

    private final int status;

    public OtlpFormatException(String message) {
        this(400, message);
    }

    public OtlpFormatException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
