package dev.tracevault.query.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.toollog.ToolLogCreated;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A log's answer: the stored document's fields in order, and the same bytes rendered whole or streamed. */
class LogShapeTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void toolLogDocumentHasTheCommonFieldsInTheApiOrder() {
        var fields = new CommonLogFields(T0, null, "out", null, null, null, null, null, null, Map.of("q", 1), null,
                null, null, "parent", null, null, null);
        var doc = LogShape.document(mapper, new ToolLogCreated("tl_1", "tl", "tlv", fields, "complete",
                new TraceRef("root", "fl_1"), true, "d", T0));

        assertThat(doc.propertyNames()).containsExactly("id", "log_id", "start_time", "end_time", "output",
                "created_at", "error", "provider_latency", "stdout", "provider_request", "provider_response",
                "inputs", "source", "metadata", "log_status", "source_datapoint_id", "trace_parent_id", "batches",
                "user", "environment", "save", "trace_id", "trace_flow_id");
        assertThat(doc.get("log_id").stringValue()).isEqualTo("tl_1");
        assertThat(doc.get("created_at").stringValue()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(doc.get("trace_flow_id").stringValue()).isEqualTo("fl_1");
    }

    @Test
    void aLogStreamedIsTheLogRenderedByteForByte() throws Exception {
        String child = LogShape.render("tool", "{\"id\":\"tl\"}", List.of(), List.of(), "{\"id\":\"c\"}");
        String judgment = "{\"id\":\"ev\"}";
        String rendered = LogShape.render("flow", "{\"id\":\"fl\"}", List.of(judgment, judgment), List.of(child, child),
                "{\"id\":\"r\",\"output\":null}");

        var streamed = new StringWriter();
        LogShape.writeHead(streamed, "flow", "{\"id\":\"fl\"}", List.of(judgment, judgment));
        streamed.write(child);
        streamed.write(',');
        streamed.write(child);
        LogShape.writeTail(streamed, "{\"id\":\"r\",\"output\":null}");

        assertThat(rendered).isEqualTo("{\"flow\":{\"id\":\"fl\"},\"evaluator_logs\":[{\"id\":\"ev\"},{\"id\":\"ev\"}],"
                + "\"trace_children\":[" + child + "," + child + "],\"id\":\"r\",\"output\":null}");
        assertThat(streamed.toString()).isEqualTo(rendered);
        assertThat(mapper.readTree(rendered).get("trace_children").get(0).get("tool").get("id").stringValue())
                .isEqualTo("tl");
    }

    @Test
    void aListedEvaluatorLogCarriesTheLogItJudgesFirst() {
        assertThat(LogShape.withParent("{\"id\":\"p\"}", "{\"evaluator\":{},\"id\":\"e\"}"))
                .isEqualTo("{\"parent\":{\"id\":\"p\"},\"evaluator\":{},\"id\":\"e\"}");
        assertThat(LogShape.withParent("null", "{\"id\":\"e\"}")).isEqualTo("{\"parent\":null,\"id\":\"e\"}");
    }
}
