package dev.tracevault.yardstick;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Flow Logs as one JSON document per row ({@code flow_log}: id, document). A PATCH is one
 * transaction: {@code SELECT … FOR UPDATE} of the row, the change applied to the parsed document,
 * {@code UPDATE}, commit; the answer is the document it wrote.
 */
@Service
class FlowLogStore {

    /** The fields {@code PATCH /flows/logs/{id}} may change (the spec's UpdateFlowLogRequest). */
    private static final List<String> PATCHABLE = List.of("messages", "output_message", "inputs", "output", "error",
            "log_status");
    private static final Set<String> STATUSES = Set.of("complete", "incomplete");
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();

    FlowLogStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores a new log; answers {@code id}, {@code flow_id}, {@code version_id}, {@code log_status}. */
    String create(JsonNode request) {
        if (!request.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        String path = request.path("path").asString("");
        if (path.isBlank()) {
            throw new IllegalArgumentException("path is required");
        }
        String status = request.path("log_status").asString("complete");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("log_status must be complete or incomplete");
        }
        JsonNode flowRequest = request.path("flow");
        String flowId = "fl_" + stableId(path);
        String versionId = "flv_" + stableId(path + json.writeValueAsString(flowRequest.path("attributes")));
        String id = "log_" + randomId();
        String now = Instant.now().toString();

        ObjectNode document = json.createObjectNode();
        document.put("id", id);
        request.properties().forEach(field -> {
            if (!field.getKey().equals("flow") && !field.getKey().equals("id")) {
                document.set(field.getKey(), field.getValue());
            }
        });
        ObjectNode flow = document.putObject("flow");
        flow.put("id", flowId);
        flow.put("path", path);
        flow.put("name", path.substring(path.lastIndexOf('/') + 1));
        flow.put("type", "flow");
        flow.put("version_id", versionId);
        flow.set("attributes", flowRequest.path("attributes").isObject() ? flowRequest.get("attributes")
                : json.createObjectNode());
        flow.put("created_at", now);
        document.put("flow_id", flowId);
        document.put("version_id", versionId);
        document.put("log_status", status);
        document.put("trace_id", id);
        document.put("created_at", now);
        document.put("start_time", now);
        if (status.equals("complete")) {
            document.put("end_time", now);
        }
        document.putArray("evaluator_logs");
        jdbc.update("insert into flow_log (id, document) values (?, ?)", id, json.writeValueAsString(document));

        ObjectNode answer = json.createObjectNode();
        answer.put("id", id);
        answer.put("flow_id", flowId);
        answer.put("version_id", versionId);
        answer.put("log_status", status);
        return json.writeValueAsString(answer);
    }

    /** The updated document, or empty when there is no such log. */
    @Transactional
    Optional<String> update(String id, JsonNode patch) {
        if (!patch.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        List<String> rows = jdbc.queryForList("select document from flow_log where id = ? for update", String.class, id);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode document = (ObjectNode) json.readTree(rows.getFirst());
        String before = document.path("log_status").asString("complete");
        for (String field : PATCHABLE) {
            JsonNode value = patch.get(field);
            if (value != null && !value.isNull()) {
                document.set(field, value);
            }
        }
        String after = document.path("log_status").asString("");
        if (!STATUSES.contains(after)) {
            throw new IllegalArgumentException("log_status must be complete or incomplete");
        }
        if (before.equals("complete") && after.equals("incomplete")) {
            throw new IllegalArgumentException("a complete log cannot become incomplete again");
        }
        if (before.equals("incomplete") && after.equals("complete")) {
            if (!document.has("inputs") || !(document.has("output") || document.has("output_message")
                    || document.has("error"))) {
                throw new IllegalArgumentException("completing needs inputs and one of output, output_message, error");
            }
            document.put("end_time", Instant.now().toString());
        }
        String written = json.writeValueAsString(document);
        jdbc.update("update flow_log set document = ? where id = ?", written, id);
        return Optional.of(written);
    }

    Optional<String> find(String id) {
        return jdbc.queryForList("select document from flow_log where id = ?", String.class, id).stream().findFirst();
    }

    /** A JSON error body. */
    String detail(String message) {
        return json.writeValueAsString(json.createObjectNode().put("detail", message));
    }

    private String randomId() {
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }

    private static String stableId(String of) {
        return UUID.nameUUIDFromBytes(of.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "").substring(0, 24);
    }
}
