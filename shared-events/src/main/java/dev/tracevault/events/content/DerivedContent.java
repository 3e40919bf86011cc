package dev.tracevault.events.content;

/**
 * What Tracevault derives from a log's {@link ContentField content} and stores: it goes wherever
 * the content goes (sealed with it, erased with it). Judgments about a log are content of their
 * own Evaluator Logs ({@link ContentField#JUDGMENT}), which an erasure of the judged log erases too.
 */
public enum DerivedContent {
    /**
     * A creation's digest of the whole request, content included (so that a retried create is told
     * apart from another one reusing the id): in events and snapshots, sealed like the content, so
     * that it cannot confirm a guess of an erased log's content.
     */
    REQUEST_DIGEST("requestDigest"),
    /** The listing's lower-case text of inputs, output and messages ({@code search}). */
    SEARCH_TEXT("search_text"),
    /** The listing's lower-case text of the metadata ({@code metadata_search}). */
    METADATA_TEXT("metadata_text");

    private final String stored;

    DerivedContent(String stored) {
        this.stored = stored;
    }

    /** Its name where it is stored: a record component of events, or a column of the read model. */
    public String stored() {
        return stored;
    }
}
