package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The file endpoints (spec §3.11–§3.17): upserts of Flows, Prompts, Tools and Evaluators, the
 * versions of a file, and a file by its path.
 */
abstract class FileApiContract extends ApiContractBase {

    private Api.Response upsert(String files, String body) {
        return api.post("/v5/" + files, body);
    }

    private JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void upsertingAnUnknownPathCreatesTheFlowAndAnswersItAsGetDoes() {
        var flow = ok(upsert("flows", "{\"path\":\"f/" + run + "/Flow\",\"attributes\":{\"v\":1},"
                + "\"version_name\":\"v1\",\"version_description\":\"first\"}"));
        assertThat(flow.get("type").stringValue()).isEqualTo("flow");
        assertThat(flow.get("name").stringValue()).isEqualTo("Flow");
        assertThat(flow.get("attributes").get("v").asInt()).isEqualTo(1);
        assertThat(flow.get("version_name").stringValue()).isEqualTo("v1");
        assertThat(flow.get("version_description").stringValue()).isEqualTo("first");
        assertThat(flow.get("version_logs_count").asInt()).isZero();
        var got = api.get("/v5/flows/" + flow.get("id").stringValue());
        assertThat(got.json()).isEqualTo(flow);
    }

    @Test
    void theSameAttributesAreTheSameVersionAndNewOnesANewVersion() {
        String path = "f/" + run + "/Versions";
        var first = ok(upsert("flows", "{\"path\":\"" + path + "\",\"attributes\":{\"a\":1,\"b\":2}}"));
        long events = allEvents();
        var again = ok(upsert("flows", "{\"path\":\"" + path + "\",\"attributes\":{\"b\":2,\"a\":1}}"));
        assertThat(again.get("version_id")).isEqualTo(first.get("version_id"));
        assertThat(allEvents()).isEqualTo(events);
        var byId = ok(upsert("flows", "{\"id\":\"" + first.get("id").stringValue() + "\",\"attributes\":{\"a\":2}}"));
        assertThat(byId.get("id")).isEqualTo(first.get("id"));
        assertThat(byId.get("version_id")).isNotEqualTo(first.get("version_id"));
        // a log with the same attributes uses the upserted version
        var log = api.post("/v5/flows/log", "{\"path\":\"" + path + "\",\"flow\":{\"attributes\":{\"a\":2}},"
                + "\"inputs\":{},\"output\":\"o\"}");
        assertThat(log.json().get("version_id")).isEqualTo(byId.get("version_id"));
    }

    @Test
    void aVersionNameUsedByAnotherVersionOfTheFileIsAConflictAndStoresNothing() {
        String path = "f/" + run + "/Named";
        ok(upsert("flows", "{\"path\":\"" + path + "\",\"attributes\":{\"v\":1},\"version_name\":\"v1\"}"));
        long events = allEvents();
        var clash = upsert("flows", "{\"path\":\"" + path + "\",\"attributes\":{\"v\":2},\"version_name\":\"v1\"}");
        assertThat(clash.status()).as(clash.body()).isEqualTo(409);
        assertThat(clash.json().get("detail").stringValue()).contains("v1");
        assertThat(allEvents()).isEqualTo(events);
        // the same name for the same attributes is that version; another file may use the name too
        ok(upsert("flows", "{\"path\":\"" + path + "\",\"attributes\":{\"v\":1},\"version_name\":\"v1\"}"));
        ok(upsert("flows", "{\"path\":\"" + path + "/Other\",\"attributes\":{\"v\":2},\"version_name\":\"v1\"}"));
    }

