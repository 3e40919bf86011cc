package dev.tracevault.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracevault.events.environment.EnvironmentCreated;
import dev.tracevault.events.environment.EnvironmentRenamed;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.MonitorTarget;
import dev.tracevault.events.file.MonitoringEvaluatorActivated;
import dev.tracevault.events.file.VersionDeployed;
import dev.tracevault.events.flowlog.FlowLogCreated;
import dev.tracevault.events.log.CommonLogFields;
import dev.tracevault.events.log.InputsSet;
import dev.tracevault.events.log.OutputSet;
import dev.tracevault.events.log.TraceRef;
import dev.tracevault.server.upcasting.MonitorTargetUpcaster;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.node.ObjectNode;

/**
 * The import reads only what an export of this server writes: its own event types and revisions,
 * payloads that read back as written, content the API would accept, and a trailer that matches.
 */
class ExportFileTest {

    private static final Instant T = Instant.parse("2025-01-01T10:00:00.123Z");
    private static final Serializer PLAIN = PlainSerializer.of(builder -> builder
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES));
    private static final MonitorTargetUpcaster UPCASTER = new MonitorTargetUpcaster();
    private static final ExportFile READER = new ExportFile(new ImportableEvents(List.of(UPCASTER)), PLAIN,
            new EventUpcasterChain(UPCASTER), 4000);

    @TempDir
    Path dir;

    @Test
    void theEventTypesAreTheProjectsOwnRecordsWithTheirRevisionsAndTheUpcastersOlderOnes() {
        var importable = new ImportableEvents(List.of(UPCASTER));
        assertThat(importable.events()).hasSize(37).allSatisfy((name, type) ->
                assertThat(name).startsWith("dev.tracevault.events."));
        assertThat(importable.problem(FlowLogCreated.class.getName(), "1")).isNull();
        assertThat(importable.problem(MonitoringEvaluatorActivated.class.getName(), "1")).isNull();
        assertThat(importable.problem(MonitoringEvaluatorActivated.class.getName(), "2")).isNull();
        assertThat(importable.problem(FlowLogCreated.class.getName(), "2")).contains("revision 2");
        assertThat(importable.problem("java.util.HashMap", null)).contains("not an event of this server");
        assertThat(importable.problem(MonitorTarget.class.getName(), null)).contains("not an event of this server");
        // the workspace's environments: any of its events may come first (the default one has none)
        assertThat(importable.problem(EnvironmentRenamed.class.getName(), "1")).isNull();
        assertThat(importable.aggregateProblem("Workspace", 0, EnvironmentRenamed.class)).isNull();
        assertThat(importable.aggregateProblem("Workspace", 3, EnvironmentCreated.class)).isNull();
        assertThat(importable.aggregateProblem("Workspace", 0, FlowLogCreated.class)).contains("Workspace");
        assertThat(importable.aggregateProblem("File", 4, VersionDeployed.class)).isNull();
        assertThat(importable.aggregateProblem("File", 5, EnvironmentCreated.class)).isNotNull();
        // a file's life is the File's; a Directory starts with its creation and has only its own events
        assertThat(importable.aggregateProblem("File", 6, dev.tracevault.events.file.FileMoved.class)).isNull();
        assertThat(importable.aggregateProblem("Directory", 0,
                dev.tracevault.events.directory.DirectoryCreated.class)).isNull();
        assertThat(importable.aggregateProblem("Directory", 0,
                dev.tracevault.events.directory.DirectoryDeleted.class)).contains("DirectoryCreated");
        assertThat(importable.aggregateProblem("Directory", 2,
                dev.tracevault.events.directory.DirectoryMoved.class)).isNull();
        assertThat(importable.aggregateProblem("Directory", 2, dev.tracevault.events.file.FileMoved.class))
                .contains("not an event of a Directory");
    }

    @Test
    void anExportReadsBackEventByEvent() throws Exception {
        List<ExportFile.Event> events = new ArrayList<>();
        var trailer = READER.read(file(withTrailer(lines(), Map.of())), events::add, read -> { });
        assertThat(events).extracting(ExportFile.Event::globalIndex).containsExactly(3L, 4L, 7L, 8L, 9L);
        assertThat(trailer.events()).isEqualTo(5);
        assertThat(events.get(2).message().getPayload()).isEqualTo(new InputsSet("log_1", Map.of("q", 1)));
        assertThat(events.get(2).message().getMetaData()).containsEntry("api_key_id", "configured");
    }

    @Test
    void anOlderRevisionIsReadThroughTheUpcaster() throws Exception {
        List<String> lines = lines();
        lines.set(4, edit(lines.get(4), line -> {
            line.put("payload_revision", "1");
            ObjectNode payload = (ObjectNode) line.get("payload");
            payload.set("evaluatorVersionId", payload.get("target").get("evaluatorVersionId"));
            payload.set("environment", payload.get("target").get("environment"));
            payload.remove("target");
        }));
        List<ExportFile.Event> events = new ArrayList<>();
        READER.read(file(withTrailer(lines, Map.of())), events::add, read -> { });
        assertThat(events.get(4).message().getPayload()).isEqualTo(new MonitoringEvaluatorActivated("fl_1", "ev_1",
                new MonitorTarget(null, "production"), T));
    }

    @Test
    void aTypeThatIsNotTheProjectsOwnIsRefusedNamingTheLine() {
        for (String type : List.of("java.util.HashMap", "com.sun.rowset.JdbcRowSetImpl",
                "org.springframework.context.support.ClassPathXmlApplicationContext", "dev.tracevault.events.Nope",
                MonitorTarget.class.getName())) {
            List<String> lines = lines();
            lines.set(1, edit(lines.get(1), line -> line.put("payload_type", type)));
            assertRefused(lines, "line 2: '" + type + "' is not an event of this server");
        }
        List<String> lines = lines();
        lines.set(1, edit(lines.get(1), line -> line.put("payload_revision", "7")));
        assertRefused(lines, "line 2: '" + FlowLogCreated.class.getName() + "' at revision 7 is not one");
    }

    @Test
    void aPayloadThatDoesNotReadBackAsWrittenIsRefused() {
        assertRefused(editPayload(2, p -> p.put("inputs", "not a dict")), "line 3: the payload is not a valid");
        assertRefused(editPayload(3, p -> p.put("output", 42)), "line 4: the payload does not read back as written");
        assertRefused(editPayload(3, p -> p.put("gadget", "x")), "'gadget' is not a field of the event");
        assertRefused(editPayload(3, p -> p.put("logId", "log_2")), "line 4: payload.logId: is not the aggregate_id");
    }

    @Test
    void contentIsCheckedAsTheApiChecksIt() {
        assertRefused(editPayload(2, p -> p.set("inputs", nested(ImportChecks.EVENT_NESTING + 201))),
                "line 3: payload.inputs: nested deeper than 202 levels");
        assertRefused(editPayload(3, p -> p.put("output", "x".repeat(5000))), "line 4: longer than");
        List<String> lines = lines();
        lines.set(2, edit(lines.get(2), line -> line.put("aggregate_id", "log\u0001")));
        assertRefused(lines, "line 3: aggregate_id: must not contain control characters");
        lines = lines();
        lines.set(2, edit(lines.get(2), line -> line.put("timestamp", "2025-01-01T10:00:00.123456Z")));
        assertRefused(lines, "line 3: timestamp");
        lines = lines();
        lines.set(2, edit(lines.get(2), line -> line.putObject("metadata").putObject("api_key_id")));
        assertRefused(lines, "line 3: metadata.api_key_id must be a string");
    }

    @Test
    void eventsMustFollowEachOtherAsAStoreKeepsThem() {
        List<String> lines = lines();
        lines.set(2, edit(lines.get(2), line -> line.put("sequence", 2)));
        assertRefused(lines, "line 3: aggregate 'log_1' has event 2 where 1 is next");
        lines = lines();
        lines.set(1, edit(lines.get(1), line -> line.put("sequence", 1)));
        assertRefused(lines, "line 2: FlowLogCreated can only be the first event of its FlowLog");
        lines = lines();
        lines.set(2, edit(lines.get(2), line -> line.put("global_index", 3)));
        assertRefused(lines, "line 3: global_index 3 does not follow 4");
        lines = lines();
        lines.set(4, edit(lines.get(4), line -> line.put("aggregate_type", "FlowLog")));
        assertRefused(lines, "line 5: MonitoringEvaluatorActivated is not an event of a FlowLog");
        lines = lines();
        lines.set(2, edit(lines.get(2), line -> line.put("aggregate_type", "PromptLog")));
        assertRefused(lines, "line 3: aggregate 'log_1' is a FlowLog, not a PromptLog");
    }

    @Test
    void anExportWithoutAMatchingTrailerIsRefused() throws Exception {
        List<String> events = lines();
        assertRefusedAsIs(events, "the file has no trailer after its 5 events");
        List<String> whole = withTrailer(events, Map.of());
        assertRefusedAsIs(whole.subList(0, 4), "the file has no trailer after its 4 events");
        String cut = String.join("\n", whole);
        Files.writeString(dir.resolve("cut.ndjson"), cut.substring(0, cut.length() - 10));
        assertThatThrownBy(() -> READER.read(dir.resolve("cut.ndjson"), e -> { }, r -> { }))
                .isInstanceOf(ImportRefused.class).hasMessageContaining("line 6: the file ends inside this line");

        List<String> counted = new ArrayList<>(whole);
        counted.set(5, counted.get(5).replace("\"events\":5", "\"events\":6"));
        assertRefusedAsIs(counted, "the trailer counts 6 events, the file has 5");
        List<String> changed = new ArrayList<>(whole);
        changed.set(3, changed.get(3).replace("the answer", "an answer"));
        assertRefusedAsIs(changed, "the file was changed or damaged");
        List<String> after = new ArrayList<>(whole);
        after.add(whole.get(3));
        assertRefusedAsIs(after, "line 7: there is a line after the trailer");
        assertRefusedAsIs(withTrailer(events, Map.of("file_id", "fl_1")), "the file is a partial export");
    }

    /** Refused once the lines get the trailer an export would give them. */
    private void assertRefused(List<String> eventLines, String message) {
        assertRefusedAsIs(withTrailer(eventLines, Map.of()), message);
    }

    private void assertRefusedAsIs(List<String> lines, String message) {
        assertThatThrownBy(() -> READER.read(file(lines), e -> { }, r -> { }))
                .isInstanceOf(ImportRefused.class).hasMessageContaining(message);
    }

    private List<String> editPayload(int index, java.util.function.Consumer<ObjectNode> change) {
        List<String> lines = lines();
        lines.set(index, edit(lines.get(index), line -> change.accept((ObjectNode) line.get("payload"))));
        return lines;
    }

    private static String edit(String line, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode node = (ObjectNode) PlainSerializer.JSON.readTree(line);
        change.accept(node);
        return PlainSerializer.JSON.writeValueAsString(node);
    }

    private static ObjectNode nested(int levels) {
        ObjectNode root = PlainSerializer.JSON.createObjectNode();
        ObjectNode node = root;
        for (int i = 1; i < levels; i++) {
            node = node.putObject("a");
        }
        return root;
    }

    /** Five events of a file and a Flow Log, as an export writes them (without the trailer). */
    private static List<String> lines() {
        try {
            var out = new ByteArrayOutputStream();
            var lines = new ExportLines(out, PLAIN);
            var fields = new CommonLogFields(null, null, null, T, null, null, null, null, null, Map.of("q", 0), null,
                    Map.of("n", new java.math.BigDecimal("1.10")), null, null, null, null, null);
            Map<String, String> key = Map.of("api_key_id", "configured", "api_key_name", "TRACEVAULT_API_KEY",
                    "actor", "api_key:configured");
            lines.event(3, event("File", "fl_1", 0, new FileCreated("fl_1", "flow", "a/Flow", "Flow", T), key));
            lines.event(4, event("FlowLog", "log_1", 0, new FlowLogCreated("log_1", "fl_1", "flv_1", fields, null,
                    null, null, new TraceRef("log_1", "fl_1"), true, "digest", T), key));
            lines.event(7, event("FlowLog", "log_1", 1, new InputsSet("log_1", Map.of("q", 1)), key));
            lines.event(8, event("FlowLog", "log_1", 2, new OutputSet("log_1", "the answer"), key));
            lines.event(9, event("File", "fl_1", 1, new MonitoringEvaluatorActivated("fl_1", "ev_1",
                    new MonitorTarget(null, "production"), T), key));
            return new ArrayList<>(out.toString(StandardCharsets.UTF_8).lines().toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static GenericDomainEventMessage<?> event(String type, String id, long sequence, Object payload,
                                                      Map<String, String> metadata) {
        return new GenericDomainEventMessage<>(type, id, sequence, payload, MetaData.from(metadata),
                "event-" + id + "-" + sequence, T);
    }

    /** The lines with the trailer an export would end them with. */
    private static List<String> withTrailer(List<String> lines, Map<String, String> filter) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            lines.forEach(line -> sha256.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            long last = PlainSerializer.JSON.readTree(lines.getLast()).get("global_index").longValue();
            var trailer = new ExportTrailer(lines.size(), last, HexFormat.of().formatHex(sha256.digest()), filter);
            List<String> whole = new ArrayList<>(lines);
            whole.add(PlainSerializer.JSON.writeValueAsString(trailer.line()));
            return whole;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path file(List<String> lines) throws java.io.IOException {
        Path file = Files.createTempFile(dir, "export-", ".ndjson");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

}
