package dev.tracevault.command.web;

import dev.tracevault.command.environment.EnvironmentChanges;
import dev.tracevault.command.validation.JsonBody;
import dev.tracevault.command.write.Answers;
import dev.tracevault.command.write.LogWrites;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workspace's environments (ours; the Humanloop SDK has no call for them):
 * {@code POST /v5/environments {"name"}} creates one (tagged {@code other}), {@code PATCH
 * /v5/environments/{id} {"name"}} renames one, {@code DELETE /v5/environments/{id}} removes one
 * that is not the default and holds no deployment. A name in use is a 409.
 */
@RestController
class EnvironmentController {

    private final EnvironmentChanges environments;
    private final Answers answers;
    private final LogWrites writes;
    private final JsonMapper mapper;

    EnvironmentController(EnvironmentChanges environments, Answers answers, LogWrites writes, JsonMapper mapper) {
        this.environments = environments;
        this.answers = answers;
        this.writes = writes;
        this.mapper = mapper;
    }

    @PostMapping("/v5/environments")
    ResponseEntity<byte[]> create(@RequestBody(required = false) byte[] bytes) {
        String name = name(bytes);
        return writes.jsonText(environments.create(name, answers::environment));
    }

    @PatchMapping("/v5/environments/{id}")
    ResponseEntity<byte[]> rename(@PathVariable("id") String environmentId,
                                  @RequestBody(required = false) byte[] bytes) {
        String name = name(bytes);
        return writes.jsonText(environments.rename(environmentId, name, answers::environment));
    }

    @DeleteMapping("/v5/environments/{id}")
    ResponseEntity<Void> remove(@PathVariable("id") String environmentId) {
        environments.remove(environmentId);
        return ResponseEntity.noContent().build();
    }

    private String name(byte[] bytes) {
        JsonBody body = JsonBody.parse(bytes, mapper);
        String name = body.string("name");
        body.check();
        EnvironmentChanges.checkName(name, List.of("body", "name"));
        return name;
    }
}
