package dev.tracevault.query.logs;

/**
 * How the read model keeps a log's content: in the clear (keys in the main database), or sealed
 * with the log's own key, as the events are, when the keys are kept in a store of their own: then
 * a backup of the main database holds no content in the clear at all. Sealed documents keep no
 * listing text ({@code search_text}, {@code metadata_text}): a search opens the documents instead.
 * The analytics' per-log facts (its judgments among them) are sealed as a whole.
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
        public String sealWhole(String logId, String json) {
            return json;
        }

        @Override
        public String openWhole(String logId, String stored) {
            return stored;
        }
    };

    boolean active();

    /** A log document as stored: its content fields sealed. */
    String seal(String logId, String body);

    /** A stored log document as read: its content fields open (null where the log's key is gone). */
    String open(String logId, String stored);

    /** Other JSON about one log (its analytics facts), sealed as a whole. */
    String sealWhole(String logId, String json);

    /** What {@link #sealWhole} stored, open; {@code null} where the log's key is gone. */
    String openWhole(String logId, String stored);
}