    @Test
    void promptsAreVersionedByTheirKernelAndALogOfTheSameKernelUsesTheVersion() {
        String path = "p/" + run + "/Prompt";
        var prompt = ok(upsert("prompts", "{\"path\":\"" + path + "\",\"model\":\"gpt-4o\",\"template\":\"Hi {{name}}\","
                + "\"temperature\":0.2,\"version_name\":\"v1\",\"description\":\"greets\",\"tags\":[\"a\",\"b\"],"
                + "\"readme\":\"# Greeter\"}"));
        assertThat(prompt.get("type").stringValue()).isEqualTo("prompt");
        assertThat(prompt.get("model").stringValue()).isEqualTo("gpt-4o");
        assertThat(prompt.get("template").stringValue()).isEqualTo("Hi {{name}}");
        assertThat(prompt.get("inputs").get(0).get("name").stringValue()).isEqualTo("name");
        assertThat(prompt.get("description").stringValue()).isEqualTo("greets");
        assertThat(prompt.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(prompt.get("readme").stringValue()).isEqualTo("# Greeter");
        assertThat(prompt.has("version_name") && prompt.get("version_name").stringValue().equals("v1")).isTrue();
        var log = api.post("/v5/prompts/log", "{\"path\":\"" + path + "\",\"prompt\":{\"model\":\"gpt-4o\","
                + "\"template\":\"Hi {{name}}\",\"temperature\":0.2},\"output\":\"hello\"}");
        assertThat(log.status()).as(log.body()).isEqualTo(200);
        assertThat(log.json().get("version_id")).isEqualTo(prompt.get("version_id"));
        var second = ok(upsert("prompts", "{\"path\":\"" + path + "\",\"model\":\"gpt-4o-mini\"}"));
        assertThat(second.get("version_id")).isNotEqualTo(prompt.get("version_id"));
        assertThat(upsert("prompts", "{\"path\":\"" + path + "\",\"model\":\"other\",\"version_name\":\"v1\"}")
                .status()).isEqualTo(409);
    }

    @Test
    void toolsAreVersionedByTheirKernel() {
        String path = "t/" + run + "/Tool";
        String body = "{\"path\":\"" + path + "\",\"function\":{\"name\":\"calc\",\"description\":\"calculator\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"x\":{}}}},\"source_code\":\"def calc(): pass\"}";
        var tool = ok(upsert("tools", body));
        assertThat(tool.get("type").stringValue()).isEqualTo("tool");
        assertThat(tool.get("function").get("name").stringValue()).isEqualTo("calc");
        assertThat(tool.get("source_code").stringValue()).isEqualTo("def calc(): pass");
        assertThat(tool.get("inputs").get(0).get("name").stringValue()).isEqualTo("x");
        assertThat(ok(upsert("tools", body)).get("version_id")).isEqualTo(tool.get("version_id"));
        var changed = ok(upsert("tools", "{\"path\":\"" + path + "\",\"source_code\":\"def calc(): return 1\"}"));
        assertThat(changed.get("version_id")).isNotEqualTo(tool.get("version_id"));
    }

    @Test
    void evaluatorVersionNamesAreUniqueToo() {
        String path = "e/" + run + "/Eval";
        String spec = "{\"arguments_type\":\"target_free\",\"return_type\":\"boolean\",\"evaluator_type\":\"external\"}";
        var first = ok(upsert("evaluators", "{\"path\":\"" + path + "\",\"spec\":" + spec
                + ",\"version_name\":\"v1\",\"version_description\":\"the first\"}"));
        assertThat(first.get("version_name").stringValue()).isEqualTo("v1");
        assertThat(first.get("version_description").stringValue()).isEqualTo("the first");
        var clash = upsert("evaluators", "{\"path\":\"" + path + "\",\"spec\":" + spec.replace("boolean", "text")
                + ",\"version_name\":\"v1\"}");
        assertThat(clash.status()).as(clash.body()).isEqualTo(409);
    }

    @Test
    void invalidUpsertsAre422AndStoreNothing() {
        long events = allEvents();
        String path = "bad/" + run;
        assertThat(problemAt(upsert("flows", "{\"path\":\"" + path + "/F\"}"))).contains("attributes");
        assertThat(problemAt(upsert("flows", "{\"path\":\"" + path + "/F\",\"attributes\":[1]}"))).contains("attributes");
        assertThat(problemAt(upsert("flows", "{\"attributes\":{}}"))).contains("path");
        assertThat(problemAt(upsert("flows", "{\"path\":\"a//b\",\"attributes\":{}}"))).contains("path");
        assertThat(problemAt(upsert("flows", "{\"path\":\"" + path + "/F\",\"attributes\":{},\"version_name\":5}")))
                .contains("version_name");
        assertThat(problemAt(upsert("prompts", "{\"path\":\"" + path + "/P\",\"template\":\"x\"}"))).contains("model");
        assertThat(problemAt(upsert("prompts", "{\"path\":\"" + path + "/P\",\"model\":\"m\",\"tags\":[1]}")))
                .contains("tags");
        assertThat(problemAt(upsert("prompts", "{\"path\":\"" + path + "/P\",\"model\":\"m\",\"temperature\":\"hot\"}")))
                .contains("temperature");
        assertThat(problemAt(upsert("tools", "{\"path\":\"" + path + "/T\",\"function\":{\"name\":\"f\"}}")))
                .contains("function", "description");
        assertThat(problemAt(upsert("evaluators", "{\"path\":\"" + path + "/E\"}"))).contains("spec");
        assertThat(upsert("flows", "not json").status()).isEqualTo(422);
        assertThat(upsert("flows", "").status()).isEqualTo(422);
        assertThat(allEvents()).isEqualTo(events);
        var unknownId = upsert("flows", "{\"id\":\"fl_missing_" + run + "\",\"attributes\":{}}");
        assertThat(unknownId.status()).isEqualTo(404);
        // a path that holds another kind of file
        ok(upsert("tools", "{\"path\":\"" + path + "/Taken\"}"));
        assertThat(problemAt(upsert("flows", "{\"path\":\"" + path + "/Taken\",\"attributes\":{}}"))).contains("path");
    }

    private static List<String> problemAt(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        List<String> loc = new ArrayList<>();
        response.json().get("detail").get(0).get("loc").values().forEach(l -> loc.add(l.asString()));
        return loc;
    }

    @Test
    void theVersionsOfAFileAreListedNewestFirst() {
        String path = "v/" + run + "/Flow";
        var v1 = ok(upsert("flows", "{\"path\":\"" + path + "\",\"attributes\":{\"v\":1},\"version_name\":\"one\"}"));
        var v2 = ok(upsert("flows", "{\"path\":\"" + path + "\",\"attributes\":{\"v\":2},\"version_name\":\"two\"}"));
        String id = v1.get("id").stringValue();
        var list = api.get("/v5/flows/" + id + "/versions?evaluator_aggregates=false");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        var records = list.json().get("records");
        assertThat(records.size()).isEqualTo(2);
        assertThat(records.get(0)).isEqualTo(v2);
        assertThat(records.get(1).get("version_id")).isEqualTo(v1.get("version_id"));
        assertThat(records.get(1).get("version_name").stringValue()).isEqualTo("one");
        assertThat(api.get("/v5/flows/fl_nope_" + run + "/versions").status()).isEqualTo(404);
        // a Flow is not a Prompt
        var wrongKind = api.get("/v5/prompts/" + id + "/versions");
        assertThat(wrongKind.status()).isEqualTo(404);
        assertThat(wrongKind.json().get("detail").isString()).isTrue();
        for (String kind : List.of("prompts", "tools", "evaluators")) {
            assertThat(api.get("/v5/" + kind + "/none_" + run + "/versions").status()).isEqualTo(404);
        }
    }

    @Test
    void aFileIsRetrievedByItsPathWithItsType() {
        var flow = ok(upsert("flows", "{\"path\":\"r/" + run + "/Flow\",\"attributes\":{}}"));
        var prompt = ok(upsert("prompts", "{\"path\":\"r/" + run + "/Prompt\",\"model\":\"m\"}"));
        var tool = ok(upsert("tools", "{\"path\":\"r/" + run + "/Tool\"}"));
        var evaluator = ok(upsert("evaluators", "{\"path\":\"r/" + run + "/Eval\",\"spec\":{\"arguments_type\":"
                + "\"target_free\",\"return_type\":\"text\",\"evaluator_type\":\"human\"}}"));
        for (JsonNode file : List.of(flow, prompt, tool, evaluator)) {
            var found = api.post("/v5/files/retrieve-by-path",
                    "{\"path\":" + quote(file.get("path").stringValue()) + "}");
            assertThat(found.status()).as(found.body()).isEqualTo(200);
            assertThat(found.json()).isEqualTo(file);
        }
        var missing = api.post("/v5/files/retrieve-by-path", "{\"path\":\"r/" + run + "/Nothing\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").stringValue()).contains("Nothing");
        assertThat(problemAt(api.post("/v5/files/retrieve-by-path", "{}"))).containsExactly("body", "path");
        assertThat(problemAt(api.post("/v5/files/retrieve-by-path", "{\"path\":1}"))).containsExactly("body", "path");
        assertThat(api.post("/v5/files/retrieve-by-path", "[").status()).isEqualTo(422);
        assertThat(api.post("/v5/files/retrieve-by-path", "").status()).isEqualTo(422);
        assertThat(api.send("POST", "/v5/files/retrieve-by-path", "{\"path\":\"x\"}", null).status()).isEqualTo(401);
    }
}
