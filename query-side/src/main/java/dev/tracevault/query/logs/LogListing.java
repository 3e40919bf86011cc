package dev.tracevault.query.logs;

import dev.tracevault.queries.ApiDocument;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.queries.JsonStream;
import dev.tracevault.queries.ListLogs;
import dev.tracevault.queries.LogSort;
import dev.tracevault.queries.StreamLogs;
import dev.tracevault.query.AnswerMemory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v5/logs} (spec §3.9): one page of the logs of a File from the {@code log_document}
 * table, oldest first by ({@code logged_at}, {@code log_id}) — the viewer's pages in the order
 * {@link ListingOrder} gives — each rendered by {@link LogReader}
 * exactly as {@code GET /v5/logs/{id}} returns it.
 *
 * <p>Oldest first keeps a walk through the pages consistent while logs are being added: a new log
 * sorts after every log that existed when the walk began, so none of those is skipped or shown
 * twice. {@code total} is exact up to {@code tracevault.listing.exact-total-up-to} (10,000) matching logs; past that, on
 * PostgreSQL, it is the planner's estimate (counting a million matches costs a few hundred
 * milliseconds per page, and the SDK's pager ignores {@code total}: it stops at the first empty
 * page). {@code sample} keeps a pseudo-random subset of that many logs, the same for every page of
 * the same request (its seed is the request's filters), so paging through a sample is consistent.
 *
 * <p>Where documents are sealed ({@link DocumentSeal}: keys in a store of their own) they keep no
 * listing text and no judgment: {@code search} and {@code metadata_search} open every document the
 * other filters leave and compare the same text ({@link ListingColumns}), and the viewer's judgment
 * filter opens the evaluator's Evaluator Logs for each log's current judgment, so they cost time in
 * proportion to the file's (and the evaluator's) logs.
 */
@Component
class LogListing {

