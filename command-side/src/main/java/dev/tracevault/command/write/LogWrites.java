package dev.tracevault.command.write;

import dev.tracevault.command.log.LogWritten;
import dev.tracevault.command.write.WriteTransaction;
import dev.tracevault.problems.NotFound;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** What the log write endpoints share: running an update and answering the updated log, answering JSON. */
@Component
public class LogWrites {

    private final CommandGateway commands;
    private final WriteTransaction writes;
    private final Answers answers;
    private final JsonMapper mapper;

    public LogWrites(CommandGateway commands, WriteTransaction writes, Answers answers, JsonMapper mapper) {
        this.commands = commands;
        this.writes = writes;
        this.answers = answers;
        this.mapper = mapper;
    }

    /** Sends an update command and answers the whole updated log, as its transaction wrote it. */
    public ResponseEntity<byte[]> update(String logId, String label, Object command) {
        String answer = writes.run(List.of(logId), () -> {
            try {
                return commands.<LogWritten>sendAndWait(command);
            } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
                throw new NotFound(label + " '" + logId + "' not found");
            }
        }, written -> answers.log(written.logId()));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(answer.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer that is JSON text already. */
    public ResponseEntity<byte[]> jsonText(String json) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON object answer; {@code null} values are left out. */
    public ResponseEntity<byte[]> json(Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (v != null) {
                body.put(k, v);
            }
        });
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(mapper.writeValueAsBytes(body));
    }
}
