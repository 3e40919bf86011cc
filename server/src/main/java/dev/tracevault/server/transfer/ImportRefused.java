package dev.tracevault.server.transfer;

/** A file the import does not load, and why (naming the line); nothing of it is stored. */
final class ImportRefused extends RuntimeException {

    ImportRefused(String message) {
        super(message);
    }

    static ImportRefused at(long line, String problem) {
        return new ImportRefused("line " + line + ": " + problem);
    }
}
