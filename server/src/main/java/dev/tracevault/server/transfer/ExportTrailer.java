package dev.tracevault.server.transfer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last line of every export: how many event lines came before it, the global index of the last
 * one, and the SHA-256 of those lines' bytes (newlines included). An export that lacks it, or whose
 * lines do not match it, was cut or changed: the import refuses it. {@code filter} names the filters
 * of a partial export ({@code file_id}, {@code from}, {@code to}), and is absent from a full one.
 */
record ExportTrailer(long events, Long lastGlobalIndex, String sha256, Map<String, String> filter) {

    /** The key of the trailer line's only field, which no event line has. */
    static final String KEY = "trailer";

    Map<String, Object> line() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("events", events);
        fields.put("last_global_index", lastGlobalIndex);
        fields.put("sha256", sha256);
        if (filter != null && !filter.isEmpty()) {
            fields.put("filter", filter);
        }
        return Map.of(KEY, fields);
    }
}
