package dev.tracevault.server.deadletters;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's view of the dead letters (docs/operations.md, "Dead letters and health"), with
 * an API key as {@code /v5/admin/replay}: {@code GET /v5/admin/dead-letters} lists them; {@code POST
 * /v5/admin/dead-letters/{id}/retry} handles that letter's trace again from its first letter on;
 * {@code POST /v5/admin/dead-letters/retry} does so for every parked trace; {@code DELETE
 * /v5/admin/dead-letters/{id}} evicts one letter (its processor never handles that event).
 */
@RestController
class DeadLetterController {

    private static final int LISTED = 1000;

    private final DeadLetterQueue queue;
    private final DeadLettering deadLettering;
    private final JsonMapper mapper;

    DeadLetterController(DeadLetterQueue queue, DeadLettering deadLettering, JsonMapper mapper) {
        this.queue = queue;
        this.deadLettering = deadLettering;
        this.mapper = mapper;
    }

    @GetMapping("/v5/admin/dead-letters")
    ResponseEntity<byte[]> list() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("processors", queue.counts().stream().map(count -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("processor", count.processor());
            item.put("dead_letters", count.letters());
            item.put("traces", count.sequences());
            return item;
        }).toList());
        body.put("dead_letters", queue.list(LISTED).stream().map(DeadLetterController::letter).toList());
        return json(body);
    }

    @PostMapping("/v5/admin/dead-letters/{id}/retry")
    ResponseEntity<byte[]> retry(@PathVariable("id") String id) {
        return json(retried(deadLettering.retry(id)));
    }

    @PostMapping("/v5/admin/dead-letters/retry")
    ResponseEntity<byte[]> retryAll() {
        List<Map<String, Object>> traces = deadLettering.retryAll().stream().map(DeadLetterController::retried).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("handled", traces.stream().mapToInt(t -> (int) t.get("handled")).sum());
        body.put("still_parked", traces.stream().mapToInt(t -> (int) t.get("still_parked")).sum());
        body.put("traces", traces);
        return json(body);
    }

    @DeleteMapping("/v5/admin/dead-letters/{id}")
    ResponseEntity<byte[]> evict(@PathVariable("id") String id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("evicted", letter(deadLettering.evict(id)));
        return json(body);
    }

    private static Map<String, Object> retried(DeadLettering.Retried retried) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("handled", retried.handled());
        body.put("still_parked", retried.waiting());
        body.put("failed", retried.failed() == null ? null : letter(retried.failed()));
        return body;
    }

    private static Map<String, Object> letter(DeadLetterQueue.Letter letter) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", letter.id());
        item.put("processor", letter.processor());
        item.put("trace_id", letter.sequence());
        item.put("global_index", letter.globalIndex());
        item.put("event_type", letter.eventType().substring(letter.eventType().lastIndexOf('.') + 1));
        item.put("aggregate_id", letter.aggregateId());
        item.put("waiting", letter.causeType() == null);
        item.put("cause", letter.causeType() == null ? null : letter.causeType() + ": " + letter.causeMessage());
        item.put("parked_at", text(letter.parkedAt()));
        item.put("last_tried_at", text(letter.lastTriedAt()));
        item.put("retries", letter.retries());
        return item;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private ResponseEntity<byte[]> json(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(mapper.writeValueAsBytes(body));
    }
}