    /** Up to this many matching logs {@code total} is counted; beyond, it is estimated (PostgreSQL). */
    static final int EXACT_TOTAL_UP_TO = 10_000;
    /** A page whose documents are stored in more than this is written log by log. */
    static final long STREAM_OVER = 4L << 20;
    /** Up to this many logs {@code total} is counted where a judgment filters them. */
    static final int EXACT_JUDGED_UP_TO = 1_000;
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\"\\s*:\\s*([0-9.eE+]+)");

    private final JdbcTemplate jdbc;
    private final JdbcLogDocuments documents;
    private final LogReader reader;
    private final JsonMapper mapper;
    private final ObjectProvider<AnswerMemory> memory;
    private volatile Boolean postgres;

    private final long exactTotalUpTo;

    LogListing(JdbcTemplate jdbc, JdbcLogDocuments documents, LogReader reader, JsonMapper mapper,
               ObjectProvider<AnswerMemory> memory,
               @Value("${tracevault.listing.exact-total-up-to:" + EXACT_TOTAL_UP_TO + "}") long exactTotalUpTo) {
        this.jdbc = jdbc;
        this.documents = documents;
        this.reader = reader;
        this.mapper = mapper;
        this.memory = memory;
        this.exactTotalUpTo = exactTotalUpTo;
    }

    /**
     * The stored size of the documents a page of {@code ids} renders: theirs, and with trace children
     * the whole trace of each that has children (an upper bound: what the page can hold). The databases
     * tell a stored value's length without reading it.
     */
    private long storedBytes(List<String> ids, boolean traces) {
        String length = postgres() ? "octet_length" : "length";
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        Long own = jdbc.queryForObject("select sum(" + length + "(body)) from log_document where log_id in (" + in + ")",
                Long.class, ids.toArray());
        long bytes = own == null ? 0 : own;
        if (traces) {
            Long members = jdbc.queryForObject("select sum(" + length + "(body)) from log_document where trace_id in"
                    + " (select trace_id from log_document where log_id in (" + in + ") and has_children)",
                    Long.class, ids.toArray());
            bytes += members == null ? 0 : members;
        }
        return bytes;
    }

    /** The stored size of the largest document (or trace, with trace children) of a page. */
    private long largestBytes(List<String> ids, boolean traces) {
        String length = postgres() ? "octet_length" : "length";
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        Long own = jdbc.queryForObject("select max(" + length + "(body)) from log_document where log_id in (" + in + ")",
                Long.class, ids.toArray());
        long bytes = own == null ? 0 : own;
        if (traces) {
            Long trace = jdbc.queryForObject("select max(t.bytes) from (select sum(" + length + "(body)) as bytes from"
                    + " log_document where trace_id in (select trace_id from log_document where log_id in (" + in
                    + ") and has_children) group by trace_id) t", Long.class, ids.toArray());
            bytes = Math.max(bytes, trace == null ? 0 : trace);
        }
        return bytes;
    }

    /**
     * The number of matching logs: exact up to {@code exactTotalUpTo}, else estimated where the
     * database can. With a judgment filter, exact up to {@value #EXACT_JUDGED_UP_TO} only: each
     * match is asked of the evaluator's logs (PostgreSQL, 1,000,000 judged logs: counting 10,001
     * matches took 210 ms, 1,001 took 60 ms).
     */
    private long total(ListLogs query, CharSequence where, List<Object> args) {
        long exactUpTo = exactUpTo(query);
        Long capped = jdbc.queryForObject("select count(*) from (select 1 as one" + where + " fetch first "
                + (exactUpTo + 1) + " rows only) capped", Long.class, args.toArray());
        if (capped == null || capped <= exactUpTo || !postgres()) {
            return capped != null && capped <= exactUpTo ? capped
                    : jdbc.queryForObject("select count(*)" + where, Long.class, args.toArray());
        }
        String plan = jdbc.queryForObject("explain (format json) select 1" + where, String.class, args.toArray());
        Matcher rows = PLAN_ROWS.matcher(plan == null ? "" : plan);
        return rows.find() ? Math.max(exactUpTo + 1, Math.round(Double.parseDouble(rows.group(1))))
                : jdbc.queryForObject("select count(*)" + where, Long.class, args.toArray());
    }

    private long exactUpTo(ListLogs query) {
        return query.judgedBy() != null ? Math.min(exactTotalUpTo, EXACT_JUDGED_UP_TO) : exactTotalUpTo;
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) ->
                    c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")));
            postgres = known;
        }
        return known;
    }

    /** A page: the ids of its logs in list order, and the total. */
    private record Page(List<String> ids, long total) {
    }

    @QueryHandler
    ApiDocument handle(ListLogs query) {
        var page = page(query);
        return new ApiDocument(render(query, rowsInOrder(page.ids(), query), page.total()));
    }

    /**
     * {@code GET /v5/logs}: a page whose documents are small is rendered at once as {@link #handle(ListLogs)}
     * does; a larger one is written log by log, each read as it is written, so the page never is in
     * memory whole (a page of 100 logs near the request limit would be gigabytes). It takes the memory of
     * its largest log (with its trace where the page holds trace children) before it answers.
     */
    @QueryHandler
    JsonStream handle(StreamLogs streamed) {
        ListLogs query = streamed.query();
        var page = page(query);
        if (page.ids().isEmpty() || storedBytes(page.ids(), query.includeTraceChildren()) <= STREAM_OVER) {
            String json = render(query, rowsInOrder(page.ids(), query), page.total());
            return out -> out.write(json);
        }
        var admission = memory.getIfAvailable();
        if (admission != null) {
            admission.take(largestBytes(page.ids(), query.includeTraceChildren()));
        }
        return out -> {
            out.write("{\"records\":[");
            boolean first = true;
            for (String id : page.ids()) {
                var row = documents.find(id);
                if (row.isEmpty()) {
                    continue; // erased for good meanwhile
                }
                out.write(first ? "" : ",");
                out.write(reader.readPage(List.of(row.get()), query.includeTraceChildren(), query.includeParent())
                        .getFirst());
                out.flush();
                first = false;
            }
            out.write(tail(query, page.total()));
        };
    }

    private String render(ListLogs query, List<LogDocuments.Row> rows, long total) {
        var json = new StringBuilder("{\"records\":[");
        var records = reader.readPage(rows, query.includeTraceChildren(), query.includeParent());
        for (int i = 0; i < records.size(); i++) {
            json.append(i == 0 ? "" : ",").append(records.get(i));
        }
        return json.append(tail(query, total)).toString();
    }

    private static String tail(ListLogs query, long total) {
        return "],\"page\":" + query.page() + ",\"size\":" + query.size() + ",\"total\":" + total + "}";
    }

    private Page page(ListLogs query) {
        var where = new StringBuilder(" from log_document where file_id = ?");
        var args = new ArrayList<Object>();
        args.add(query.fileId());
        boolean openToSearch = documents.sealed()
                && (query.search() != null || query.metadataSearch() != null || query.judgedBy() != null);
        filter(query, where, args, !openToSearch);
        long offset = (long) (query.page() - 1) * query.size();
        List<String> rows;
        long total;
        if (openToSearch) {
            List<String> matching = opened(query, where, args);
            List<String> chosen = query.sample() == null ? matching : sample(query, matching);
            total = chosen.size();
            rows = offset >= total ? List.of() : chosen.subList((int) offset,
                    (int) Math.min(total, offset + query.size()));
        } else if (query.sample() == null && query.sort() != LogSort.CREATED) {
            // the logs with the value in its order, from the file's index on that column (V20), forwards
            // or backwards; then those without it (nulls last either way); only the page's documents
            // are read, once their memory is admitted (rowsInOrder)
            total = total(query, where, args);
            rows = query.size() == 0 ? List.of() : byColumn(query, where, args, offset);
        } else if (query.sample() == null) {
            total = total(query, where, args);
            String select = "select " + JdbcLogDocuments.COLUMNS + where;
            if (postgres() && total <= exactUpTo(query)) {
                // few matches: find them by whichever index suits the filter, then sort them; otherwise
                // the planner may walk the file's logs in page order looking for matches that all sit
                // at its end (a date window over the newest logs)
                select = "with matching as materialized (" + select + ") select * from matching";
            }
            // the page's ids first: its documents are read once their memory is admitted (rowsInOrder)
            String ids = postgres() && total <= exactTotalUpTo ? select.replace("select * from matching",
                    "select log_id from matching") : "select log_id" + where;
            rows = query.size() == 0 ? List.of() : jdbc.queryForList(ids + ListingOrder.of(query)
                    + " offset ? rows fetch next ? rows only", String.class, with(args, offset, query.size()).toArray());
        } else {
            List<String> sample = sample(query, sampleCandidates(query, where, args));
            total = sample.size();
            rows = offset >= total ? List.of() : sample.subList((int) offset,
                    (int) Math.min(total, offset + query.size()));
        }
        return new Page(rows, total);
    }

    /**
     * The ids of the page at {@code offset} in a column's order ({@link ListingOrder}): the matching
     * logs that have the value, then (past them) those without it. An index on ({@code file_id},
     * the column, {@code log_id}) serves the first part in either direction, where one query with
     * {@code nulls last} both ways could be served in one direction only.
     */
    private List<String> byColumn(ListLogs query, CharSequence where, List<Object> args, long offset) {
        String column = ListingOrder.column(query.sort());
        String direction = query.newestFirst() ? " desc" : "";
        List<String> ids = new ArrayList<>(jdbc.queryForList("select log_id" + where + " and " + column
                + " is not null order by " + column + direction + ", log_id" + direction
                + " offset ? rows fetch next ? rows only", String.class, with(args, offset, query.size()).toArray()));
        if (ids.size() == query.size()) {
            return ids;
        }
        // past the logs with the value: how many there are, then the rest of the page from those without
        Long valued = ids.isEmpty() ? jdbc.queryForObject("select count(*)" + where + " and " + column
                + " is not null", Long.class, args.toArray()) : offset + ids.size();
        long nullOffset = offset + ids.size() - (valued == null ? 0 : valued);
        // ordered by the column too (null throughout) so that the same index serves this part in its own order
        ids.addAll(jdbc.queryForList("select log_id" + where + " and " + column + " is null order by " + column
                + direction + ", log_id" + direction + " offset ? rows fetch next ? rows only", String.class,
                with(args, nullOffset, query.size() - ids.size()).toArray()));
        return ids;
    }

    /**
     * The ids, in list order, of the logs {@code where} selects whose opened documents match the
     * searches and whose current judgment by {@code judged_by} is {@code judgment} (read from that
     * evaluator's opened Evaluator Logs: sealed, a judgment is content and has no column).
     */
    private List<String> opened(ListLogs query, CharSequence where, List<Object> args) {
        String search = query.search() == null ? null : ListingColumns.normalize(query.search());
        String metadataSearch = query.metadataSearch() == null ? null : ListingColumns.normalize(query.metadataSearch());
        boolean open = search != null || metadataSearch != null;
        Set<String> judged = query.judgedBy() == null ? null : judgedSo(query.judgedBy(), query.judgment());
        List<String> matching = new ArrayList<>();
        if (judged != null && judged.isEmpty()) {
            return matching;
        }
        jdbc.query("select " + (open ? JdbcLogDocuments.COLUMNS : "log_id") + where + ListingOrder.of(query), rs -> {
            String logId = rs.getString(1);
            if (judged != null && !judged.contains(logId)) {
                return;
            }
            if (open) {
                var row = documents.row(rs, 0);
                if (row.body() == null) {
                    return; // its key is gone: nothing of it is found by text
                }
                var listing = ListingColumns.of((ObjectNode) mapper.readTree(row.body()), mapper);
                if ((search != null && !listing.searchText().contains(search))
                        || (metadataSearch != null && !listing.metadataText().contains(metadataSearch))) {
                    return;
                }
            }
            matching.add(logId);
        }, args.toArray());
        return matching;
    }

    /**
     * The logs whose current judgment by the evaluator {@code evaluatorFileId} (its newest Evaluator
     * Log for the log) is {@code judgment} (compact JSON, as the column keeps it), its Evaluator Logs
     * opened one by one, oldest first, so each log's newest judgment is the one kept.
     */
    private Set<String> judgedSo(String evaluatorFileId, String judgment) {
        Map<String, String> current = new HashMap<>();
        jdbc.query("select " + JdbcLogDocuments.COLUMNS + " from log_document where file_id = ?"
                + " and judged_log_id is not null order by logged_at, log_id", rs -> {
                    var row = documents.row(rs, 0);
                    current.put(row.judgedLogId(), row.body() == null ? null
                            : ListingColumns.of((ObjectNode) mapper.readTree(row.body()), mapper).judgment());
                }, evaluatorFileId);
        Set<String> so = new HashSet<>();
        current.forEach((log, value) -> {
            if (judgment.equals(value)) {
                so.add(log);
            }
        });
        return so;
    }

    /** {@code byContent}: the searches and the judgment in SQL (false: the caller opens the documents for them). */
    private static void filter(ListLogs query, StringBuilder where, List<Object> args, boolean byContent) {
        boolean byText = byContent;
        if (query.versionId() != null) {
            where.append(" and version_id = ?");
            args.add(query.versionId());
        }
        if (!query.ids().isEmpty()) {
            where.append(" and (").append(String.join(" or ",
                    Collections.nCopies(query.ids().size(), "log_id like ? escape '\\'"))).append(')');
            query.ids().forEach(id -> args.add(contains(id)));
        }
        if (byText && query.search() != null) {
            where.append(" and search_text like ? escape '\\'");
            args.add(contains(ListingColumns.normalize(query.search())));
        }
        if (byText && query.metadataSearch() != null) {
            where.append(" and metadata_text like ? escape '\\'");
            args.add(contains(ListingColumns.normalize(query.metadataSearch())));
        }
        if (query.startDate() != null) {
            where.append(" and created_at >= ?");
            args.add(JdbcLogDocuments.utc(query.startDate()));
        }
        if (query.endDate() != null) {
            where.append(" and created_at <= ?");
            args.add(JdbcLogDocuments.utc(query.endDate()));
        }
        if (query.inTrace() != null) {
            where.append(query.inTrace() ? " and trace_id is not null" : " and trace_id is null");
        }
        if (query.logStatus() != null) {
            where.append(" and log_status = ?");
            args.add(query.logStatus());
        }
        if (byContent && query.judgedBy() != null) {
            // the logs some Evaluator Log of that evaluator judged so, where no later one of it judged
            // them since: asked of each log in list order (the judged log's index, V20), so a page
            // stops after its logs instead of gathering every log the evaluator judged so first
            where.append(" and exists (select 1 from log_document j where j.judged_log_id = log_document.log_id"
                    + " and j.file_id = ? and j.judgment = ? and not exists (select 1 from log_document k"
                    + " where k.judged_log_id = j.judged_log_id and k.file_id = j.file_id"
                    + " and (k.logged_at > j.logged_at or (k.logged_at = j.logged_at and k.log_id > j.log_id))))");
            args.add(query.judgedBy());
            args.add(query.judgment());
        }
        if (query.hasError() != null) {
            // rows written before the outline columns (has_error null) count as without an error
            where.append(query.hasError() ? " and has_error = true" : " and (has_error = false or has_error is null)");
        }
    }

    /** A LIKE pattern matching {@code text} anywhere, its wildcards taken literally. */
    private static String contains(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * The matching log ids {@code sample} picks from: all of them, or — on PostgreSQL, past the
     * exact-count limit — those in a repeatable block sample of the table ({@code TABLESAMPLE
     * SYSTEM}) sized for about twenty times the sample, so a sample of a million logs reads a few
     * hundred pages instead of every id. The same request gives the same sample while the table's
     * pages stay as they are.
     */
    private List<String> sampleCandidates(ListLogs query, CharSequence where, List<Object> args) {
        String all = "select log_id" + where + " order by logged_at, log_id";
        if (!postgres()) {
            return jdbc.queryForList(all, String.class, args.toArray());
        }
        long matches = total(query, where, args);
        if (matches <= exactUpTo(query)) {
            return jdbc.queryForList(all, String.class, args.toArray());
        }
        double percent = Math.min(100.0, 100.0 * 20.0 * query.sample() / matches);
        String sampled = all.replaceFirst(" from log_document where ", String.format(java.util.Locale.ROOT,
                " from log_document tablesample system (%.6f) repeatable (%d) where ", percent, seed(query)));
        return jdbc.queryForList(sampled, String.class, args.toArray());
    }

    private static int seed(ListLogs query) {
        return Objects.hash(query.fileId(), query.versionId(), query.ids(), query.search(), query.metadataSearch(),
                query.startDate(), query.endDate(), query.inTrace(), query.sample());
    }

    private static List<Object> with(List<Object> args, Object... more) {
        var all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    /** {@code query.sample()} of {@code ids} (all if fewer), chosen by a seed of the filters, in their order. */
    private static List<String> sample(ListLogs query, List<String> ids) {
        if (ids.size() <= query.sample()) {
            return ids;
        }
        var random = new Random(seed(query));
        var chosen = new HashSet<Integer>();
        while (chosen.size() < query.sample()) {
            chosen.add(random.nextInt(ids.size()));
        }
        var kept = new ArrayList<String>(query.sample());
        for (int i = 0; i < ids.size(); i++) {
            if (chosen.contains(i)) {
                kept.add(ids.get(i));
            }
        }
        return kept;
    }

    /**
     * The rows of {@code ids}, in the order of {@code ids}, once the memory their answer takes is admitted
     * ({@link AnswerMemory}): a page holds up to 100 documents, each as large as a write may be.
     */
    private List<LogDocuments.Row> rowsInOrder(List<String> ids, ListLogs query) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var admission = memory.getIfAvailable();
        if (admission != null) {
            admission.take(storedBytes(ids, query.includeTraceChildren()));
        }
        var rows = new ArrayList<>(jdbc.query("select " + JdbcLogDocuments.COLUMNS + " from log_document where log_id in ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", documents::row, ids.toArray()));
        var position = new java.util.HashMap<String, Integer>();
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        rows.sort(java.util.Comparator.comparing(row -> position.get(row.logId())));
        return rows;
    }
}
