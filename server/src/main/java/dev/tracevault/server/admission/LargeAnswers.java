package dev.tracevault.server.admission;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The answers that can be as large as what was written: a log (with its trace), its history and its
 * past versions, through the API or the viewer's data routes ({@code /ui/api/...}); a page of logs
 * takes its share once it knows its documents ({@link RequestAnswerMemory}). Before the handler loads one, the request takes its share of {@link InFlightMemory}
 * ({@link MemoryAdmission#take}): {@link #ANSWER_COPIES} times the stored size, read from the
 * database's own length of the stored values (neither database reads a value to tell its length).
 * It decides on the route the router chose, not on the raw URL.
 */
class LargeAnswers implements HandlerInterceptor {

    /** Heap per stored byte while an answer is built (the value read, its parsed tree, the JSON text and its bytes). */
    static final int ANSWER_COPIES = 24;
    /** Answers this small ask nothing. */
    static final long SMALL = 256 * 1024;

    private final JdbcTemplate jdbc;
    private volatile String length;

    LargeAnswers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return true;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)
                || !(variables.get("id") instanceof String id)) {
            return true;
        }
        long stored = switch (String.valueOf(pattern)) {
            case "/v5/logs/{id}/history", "/ui/api/logs/{id}/history" -> events(id);
            // the viewer's log (without its trace children: its own document, an upper bound) and its trace
            case "/v5/logs/{id}", "/ui/api/logs/{id}" -> request.getParameter("as_of") != null
                    || request.getParameter("version") != null ? events(id) + trace(id) : trace(id);
            case "/ui/api/trace/{id}" -> trace(id);
            default -> 0;
        };
        if (stored > SMALL) {
            MemoryAdmission.take(request, stored * ANSWER_COPIES);
        }
        return true;
    }

    /** The stored size of a log's events. */
    private long events(String id) {
        Long bytes = jdbc.queryForObject("select sum(" + length() + "(payload)) from domain_event_entry"
                + " where aggregate_identifier = ?", Long.class, id);
        return bytes == null ? 0 : bytes;
    }

    /**
     * The stored size of a log's document, or of its whole trace's if it is a root with children (its
     * answer holds them): a look-up by key, then one by the trace's index for a root.
     */
    private long trace(String id) {
        record Document(long bytes, String rootOf) {
        }
        var found = jdbc.query("select " + length() + "(body), trace_id, trace_parent_id, has_children"
                + " from log_document where log_id = ?", (row, n) -> new Document(row.getLong(1),
                row.getString(3) == null && row.getBoolean(4) ? row.getString(2) : null), id);
        if (found.isEmpty()) {
            return 0;
        }
        Document document = found.getFirst();
        if (document.rootOf() == null) {
            return document.bytes();
        }
        Long bytes = jdbc.queryForObject("select sum(" + length() + "(body)) from log_document where trace_id = ?",
                Long.class, document.rootOf());
        return bytes == null ? 0 : bytes;
    }

    /**
     * PostgreSQL's {@code octet_length} reads the size from a stored (toasted) value's header; H2's
     * {@code length} is kept with its large objects (its {@code octet_length} of a text reads it).
     */
    private String length() {
        String function = length;
        if (function == null) {
            String product = jdbc.execute((java.sql.Connection connection) -> connection.getMetaData()
                    .getDatabaseProductName());
            function = "H2".equalsIgnoreCase(product) ? "length" : "octet_length";
            length = function;
        }
        return function;
    }
}
