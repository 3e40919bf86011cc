package dev.tracevault.query.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.LogErased;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import dev.tracevault.queries.FindFileStats;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The analytics projection event by event, on in-memory H2 with the server's migrations: tokens
 * roll up the trace and leave it with an erased log in either order of the erasure's events,
 * judgments are replaced, withdrawn and reinstated, a completion ends a Flow Log at its latest
 * child, and a reset empties the view.
 */
class AnalyticsProjectionTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final TraceRef TRACE = new TraceRef("root", "fl_1");

    private JdbcTemplate jdbc;
    private AnalyticsStore store;
    private AnalyticsProjection projection;

    @BeforeEach
    void setUp() {
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:analytics" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("filesystem:../server/src/main/resources/db/migration")
                .placeholders(Map.of("lob_type", "blob", "text_type", "clob", "pg_only", "--")).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        store = new AnalyticsStore(jdbc);
        projection = new AnalyticsProjection(store, new StatsReport(store));
        projection.on(new FileCreated("fl_1", "flow", "a/Flow", "Flow", T0));
        projection.on(new FileCreated("pr_1", "prompt", "a/Prompt", "Prompt", T0));
        projection.on(new FileCreated("tl_1", "tool", "a/Tool", "Tool", T0));
        projection.on(new FileVersionCreated("ev_1", "evv_1", Map.of("return_type", "number"), "d", T0));
    }

    private static CommonLogFields fields(String parent, Integer start, Integer end) {
        return new CommonLogFields(start == null ? null : T0.plusSeconds(start), end == null ? null : T0.plusSeconds(end),
                null, null, null, null, null, null, null, Map.of(), null, null, null, parent, null, null, null);
    }

    private void flow(String id, String parent, int start) {
        projection.on(new FlowLogCreated(id, "fl_1", "flv_1", fields(parent, start, null), null, null, null, TRACE,
                false, "d", T0));
    }

    private void prompt(String id, String parent, int tokens, String cost) {
        projection.on(new PromptLogCreated(id, "pr_1", "prv_1", fields(parent, 1, 2), null, null,
                Map.of("prompt_tokens", tokens, "prompt_cost", new BigDecimal(cost)), null, null, TRACE, false, "d", T0));
    }

    private void tool(String id, String parent, int start, int end) {
        projection.on(new ToolLogCreated(id, "tl_1", "tv_1", fields(parent, start, end), null, TRACE, false, "d", T0));
    }

    private void erase(String id) {
        projection.on(new LogErased(id, "er_1", id, "test", T0));
    }

    private JsonNode totals(String fileId, String kind) {
        var query = new FindFileStats(fileId, kind, null, T0.minusSeconds(36000), T0.plusSeconds(36000), "hour");
        return AnalyticsStore.JSON.readTree(projection.handle(query).json()).get("totals");
    }

    /** root ← tool ← prompt(10) and root ← prompt(5): the tool's subtree is erased. */
    private void traceWithASubtree() {
        flow("root", null, 0);
        tool("tool", "root", 1, 3);
        prompt("deep", "tool", 10, "0.25");
        prompt("side", "root", 5, "0.5");
        assertThat(totals("fl_1", "flow").get("tokens").get("prompt").asInt()).isEqualTo(15);
        assertThat(totals("tl_1", "tool").get("tokens").get("prompt").asInt()).as("a Tool Log's subtree").isEqualTo(10);
        assertThat(totals("pr_1", "prompt").get("tokens").get("prompt").asInt()).as("own only").isEqualTo(15);
    }

    @Test
    void anErasedSubtreeLeavesItsAncestorsTokensParentFirst() {
        traceWithASubtree();
        erase("tool");
        erase("deep");
        assertThat(totals("fl_1", "flow").get("tokens").get("prompt").asInt()).isEqualTo(5);
        assertThat(totals("fl_1", "flow").get("cost").get("prompt").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(totals("tl_1", "tool").get("logs").asInt()).isZero();
        assertThat(totals("pr_1", "prompt").get("tokens").get("prompt").asInt()).isEqualTo(5);
    }

    @Test
    void anErasedSubtreeLeavesItsAncestorsTokensChildFirst() {
        traceWithASubtree();
        erase("deep");
        erase("tool");
        assertThat(totals("fl_1", "flow").get("tokens").get("prompt").asInt()).isEqualTo(5);
        assertThat(totals("fl_1", "flow").get("cost").get("prompt").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(totals("tl_1", "tool").get("logs").asInt()).isZero();
    }

    @Test
    void tokenChangesOfADescendantReachEveryAncestor() {
        traceWithASubtree();
        projection.on(new DetailsSet("deep", Map.of("prompt_tokens", 40)));
        assertThat(totals("fl_1", "flow").get("tokens").get("prompt").asInt()).isEqualTo(45);
        assertThat(totals("tl_1", "tool").get("tokens").get("prompt").asInt()).isEqualTo(40);
    }

    @Test
    void aCompletedFlowLogEndsAtItsLatestChildAndWidensFromIt() {
        flow("root", null, 0);
        tool("t", "root", 1, 9);
        projection.on(new LogCompleted("root", T0.plusSeconds(5)));
        JsonNode flow = totals("fl_1", "flow");
        assertThat(flow.get("status").get("complete").asInt()).isEqualTo(1);
        assertThat(flow.get("duration_ms").get("sum").asLong()).as("to the child's end, 9 s").isEqualTo(9000);
        projection.on(new DetailsSet("t", Map.of("start_time", T0.minusSeconds(2).toString())));
        assertThat(totals("fl_1", "flow").get("duration_ms").get("sum").asLong()).as("widened").isEqualTo(11000);
    }

    private void judge(String id, String parent, Object judgment, int second) {
        projection.on(new EvaluatorLogCreated(id, "ev_1", "evv_1", parent, fields(null, null, null), null, judgment,
                null, "complete", null, null, null, false, "d", T0.plusSeconds(second)));
    }

    @Test
    void theNewestJudgmentCountsAndNullWithdrawsIt() {
        flow("root", null, 0);
        judge("j1", "root", 3, 1);
        JsonNode evaluator = totals("fl_1", "flow").get("evaluators").get(0);
        assertThat(evaluator.get("return_type").stringValue()).isEqualTo("number");
        assertThat(evaluator.get("sum").decimalValue()).isEqualByComparingTo("3");
        judge("j2", "root", new BigDecimal("4.5"), 2);
        evaluator = totals("fl_1", "flow").get("evaluators").get(0);
        assertThat(evaluator.get("count").asInt()).isEqualTo(1);
        assertThat(evaluator.get("sum").decimalValue()).isEqualByComparingTo("4.5");
        judge("j3", "root", null, 3);
        assertThat(totals("fl_1", "flow").get("evaluators").size()).as("withdrawn").isZero();
        erase("j3");
        erase("j2");
        evaluator = totals("fl_1", "flow").get("evaluators").get(0);
        assertThat(evaluator.get("sum").decimalValue()).as("the first judgment is current again")
                .isEqualByComparingTo("3");
        erase("root");
        erase("j1");
        assertThat(totals("fl_1", "flow").get("logs").asInt()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from analytics_hour", Long.class)).as("no empty rows").isZero();
    }

    @Test
    void aResetEmptiesTheView() {
        traceWithASubtree();
        projection.reset();
        for (String table : new String[] {"analytics_hour", "analytics_log", "analytics_file",
                "analytics_evaluator_version"}) {
            assertThat(jdbc.queryForObject("select count(*) from " + table, Long.class)).as(table).isZero();
        }
    }
}
