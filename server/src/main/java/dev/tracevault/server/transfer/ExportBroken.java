package dev.tracevault.server.transfer;

/**
 * An export that failed after its first bytes were sent. It is not answered like other errors (a JSON
 * body appended to the lines would make a cut stream look ended): the connection is closed without
 * ending the response, so a client sees a broken transfer, and no trailer.
 */
final class ExportBroken extends RuntimeException {

    ExportBroken(String message, Throwable cause) {
        super(message, cause);
    }
}
