package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Environments and deployments (issue 19, spec §3.12, §4.10): the workspace's environments,
 * setDeployment, removeDeployment and listEnvironments of each kind, the version a request's
 * {@code environment} (or none) means, and {@code environments} in file responses, now and as of
 * an earlier moment. Every refused request stores nothing.
 */
abstract class DeploymentApiContract extends ApiContractBase {

    private JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private Api.Response delete(String path) {
        return api.send("DELETE", path, null, Api.KEY);
    }

    private static String text(JsonNode node, String field) {
        return node.get(field).stringValue();
    }

    private String newEnvironment(String name) {
        return text(ok(api.post("/v5/environments", "{\"name\":" + quote(name) + "}")), "id");
    }

    private void refused(Api.Response response, int status, String... named) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        String detail = response.json().get("detail").toString();
        for (String name : named) {
            assertThat(detail).contains(name);
        }
    }

    private List<String> names(JsonNode environments) {
        List<String> names = new ArrayList<>();
        environments.forEach(e -> names.add(text(e, "name")));
        return names;
    }

    @Test
    void productionTaggedDefaultExistsFromTheStart() {
        var all = ok(api.get("/v5/environments")).get("records");
        var first = all.get(0);
        assertThat(text(first, "id")).isEqualTo("env_default");
        assertThat(text(first, "tag")).isEqualTo("default");
        assertThat(first.has("created_at")).isTrue();
        assertThat(ok(api.get("/v5/environments/env_default")).get("tag").stringValue()).isEqualTo("default");
    }

    @Test
    void environmentsAreCreatedRenamedAndRemovedAsEvents() {
        long events = allEvents();
        var created = ok(api.post("/v5/environments", "{\"name\":\"staging-" + run + "\"}"));
        String id = text(created, "id");
        assertThat(id).startsWith("env_");
        assertThat(text(created, "tag")).isEqualTo("other");
        assertThat(names(ok(api.get("/v5/environments")).get("records"))).contains("staging-" + run);
        var renamed = ok(api.patch("/v5/environments/" + id, "{\"name\":\"qa-" + run + "\"}"));
        assertThat(text(renamed, "name")).isEqualTo("qa-" + run);
        assertThat(text(renamed, "created_at")).isEqualTo(text(created, "created_at"));
        assertThat(delete("/v5/environments/" + id).status()).isEqualTo(204);
        assertThat(api.get("/v5/environments/" + id).status()).isEqualTo(404);
        assertThat(allEvents()).isEqualTo(events + 3);
        assertThat(jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier ="
                + " 'workspace' order by sequence_number desc fetch first 3 rows only", String.class))
                .containsExactly("dev.tracevault.events.environment.EnvironmentRemoved",
                        "dev.tracevault.events.environment.EnvironmentRenamed",
                        "dev.tracevault.events.environment.EnvironmentCreated");
    }

    @Test
    void badEnvironmentChangesAreRefusedAndStoreNothing() {
        String id = newEnvironment("dup-" + run);
        long events = allEvents();
        refused(api.post("/v5/environments", "{\"name\":\"dup-" + run + "\"}"), 409, "dup-" + run);
        refused(api.post("/v5/environments", "{\"name\":\"production\"}"), 409, "production");
        refused(api.patch("/v5/environments/" + id, "{\"name\":\"production\"}"), 409, "production");
        refused(api.post("/v5/environments", "{}"), 422, "name");
        refused(api.post("/v5/environments", "{\"name\":\"  \"}"), 422, "name");
        refused(api.post("/v5/environments", "{\"name\":5}"), 422, "name");
        refused(api.post("/v5/environments", "{\"name\":\"" + "x".repeat(129) + "\"}"), 422, "name");
        refused(api.post("/v5/environments", "["), 422);
        refused(api.patch("/v5/environments/env_nope" + run, "{\"name\":\"n" + run + "\"}"), 404, "env_nope" + run);
        refused(delete("/v5/environments/env_nope" + run), 404, "env_nope" + run);
        refused(delete("/v5/environments/env_default"), 409, "env_default");
        // one that holds a deployment stays until the deployment is removed
        var flow = ok(api.post("/v5/flows", "{\"path\":\"d/" + run + "/Held\",\"attributes\":{\"v\":1}}"));
        ok(api.post("/v5/flows/" + text(flow, "id") + "/environments/" + id + "?version_id="
                + text(flow, "version_id"), null));
        events = allEvents();
        refused(delete("/v5/environments/" + id), 409, id);
        assertThat(allEvents()).isEqualTo(events);
        assertThat(delete("/v5/flows/" + text(flow, "id") + "/environments/" + id).status()).isEqualTo(204);
        assertThat(delete("/v5/environments/" + id).status()).isEqualTo(204);
    }

    @Test
    void aRequestMeansTheVersionDeployedToItsEnvironmentElseTheDefaultOneElseTheNewest() {
        String path = "d/" + run + "/Flow";
        var v1 = ok(api.post("/v5/flows", "{\"path\":\"" + path + "\",\"attributes\":{\"v\":1}}"));
        var v2 = ok(api.post("/v5/flows", "{\"path\":\"" + path + "\",\"attributes\":{\"v\":2}}"));
        String flowId = text(v1, "id");
        String v1Id = text(v1, "version_id");
        String v2Id = text(v2, "version_id");
        // nothing deployed: the newest version, and no environments
        assertThat(text(ok(api.get("/v5/flows/" + flowId)), "version_id")).isEqualTo(v2Id);
        assertThat(ok(api.get("/v5/flows/" + flowId)).get("environments")).isEmpty();
        refused(api.get("/v5/flows/" + flowId + "?environment=production"), 404, flowId, "production");
        refused(api.post("/v5/flows/log?environment=production", "{\"id\":\"" + flowId + "\",\"inputs\":{},"
                + "\"output\":\"o\"}"), 404, flowId, "production");

        // v1 to the default environment: the default version, wherever none is named
        var deployed = ok(api.post("/v5/flows/" + flowId + "/environments/env_default?version_id=" + v1Id, null));
        assertThat(text(deployed, "version_id")).isEqualTo(v1Id);
        assertThat(names(deployed.get("environments"))).containsExactly("production");
        assertThat(text(ok(api.get("/v5/flows/" + flowId)), "version_id")).isEqualTo(v1Id);
        assertThat(text(ok(api.get("/v5/flows/" + flowId + "?environment=production")), "version_id"))
                .isEqualTo(v1Id);
        var logged = ok(api.post("/v5/flows/log", "{\"id\":\"" + flowId + "\",\"inputs\":{},\"output\":\"o\"}"));
        assertThat(text(logged, "version_id")).isEqualTo(v1Id);
        var byPath = ok(api.post("/v5/files/retrieve-by-path", "{\"path\":\"" + path + "\"}"));
        assertThat(text(byPath, "version_id")).isEqualTo(v1Id);

        // v2 to staging: named, it wins; the version_id query wins over it
        String staging = newEnvironment("staging-" + run);
        ok(api.post("/v5/flows/" + flowId + "/environments/" + staging + "?version_id=" + v2Id, null));
        var staged = ok(api.post("/v5/flows/log?environment=staging-" + run, "{\"path\":\"" + path + "\","
                + "\"inputs\":{},\"output\":\"o\"}"));
        assertThat(text(staged, "version_id")).isEqualTo(v2Id);
        var stagedLog = ok(api.get("/v5/logs/" + Api.segment(text(staged, "id"))));
        assertThat(names(stagedLog.get("flow").get("environments"))).containsExactly("staging-" + run);
        assertThat(text(ok(api.post("/v5/flows/log?environment=staging-" + run + "&version_id=" + v1Id,
                "{\"path\":\"" + path + "\",\"inputs\":{},\"output\":\"o\"}")), "version_id")).isEqualTo(v1Id);
        assertThat(text(ok(api.post("/v5/files/retrieve-by-path?environment=staging-" + run,
                "{\"path\":\"" + path + "\"}")), "version_id")).isEqualTo(v2Id);
        // a kernel without an environment is that kernel's version
        assertThat(text(ok(api.post("/v5/flows/log", "{\"path\":\"" + path + "\",\"flow\":{\"attributes\":"
                + "{\"v\":2}},\"inputs\":{},\"output\":\"o\"}")), "version_id")).isEqualTo(v2Id);

        // an environment without this file, or none of that name: 404 naming both
        String empty = newEnvironment("empty-" + run);
        long events = allEvents();
        refused(api.get("/v5/flows/" + flowId + "?environment=empty-" + run), 404, flowId, "empty-" + run);
        refused(api.post("/v5/flows/log?environment=empty-" + run, "{\"path\":\"" + path + "\",\"inputs\":{},"
                + "\"output\":\"o\"}"), 404, flowId, "empty-" + run);
        refused(api.post("/v5/flows/log?environment=nowhere-" + run, "{\"path\":\"" + path + "\",\"inputs\":{},"
                + "\"output\":\"o\"}"), 404, flowId, "nowhere-" + run);
        refused(api.post("/v5/files/retrieve-by-path?environment=nowhere-" + run, "{\"path\":\"" + path + "\"}"),
                404, flowId, "nowhere-" + run);
        refused(api.post("/v5/flows/log?environment=staging-" + run, "{\"path\":\"d/" + run + "/New\","
                + "\"flow\":{\"attributes\":{}},\"inputs\":{},\"output\":\"o\"}"), 404, "d/" + run + "/New",
                "staging-" + run);
        assertThat(allEvents()).isEqualTo(events);

        // listEnvironments: each environment with the file deployed there, or null
        var listed = ok(api.get("/v5/flows/" + flowId + "/environments"));
        assertThat(listed.isArray()).isTrue();
        for (JsonNode environment : listed) {
            String id = text(environment, "id");
            JsonNode file = environment.get("file");
            if (id.equals("env_default")) {
                assertThat(text(file, "version_id")).isEqualTo(v1Id);
                assertThat(text(file, "type")).isEqualTo("flow");
            } else if (id.equals(staging)) {
                assertThat(text(file, "version_id")).isEqualTo(v2Id);
            } else {
                assertThat(file.isNull()).as(id).isTrue();
            }
            assertThat(environment.has("created_at") && environment.has("name") && environment.has("tag")).isTrue();
        }
        assertThat(names(listed)).contains("production", "staging-" + run, "empty-" + run);
        assertThat(empty).isNotNull();

        // removing the default deployment: back to the newest version
        assertThat(delete("/v5/flows/" + flowId + "/environments/env_default").status()).isEqualTo(204);
        assertThat(text(ok(api.get("/v5/flows/" + flowId)), "version_id")).isEqualTo(v2Id);
        refused(delete("/v5/flows/" + flowId + "/environments/env_default"), 404, flowId, "env_default");
    }

    @Test
    void deploymentsOfEveryKindAndTheirErrors() {
        var prompt = ok(api.post("/v5/prompts", "{\"path\":\"d/" + run + "/P\",\"model\":\"m\"}"));
        var tool = ok(api.post("/v5/tools", "{\"path\":\"d/" + run + "/T\"}"));
        var evaluator = ok(api.post("/v5/evaluators", "{\"path\":\"d/" + run + "/E\",\"spec\":{\"arguments_type\":"
                + "\"target_free\",\"return_type\":\"text\",\"evaluator_type\":\"human\"}}"));
        var flow = ok(api.post("/v5/flows", "{\"path\":\"d/" + run + "/F\",\"attributes\":{}}"));
        String env = newEnvironment("kinds-" + run);
        for (var entry : List.of(List.of("prompts", prompt), List.of("tools", tool), List.of("evaluators", evaluator),
                List.of("flows", flow))) {
            String files = (String) entry.get(0);
            JsonNode file = (JsonNode) entry.get(1);
            String at = "/v5/" + files + "/" + text(file, "id") + "/environments/" + env;
            var answer = ok(api.post(at + "?version_id=" + text(file, "version_id"), null));
            assertThat(names(answer.get("environments"))).as(files).containsExactly("kinds-" + run);
            assertThat(text(ok(api.get("/v5/" + files + "/" + text(file, "id") + "?environment=kinds-" + run)),
                    "version_id")).isEqualTo(text(file, "version_id"));
            assertThat(delete(at).status()).isEqualTo(204);
        }
        // evaluators.log resolves its evaluator's version by environment too
        var v2 = ok(api.post("/v5/evaluators", "{\"path\":\"d/" + run + "/E\",\"spec\":{\"arguments_type\":"
                + "\"target_free\",\"return_type\":\"text\",\"evaluator_type\":\"external\"}}"));
        assertThat(text(v2, "version_id")).isNotEqualTo(text(evaluator, "version_id"));
        ok(api.post("/v5/evaluators/" + text(evaluator, "id") + "/environments/" + env + "?version_id="
                + text(evaluator, "version_id"), null));
        var parent = ok(api.post("/v5/flows/log", "{\"path\":\"d/" + run + "/F\",\"inputs\":{},\"output\":\"o\"}"));
        var judgment = ok(api.post("/v5/evaluators/log?environment=kinds-" + run, "{\"parent_id\":"
                + quote(text(parent, "id")) + ",\"path\":\"d/" + run + "/E\",\"judgment\":\"fine\"}"));
        assertThat(text(judgment, "version_id")).isEqualTo(text(evaluator, "version_id"));
        assertThat(text(ok(api.post("/v5/evaluators/log", "{\"parent_id\":" + quote(text(parent, "id"))
                + ",\"path\":\"d/" + run + "/E\",\"judgment\":\"fine\"}")), "version_id"))
                .as("nothing deployed to the default environment: the newest").isEqualTo(text(v2, "version_id"));

        String flowId = text(flow, "id");
        String versionId = text(flow, "version_id");
        long events = allEvents();
        refused(api.post("/v5/flows/fl_nope" + run + "/environments/" + env + "?version_id=" + versionId, null), 404,
                "fl_nope" + run);
        refused(api.post("/v5/prompts/" + flowId + "/environments/" + env + "?version_id=" + versionId, null), 404,
                flowId);
        refused(api.post("/v5/flows/" + flowId + "/environments/env_nope" + run + "?version_id=" + versionId, null),
                404, "env_nope" + run);
        refused(api.post("/v5/flows/" + flowId + "/environments/" + env + "?version_id="
                + text(prompt, "version_id"), null), 404, text(prompt, "version_id"));
        refused(api.post("/v5/flows/" + flowId + "/environments/" + env, null), 422, "version_id");
        refused(delete("/v5/flows/" + flowId + "/environments/" + env), 404, flowId, env);
        refused(delete("/v5/flows/fl_nope" + run + "/environments/" + env), 404, "fl_nope" + run);
        refused(delete("/v5/flows/" + flowId + "/environments/env_nope" + run), 404, "env_nope" + run);
        refused(api.get("/v5/flows/fl_nope" + run + "/environments"), 404, "fl_nope" + run);
        refused(api.get("/v5/prompts/" + flowId + "/environments"), 404, flowId);
        assertThat(allEvents()).isEqualTo(events);
        // deploying what is deployed already records nothing
        ok(api.post("/v5/flows/" + flowId + "/environments/" + env + "?version_id=" + versionId, null));
        events = allEvents();
        ok(api.post("/v5/flows/" + flowId + "/environments/" + env + "?version_id=" + versionId, null));
        assertThat(allEvents()).isEqualTo(events);
    }

    @Test
    void aLogAsOfAnEarlierMomentShowsWhereItsVersionWasDeployedThen() throws InterruptedException {
        String path = "d/" + run + "/Past";
        var v1 = ok(api.post("/v5/flows", "{\"path\":\"" + path + "\",\"attributes\":{\"v\":1}}"));
        var v2 = ok(api.post("/v5/flows", "{\"path\":\"" + path + "\",\"attributes\":{\"v\":2}}"));
        String flowId = text(v1, "id");
        String env = newEnvironment("past-" + run);
        ok(api.post("/v5/flows/" + flowId + "/environments/" + env + "?version_id=" + text(v1, "version_id"), null));
        var log = ok(api.post("/v5/flows/log?environment=past-" + run, "{\"path\":\"" + path + "\",\"inputs\":{},"
                + "\"output\":\"o\"}"));
        assertThat(text(log, "version_id")).isEqualTo(text(v1, "version_id"));
        Thread.sleep(20);
        Instant then = Instant.now();
        Thread.sleep(20);
        ok(api.post("/v5/flows/" + flowId + "/environments/" + env + "?version_id=" + text(v2, "version_id"), null));
        ok(api.patch("/v5/environments/" + env, "{\"name\":\"later-" + run + "\"}"));
        String logId = text(log, "id");
        var now = ok(api.get("/v5/logs/" + logId));
        assertThat(now.get("flow").get("environments")).isEmpty();
        var past = ok(api.get("/v5/logs/" + logId + "?as_of=" + then));
        assertThat(names(past.get("flow").get("environments"))).containsExactly("past-" + run);
    }

    @Test
    void aMonitorFollowingAnEnvironmentShowsIt() {
        var evaluator = ok(api.post("/v5/evaluators", "{\"path\":\"d/" + run + "/Judge\",\"spec\":{\"arguments_type\":"
                + "\"target_free\",\"return_type\":\"text\",\"evaluator_type\":\"human\"}}"));
        var flow = ok(api.post("/v5/flows", "{\"path\":\"d/" + run + "/Watched\",\"attributes\":{}}"));
        String env = newEnvironment("watch-" + run);
        String evaluatorId = text(evaluator, "id");
        long events = allEvents();
        refused(api.post("/v5/flows/" + text(flow, "id") + "/evaluators", "{\"activate\":[{\"evaluator_id\":"
                + quote(evaluatorId) + ",\"environment_id\":\"env_nope\"}]}"), 422, "environment_id", "env_nope");
        assertThat(allEvents()).isEqualTo(events);
        ok(api.post("/v5/evaluators/" + evaluatorId + "/environments/" + env + "?version_id="
                + text(evaluator, "version_id"), null));
        // by name or id: kept as the id
        var monitored = ok(api.post("/v5/flows/" + text(flow, "id") + "/evaluators", "{\"activate\":[{"
                + "\"evaluator_id\":" + quote(evaluatorId) + ",\"environment_id\":\"watch-" + run + "\"}]}"));
        var reference = monitored.get("evaluators").get(0).get("version_reference");
        assertThat(text(reference, "type")).isEqualTo("environment");
        assertThat(text(reference.get("environment"), "id")).isEqualTo(env);
        assertThat(text(reference.get("environment"), "name")).isEqualTo("watch-" + run);
        assertThat(text(reference.get("file"), "version_id")).isEqualTo(text(evaluator, "version_id"));
    }
}
