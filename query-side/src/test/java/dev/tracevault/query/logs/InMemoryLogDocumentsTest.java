package dev.tracevault.query.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.evaluatorlog.EvaluatorLogCreated;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.DetailsSet;
import dev.tracevault.events.log.LogCompleted;
import dev.tracevault.events.log.OutputSet;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.events.promptlog.PromptLogCreated;
import dev.tracevault.events.toollog.ToolLogCreated;
import dev.tracevault.query.files.DeploymentDocuments;
import dev.tracevault.query.files.FileDocuments;
import dev.tracevault.query.files.FileRenderer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The in-memory log documents behave as the table does: the same events through the same
 * projection give the same API answers, from the database and from memory.
 */
class InMemoryLogDocumentsTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final TraceRef TRACE = new TraceRef("root", "fl_1");

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private final List<Object[]> events = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private FileRenderer files;
    private JdbcLogDocuments table;

    @BeforeEach
    void setUp() {
        var dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:memory" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource)
                .locations("filesystem:../server/src/main/resources/db/migration")
                .placeholders(Map.of("lob_type", "blob", "text_type", "clob", "pg_only", "--"))
                .load().migrate();
        var jdbc = new JdbcTemplate(dataSource);
        for (String[] file : List.of(new String[] {"fl_1", "flow", "flv_1"}, new String[] {"pr_1", "prompt", "prv_1"},
                new String[] {"tl_1", "tool", "tv_1"}, new String[] {"ev_1", "evaluator", "evv_1"})) {
            jdbc.update("insert into file_document (file_id, kind, path, name, latest_version_id, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?)", file[0], file[1], "p/" + file[0], file[0], file[2],
                    T0.atOffset(ZoneOffset.UTC), T0.atOffset(ZoneOffset.UTC));
            jdbc.update("insert into file_version (version_id, file_id, kernel, created_at, last_used_at,"
                    + " version_logs_count) values (?, ?, ?, ?, ?, 0)", file[2], file[0],
                    file[1].equals("prompt") ? "{\"model\":\"m\"}" : "{}", T0.atOffset(ZoneOffset.UTC),
                    T0.atOffset(ZoneOffset.UTC));
        }
        files = new FileRenderer(new FileDocuments(jdbc), new DeploymentDocuments(jdbc), mapper);
        table = new JdbcLogDocuments(jdbc);
    }

    private static CommonLogFields fields(String parent, Instant start, Instant end) {
        return new CommonLogFields(start, end, null, null, null, null, null, null, null, Map.of("q", 1), null, null,
                null, parent, null, null, null);
    }

    private void event(String logId, Object payload) {
        long sequence = sequences.merge(logId, 0L, (a, b) -> a + 1);
        events.add(new Object[] {logId, sequence, payload});
    }

    private LogReader apply(LogDocuments documents) throws Exception {
        var reader = new LogReader(documents, files);
        var handlers = new AnnotationEventHandlerAdapter(new LogDocumentProjection(documents, reader,
                mapper));
        for (Object[] e : events) {
            handlers.handle(new GenericDomainEventMessage<>("Log", (String) e[0], (Long) e[1], e[2]));
        }
        return reader;
    }

    @Test
    void theSameEventsReadTheSameFromMemoryAsFromTheTable() throws Exception {
        event("root", new FlowLogCreated("root", "fl_1", "flv_1", fields(null, T0, null), null, null, null, TRACE,
                false, "d", T0));
        event("nested", new FlowLogCreated("nested", "fl_1", "flv_1", fields("root", T0.plusSeconds(4), null), null,
                null, null, TRACE, true, "d", T0.plusSeconds(1)));
        // sub-microsecond times are kept by the documents, rounded by the columns
        event("deep", new PromptLogCreated("deep", "pr_1", "prv_1", fields("nested", T0.minusSeconds(5),
                T0.plusSeconds(20).plusNanos(1_700)), null, null, Map.of("prompt_tokens", 3), null, null, TRACE, false,
                "d", T0.plusSeconds(2)));
        event("tool", new ToolLogCreated("tool", "tl_1", "tv_1", fields("root", T0.plusSeconds(1), T0.plusSeconds(2)),
                null, TRACE, false, "d", T0.plusSeconds(3)));
        event("no-start", new ToolLogCreated("no-start", "tl_1", "tv_1", fields("root", null, null), null, TRACE,
                false, "d", T0.plusSeconds(3)));
        event("deep", new DetailsSet("deep", Map.of("end_time", T0.plusSeconds(40).toString())));
        event("nested", new OutputSet("nested", "done"));
        event("nested", new LogCompleted("nested", T0.plusSeconds(30)));
        event("judge", new EvaluatorLogCreated("judge", "ev_1", "evv_1", "deep", fields(null, null, null), null, true,
                null, "complete", null, "evaluation", 0L, false, "d", T0.plusSeconds(5)));
        event("standalone", new PromptLogCreated("standalone", "pr_1", "prv_1", fields(null, T0, T0), null, null,
                null, null, null, null, false, "d", T0.plusSeconds(6)));
        event("judge-2", new EvaluatorLogCreated("judge-2", "ev_1", "evv_1", "standalone", fields(null, null, null),
                null, "good", null, null, null, null, null, true, "d", T0.plusSeconds(7)));
        event("root", new LogCompleted("root", T0.plusSeconds(35)));

        var fromTable = apply(table);
        var fromMemory = apply(new InMemoryLogDocuments());
        for (String log : List.of("root", "nested", "deep", "tool", "no-start", "judge", "standalone", "judge-2")) {
            assertThat(fromMemory.read(log)).as(log).isEqualTo(fromTable.read(log));
        }
        assertThat(fromTable.read("root")).contains("\"end_time\":\"" + T0.plusSeconds(40) + "\"");
    }
}
