package dev.tracevault.query.logs;

/**
 * How the read model keeps a log's content: in the clear (keys in the main database), or sealed
 * with the log's own key, as the events are, when the keys are kept in a store of their own: then
 * a backup of the main database holds no content in the clear at all. Sealed documents keep no
 * listing text ({@code search_text}, {@code metadata_text}): a search opens the documents instead.
 * The analytics' per-log facts (its judgments among them) are sealed as a whole, with a key of
 * their own.
 */
public interface DocumentSeal {

    /** Content in the clear. */
    DocumentSeal NONE = new DocumentSeal() {
        @Override
        public boolean active() {
            return false;
        }

        @Override
        public String seal(String logId, String body) {
            return body;
        }

        @Override
        public String open(String logId, String stored) {
            return stored;
        }

        @Override
        public String sealFacts(String logId, String json) {
            return json;
        }

        @Override
        public String openFacts(String logId, String stored) {
            return stored;
        }

        @Override
        public void forgetFacts(String logId) {
            // nothing sealed
        }
    };

    boolean active();

    /** A log document as stored: its content fields sealed. */
    String seal(String logId, String body);

    /** A stored log document as read: its content fields open (null where the log's key is gone). */
    String open(String logId, String stored);

    /**
     * A log's analytics facts, sealed as a whole with a key of their own: the log's key is gone as
     * soon as it is erased, but the analytics, which run behind, must still read its facts to take
     * its contribution out; they destroy that key then ({@link #forgetFacts}).
     */
    String sealFacts(String logId, String json);

    /** What {@link #sealFacts} stored, open; {@code null} where the key is gone. */
    String openFacts(String logId, String stored);

    /** Destroys the key of a log's analytics facts (once the transaction that deletes them commits). */
    void forgetFacts(String logId);
}
