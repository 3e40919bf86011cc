package dev.tracevault.query.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.queries.FindLogDetail;
import dev.tracevault.queries.FindTrace;
import dev.tracevault.queries.FindTraceRows;
import dev.tracevault.query.files.DeploymentDocuments;
import dev.tracevault.query.files.FileDocuments;
import dev.tracevault.query.files.FileRenderer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The viewer's outline of a trace, read from the log documents the projection wrote (H2, the server's migrations). */
class TraceOutlineTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final TraceRef TRACE = new TraceRef("root", "fl_1");

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private JdbcTemplate jdbc;
    private LogDocumentProjection projection;
    private TraceOutline outline;

    @BeforeEach
    void setUp() {
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:outline" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource)
                .locations("filesystem:../server/src/main/resources/db/migration")
                .placeholders(Map.of("lob_type", "blob", "text_type", "clob", "pg_only", "--"))
                .load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        for (String[] file : List.of(new String[] {"fl_1", "flow", "flv_1", "app/Answer"},
                new String[] {"pr_1", "prompt", "prv_1", "app/prompts/Ask"})) {
            jdbc.update("insert into file_document (file_id, kind, path, name, latest_version_id, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?)", file[0], file[1], file[3], file[0], file[2],
                    T0.atOffset(ZoneOffset.UTC), T0.atOffset(ZoneOffset.UTC));
            jdbc.update("insert into file_version (version_id, file_id, kernel, created_at, last_used_at,"
                    + " version_logs_count) values (?, ?, ?, ?, ?, 0)", file[2], file[0],
                    file[1].equals("prompt") ? "{\"model\":\"m\"}" : "{}", T0.atOffset(ZoneOffset.UTC),
                    T0.atOffset(ZoneOffset.UTC));
        }
        var documents = new JdbcLogDocuments(jdbc);
        var files = new FileRenderer(new FileDocuments(jdbc), new DeploymentDocuments(jdbc), mapper);
        var reader = new LogReader(documents, files);
        projection = new LogDocumentProjection(documents, reader, mapper);
        outline = new TraceOutline(documents, documents, reader, files, null, mapper);
    }

    private static CommonLogFields fields(String parent, int start, Integer end) {
        return new CommonLogFields(T0.plusSeconds(start), end == null ? null : T0.plusSeconds(end), "out", null,
                parent == null ? null : "boom", null, null, null, null, Map.of("q", 1), null, null, null, parent, null,
                null, null);
    }

    private void flow(String id, String parent, int start) {
        projection.on(new FlowLogCreated(id, "fl_1", "flv_1", fields(parent, start, null), null, null, null, TRACE,
                false, "d", T0), 0);
    }

    private void prompt(String id, String parent, int start, int end) {
        projection.on(new PromptLogCreated(id, "pr_1", "prv_1", fields(parent, start, end), null, null,
                Map.of("prompt_tokens", 30, "output_tokens", 4, "prompt_cost", 0.25, "output_cost", 0.5), null, null,
                TRACE, false, "d", T0), 0);
    }

    private JsonNode json(String text) {
        return mapper.readTree(text);
    }

    private static List<String> ids(JsonNode rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.get("id").stringValue()));
        return ids;
    }

    @Test
    void theOutlineHasOneSmallRowPerLogInSiblingOrderWithoutTheirContent() {
        flow("root", null, 0);
        flow("nested", "root", 4);
        prompt("late", "root", 6, 7);
        prompt("early", "nested", 5, 6);
        prompt("first", "root", 1, 2);

        JsonNode trace = json(outline.handle(new FindTrace("early", null)).json());
        assertThat(trace.get("trace_id").stringValue()).isEqualTo("root");
        assertThat(trace.get("root_id").stringValue()).isEqualTo("root");
        assertThat(trace.get("log_id").stringValue()).isEqualTo("early");
        assertThat(ids(trace.get("rows"))).containsExactly("root", "first", "nested", "early", "late");
        JsonNode first = trace.get("rows").get(1);
        assertThat(first.get("parent").stringValue()).isEqualTo("root");
        assertThat(first.get("kind").stringValue()).isEqualTo("prompt");
        assertThat(first.get("path").stringValue()).isEqualTo("app/prompts/Ask");
        assertThat(first.get("tokens").asInt()).isEqualTo(34);
        assertThat(first.get("cost").decimalValue()).isEqualByComparingTo("0.75");
        assertThat(first.get("error").booleanValue()).isTrue();
        assertThat(first.get("erased").booleanValue()).isFalse();
        assertThat(first.get("start").stringValue()).isEqualTo(T0.plusSeconds(1).toString());
        assertThat(trace.get("rows").get(0).get("end").stringValue()).as("widened by its children")
                .isEqualTo(T0.plusSeconds(7).toString());
        assertThat(trace.toString()).as("no content").doesNotContain("\"out\"").doesNotContain("boom");
    }

    @Test
    void theOutlineIsReadFromItsColumnsWithoutTheDocuments() {
        flow("root", null, 0);
        prompt("first", "root", 1, 2);
        // a document the outline would choke on if it read it: the columns the projection wrote answer
        jdbc.update("update log_document set body = 'not json' where log_id = 'first'");
        JsonNode first = json(outline.handle(new FindTrace("root", null)).json()).get("rows").get(1);
        assertThat(first.get("id").stringValue()).isEqualTo("first");
        assertThat(first.get("tokens").asInt()).isEqualTo(34);
        assertThat(first.get("cost").decimalValue()).isEqualByComparingTo("0.75");
        assertThat(first.get("error").booleanValue()).isTrue();
        assertThat(first.get("end").stringValue()).isEqualTo(T0.plusSeconds(2).toString());
        assertThat(jdbc.queryForObject("select count(*) from log_document where has_error is null", Integer.class))
                .as("the projection writes the outline columns with every document").isZero();
    }

    @Test
    void aTombstonesMarkShowsInItsRowAndARowWrittenBeforeTheOutlineColumnsIsOutlinedFromItsDocument() {
        flow("root", null, 0);
        prompt("gone", "root", 1, 2);
        // an erased log as the API shows it: its shape, its content null, and the mark; written before
        // the outline columns existed (has_error null), so its document is read
        jdbc.update("update log_document set has_error = null, tokens = 99, body = ? where log_id = 'gone'",
                "{\"id\":\"gone\",\"log_status\":null,"
                + "\"start_time\":\"" + T0.plusSeconds(1) + "\",\"end_time\":\"" + T0.plusSeconds(2) + "\",\"output\":null,"
                + "\"error\":null,\"erased\":true}");
        JsonNode gone = json(outline.handle(new FindTrace("root", null)).json()).get("rows").get(1);
        assertThat(gone.get("id").stringValue()).isEqualTo("gone");
        assertThat(gone.get("erased").booleanValue()).isTrue();
        assertThat(gone.get("tokens").isNull()).isTrue();
    }

    @Test
    void aLogsDetailLeavesItsTraceChildrenToTheOutline() {
        flow("root", null, 0);
        prompt("child", "root", 1, 2);
        JsonNode root = json(outline.handle(new FindLogDetail("root", null, null)).json());
        assertThat(root.get("id").stringValue()).isEqualTo("root");
        assertThat(root.get("trace_children")).isEmpty();
        assertThat(root.get("flow").get("path").stringValue()).isEqualTo("app/Answer");
        assertThat(root.get("output").stringValue()).isEqualTo("out");
    }

    @Test
    void changedRowsComeWithTheirAncestorsAndLogsTheTraceNoLongerHoldsAreNamed() {
        flow("root", null, 0);
        flow("nested", "root", 1);
        prompt("leaf", "nested", 2, 3);
        JsonNode changed = json(outline.handle(new FindTraceRows("root", List.of("leaf", "erased-meanwhile"))).json());
        assertThat(ids(changed.get("rows"))).containsExactlyInAnyOrder("leaf", "nested", "root");
        assertThat(changed.get("removed").toString()).isEqualTo("[\"erased-meanwhile\"]");
    }
}
