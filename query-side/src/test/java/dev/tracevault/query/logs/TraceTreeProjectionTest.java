package dev.tracevault.query.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.content.ContentField;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.ChatMessage;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
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

/**
 * The trace tree as the projection builds it: events go in, the API's JSON comes out. Runs on an
 * in-memory H2 database migrated with the server's own migrations.
 */
class TraceTreeProjectionTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final TraceRef TRACE = new TraceRef("root", "fl_1");

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private JdbcTemplate jdbc;
    private LogDocumentProjection projection;
    private LogReader reader;

    @BeforeEach
    void setUp() {
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:tree" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource)
                .locations("filesystem:../server/src/main/resources/db/migration")
                .placeholders(Map.of("lob_type", "blob", "text_type", "clob", "pg_only", "--"))
                .load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        for (String[] file : List.of(new String[] {"fl_1", "flow", "flv_1"}, new String[] {"pr_1", "prompt", "prv_1"},
                new String[] {"tl_1", "tool", "tv_1"})) {
            jdbc.update("insert into file_document (file_id, kind, path, name, latest_version_id, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?)", file[0], file[1], "p/" + file[0], file[0], file[2],
                    T0.atOffset(ZoneOffset.UTC), T0.atOffset(ZoneOffset.UTC));
            jdbc.update("insert into file_version (version_id, file_id, kernel, created_at, last_used_at,"
                    + " version_logs_count) values (?, ?, ?, ?, ?, 0)", file[2], file[0],
                    file[1].equals("prompt") ? "{\"model\":\"m\"}" : "{}", T0.atOffset(ZoneOffset.UTC),
                    T0.atOffset(ZoneOffset.UTC));
        }
        var documents = new JdbcLogDocuments(jdbc);
        var files = new FileRenderer(new FileDocuments(jdbc), new DeploymentDocuments(jdbc), mapper);
        reader = new LogReader(documents, files);
        projection = new LogDocumentProjection(documents, reader, mapper);
    }

    private static CommonLogFields fields(String parent, int start, Integer end) {
        return new CommonLogFields(T0.plusSeconds(start), end == null ? null : T0.plusSeconds(end), null, null, null,
                null, null, null, null, Map.of("q", 1), null, null, null, parent, null, null, null);
    }

    private void flow(String id, String parent, int start) {
        projection.on(new FlowLogCreated(id, "fl_1", "flv_1", fields(parent, start, null), null, null, null, TRACE,
                false, "d", T0), 0);
    }

    private void prompt(String id, String parent, int start, int end) {
        projection.on(new PromptLogCreated(id, "pr_1", "prv_1", fields(parent, start, end), null, null,
                Map.of("prompt_tokens", 3), null, null, TRACE, false, "d", T0), 0);
    }

    private void tool(String id, String parent, int start, int end) {
        projection.on(new ToolLogCreated(id, "tl_1", "tv_1", fields(parent, start, end), null, TRACE, false, "d", T0),
                0);
    }

    private JsonNode read(String id) {
        return mapper.readTree(reader.read(id));
    }

    private static List<String> ids(JsonNode children) {
        List<String> ids = new ArrayList<>();
        children.forEach(child -> ids.add(child.get("id").stringValue()));
        return ids;
    }

    @Test
    void childrenAreFullLogsOfTheirKindRecursivelyInStartOrder() {
        flow("root", null, 0);
        prompt("p", "root", 2, 3);
        tool("t", "root", 1, 2);
        flow("nested", "root", 4);
        prompt("deep", "nested", 5, 6);
        tool("deeper", "deep", 5, 6);

        JsonNode root = read("root");
        assertThat(ids(root.get("trace_children"))).containsExactly("t", "p", "nested");
        JsonNode nested = root.get("trace_children").get(2);
        assertThat(nested.has("flow")).isTrue();
        assertThat(ids(nested.get("trace_children"))).containsExactly("deep");
        JsonNode deep = nested.get("trace_children").get(0);
        assertThat(deep.get("prompt").get("model").stringValue()).isEqualTo("m");
        assertThat(deep.get("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(ids(deep.get("trace_children"))).containsExactly("deeper");
        assertThat(deep.get("trace_children").get(0).get("tool").get("type").stringValue()).isEqualTo("tool");
        assertThat(root.get("trace_children").get(0).get("trace_children").size()).isZero();
        for (JsonNode log : List.of(root, nested, deep)) {
            assertThat(log.get("trace_id").stringValue()).isEqualTo("root");
            assertThat(log.get("trace_flow_id").stringValue()).isEqualTo("fl_1");
            assertThat(log.get("evaluator_logs").isArray()).isTrue();
        }
        assertThat(deep.get("trace_parent_id").stringValue()).isEqualTo("nested");
        // reading a nested log shows its own subtree only
        assertThat(ids(read("nested").get("trace_children"))).containsExactly("deep");
    }

    /**
     * An erased log stays in its trace as its tombstone: every content field null, its shape (kind,
     * file, times, tokens, trace links) kept, marked erased; its listing columns lose their text.
     */
    @Test
    void anErasedLogStaysInItsTraceAsATombstone() {
        flow("root", null, 0);
        projection.on(new PromptLogCreated("p", "pr_1", "prv_1", new CommonLogFields(T0.plusSeconds(1),
                T0.plusSeconds(2), "secret output", null, "secret error", null, "secret stdout",
                Map.of("secret", "request"), null, Map.of("secret", "input"), "src", Map.of("secret", "meta"), null,
                "root", "secret user", "prod", null), List.of(new ChatMessage("user", "secret message", null, null,
                null)), null, Map.of("prompt_tokens", 3), null, "complete", TRACE, false, "d", T0), 0);
        assertThat(jdbc.queryForObject("select search_text from log_document where log_id = 'p'", String.class))
                .contains("secret");

        projection.on(new LogErased("p", "er_1", "p", "api_key:k", T0.plusSeconds(60)), 1);

        JsonNode tombstone = read("root").get("trace_children").get(0);
        assertThat(tombstone.get("id").stringValue()).isEqualTo("p");
        assertThat(tombstone.get("erased").booleanValue()).isTrue();
        assertThat(tombstone.get("erased_at").stringValue()).isEqualTo("2025-03-01T10:01:00Z");
        assertThat(tombstone.toString()).doesNotContain("secret");
        for (ContentField field : ContentField.values()) {
            if (tombstone.has(field.wire())) {
                assertThat(tombstone.get(field.wire()).isNull()).as(field.wire()).isTrue();
            }
        }
        assertThat(tombstone.has("judgment")).as("a Prompt Log keeps the keys of its kind only").isFalse();
        assertThat(tombstone.get("prompt").get("id").stringValue()).isEqualTo("pr_1");
        assertThat(tombstone.get("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(tombstone.get("log_status").stringValue()).isEqualTo("complete");
        assertThat(tombstone.get("start_time").stringValue()).isEqualTo("2025-03-01T10:00:01Z");
        assertThat(tombstone.get("source").stringValue()).isEqualTo("src");
        assertThat(read("root").has("erased")).as("live logs carry no marker").isFalse();
        assertThat(jdbc.queryForList("select search_text, metadata_text from log_document where log_id = 'p'"))
                .allSatisfy(row -> assertThat(row.values()).allMatch(v -> v == null || v.toString().isEmpty()));
    }

    @Test
    void siblingsWithoutStartComeLast() {
        flow("root", null, 0);
        projection.on(new ToolLogCreated("no-start", "tl_1", "tv_1", new CommonLogFields(null, null, null, null, null,
                null, null, null, null, null, null, null, null, "root", null, null, null), null, TRACE, false, "d", T0), 0);
        tool("early", "root", 1, 2);
        assertThat(ids(read("root").get("trace_children"))).containsExactly("early", "no-start");
    }

    @Test
    void ancestorsWidenToCoverDescendantsAndLaterChanges() {
        flow("root", null, 0);
        flow("nested", "root", 4);
        prompt("deep", "nested", -5, 20);
        JsonNode root = read("root");
        assertThat(root.get("start_time").stringValue()).isEqualTo(T0.minusSeconds(5).toString());
        assertThat(root.get("end_time").stringValue()).isEqualTo(T0.plusSeconds(20).toString());
        assertThat(read("nested").get("start_time").stringValue()).isEqualTo(T0.minusSeconds(5).toString());

        projection.on(new DetailsSet("deep", Map.of("end_time", T0.plusSeconds(40).toString())), 1);
        assertThat(read("root").get("end_time").stringValue()).isEqualTo(T0.plusSeconds(40).toString());
    }

    @Test
    void aCompletedFlowEndsAtCompletionOrItsLatestChild() {
        flow("root", null, 0);
        prompt("late", "root", 1, 100);
        projection.on(new LogCompleted("root", T0.plusSeconds(50)), 1);
        JsonNode root = read("root");
        assertThat(root.get("log_status").stringValue()).isEqualTo("complete");
        assertThat(root.get("end_time").stringValue()).isEqualTo(T0.plusSeconds(100).toString());
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        flow("root", null, 0);
        projection.on(new DetailsSet("root", Map.of("stdout", "first")), 1);
        projection.on(new DetailsSet("root", Map.of("stdout", "again")), 1);
        assertThat(read("root").get("stdout").stringValue()).isEqualTo("first");
    }
}
