package dev.tracevault.query.web;

import dev.tracevault.query.replay.ProjectionReplays;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v5/admin/replay[?projection=NAME]}: rebuild read models from the event store (202,
 * with the replay's status); {@code GET /v5/admin/replay}: how far it got. Any API key may.
 */
@RestController
class ReplayController {

    private final ProjectionReplays replays;
    private final JsonMapper mapper;

    ReplayController(ProjectionReplays replays, JsonMapper mapper) {
        this.replays = replays;
        this.mapper = mapper;
    }

    @PostMapping("/v5/admin/replay")
    ResponseEntity<byte[]> start(@RequestParam(name = "projection", required = false) String projection) {
        var status = replays.start(projection == null || projection.isEmpty() ? null : projection);
        return json(HttpStatus.ACCEPTED, status);
    }

    @GetMapping("/v5/admin/replay")
    ResponseEntity<byte[]> status() {
        return json(HttpStatus.OK, replays.status());
    }

    private ResponseEntity<byte[]> json(HttpStatus http, ProjectionReplays.Status status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", status.state());
        body.put("replayed", status.replayed());
        body.put("started_at", text(status.startedAt()));
        body.put("finished_at", text(status.finishedAt()));
        body.put("error", status.error());
        List<Map<String, Object>> projections = status.projections().stream().map(p -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", p.name());
            item.put("state", p.state());
            item.put("position", p.position());
            item.put("head", p.head());
            item.put("progress", p.progress());
            return item;
        }).toList();
        body.put("projections", projections);
        return ResponseEntity.status(http).contentType(MediaType.APPLICATION_JSON).body(mapper.writeValueAsBytes(body));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
