package dev.tracevault.events;

/**
 * Who caused an event: the metadata every event carries, copied from the command that caused it.
 * A request names the API key that authenticated it (its id and name, never its secret); the
 * server's own work names a system actor.
 */
public final class Attribution {

    /** Metadata key: the id of the API key of the request. */
    public static final String API_KEY_ID = "api_key_id";
    /** Metadata key: the name that API key had then. */
    public static final String API_KEY_NAME = "api_key_name";
    /** Metadata key: who acted, {@code api_key:<id>} or {@code system:<what>}. */
    public static final String ACTOR = "actor";
    /** The actor of monitoring evaluations (the saga and the evaluator workers). */
    public static final String EVALUATION = "system:evaluation";

    private Attribution() {
    }

    /** The actor of a request authenticated by the API key {@code keyId}. */
    public static String apiKey(String keyId) {
        return "api_key:" + keyId;
    }
}
