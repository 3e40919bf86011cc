package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A file's life (issue 19 B; spec §3.12, §3.13, §4.11): delete, move, a version's update and
 * deletion, directories, the listing of every file, a file's history and {@code as_of}, and the
 * filters that are refused rather than ignored. Every refusal is a JSON 4xx naming the field or the
 * reason, and stores nothing.
 */
abstract class FileLifeApiContract extends ApiContractBase {

    private JsonNode ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private Api.Response delete(String path) {
        return api.send("DELETE", path, null, Api.KEY);
    }

    private JsonNode flowLog(String path, String attributes) {
        return ok(api.post("/v5/flows/log", "{\"path\":\"" + path + "\",\"flow\":{\"attributes\":" + attributes
                + "},\"inputs\":{\"q\":1},\"output\":\"o\"}"));
    }

    private JsonNode upsert(String path, String attributes, String more) {
        return ok(api.post("/v5/flows", "{\"path\":\"" + path + "\",\"attributes\":" + attributes + more + "}"));
    }

    private static void refused(Api.Response response, int status, String named) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).contains("json");
        assertThat(response.body()).contains(named);
    }

    @Test
    void aDeletedFileIsGoneButItsLogsStayReadableMarkedAndErasableAndItsPathIsFree() {
        String path = "life/" + run + "/Deleted";
        var log = flowLog(path, "{\"v\":1}");
        String flowId = log.get("flow_id").stringValue();
        String logId = log.get("id").stringValue();

        assertThat(delete("/v5/flows/" + flowId).status()).isEqualTo(204);

        refused(api.get("/v5/flows/" + flowId), 404, flowId);
        refused(api.get("/v5/flows/" + flowId + "/versions"), 404, flowId);
        refused(api.post("/v5/files/retrieve-by-path", "{\"path\":\"" + path + "\"}"), 404, path);
        var listed = ok(api.get("/v5/flows?name=Deleted&size=100"));
        listed.get("records").forEach(f -> assertThat(f.get("id").stringValue()).isNotEqualTo(flowId));
        // the log is still there, and says that its Flow is deleted
        var read = ok(api.get("/v5/logs/" + logId));
        assertThat(read.get("flow").get("id").stringValue()).isEqualTo(flowId);
        assertThat(read.get("flow").get("path").stringValue()).isEqualTo(path);
        assertThat(read.get("flow").get("deleted_at").isString()).isTrue();
        assertThat(ok(api.get("/v5/logs?file_id=" + flowId)).get("total").asInt()).isEqualTo(1);
        // nothing more happens to a deleted file
        long events = allEvents();
        refused(delete("/v5/flows/" + flowId), 404, flowId);
        refused(api.patch("/v5/flows/" + flowId, "{\"name\":\"Again\"}"), 404, flowId);
        refused(api.post("/v5/flows/log", "{\"id\":\"" + flowId + "\",\"inputs\":{},\"output\":\"o\"}"), 404, flowId);
        assertThat(allEvents()).isEqualTo(events);
        // a new log to the path creates a new Flow there
        var next = flowLog(path, "{\"v\":1}");
        assertThat(next.get("flow_id").stringValue()).isNotEqualTo(flowId);
        assertThat(ok(api.post("/v5/files/retrieve-by-path", "{\"path\":\"" + path + "\"}")).get("id").stringValue())
                .isEqualTo(next.get("flow_id").stringValue());
        // the deleted file's log can be erased
        assertThat(delete("/v5/logs?id=" + logId).status()).isIn(200, 204);
        assertThat(ok(api.get("/v5/logs/" + logId)).get("erased").asBoolean()).isTrue();
        // its history names the deletion, with who and when
        var history = ok(api.get("/v5/flows/" + flowId + "/history"));
        assertThat(history.get("deleted").asBoolean()).isTrue();
        var last = history.get("events").get(history.get("events").size() - 1);
        assertThat(last.get("type").stringValue()).isEqualTo("FileDeleted");
        assertThat(last.get("actor").stringValue()).startsWith("api_key:");
        assertThat(last.get("timestamp").isString()).isTrue();
    }

    @Test
    void deletingAFileOfAnotherKindOrAnUnknownOneIsNotFound() {
        var log = flowLog("life/" + run + "/Kind", "{}");
        long events = allEvents();
        refused(delete("/v5/prompts/" + log.get("flow_id").stringValue()), 404, "Prompt");
        refused(delete("/v5/flows/fl_unknown" + run), 404, "fl_unknown");
        assertThat(allEvents()).isEqualTo(events);
    }

    @Test
    void movingAFileChangesItsPathNameAndDirectoryAndItsLogsFollow() {
        String path = "life/" + run + "/a/Moved";
        var log = flowLog(path, "{\"v\":1}");
        String flowId = log.get("flow_id").stringValue();
        Instant beforeMove = Instant.now();
        var moved = ok(api.patch("/v5/flows/" + flowId, "{\"path\":\"life/" + run + "/b/There\"}"));
        assertThat(moved.get("path").stringValue()).isEqualTo("life/" + run + "/b/There");
        assertThat(moved.get("name").stringValue()).isEqualTo("There");
        assertThat(moved.get("directory_id").isString()).isTrue();
        assertThat(ok(api.get("/v5/flows/" + flowId)).get("path").stringValue()).isEqualTo("life/" + run + "/b/There");
        assertThat(ok(api.get("/v5/logs/" + log.get("id").stringValue())).get("flow").get("path").stringValue())
                .isEqualTo("life/" + run + "/b/There");
        // the old path is free, the new one is this file's
        refused(api.post("/v5/files/retrieve-by-path", "{\"path\":\"" + path + "\"}"), 404, path);
        assertThat(flowLog("life/" + run + "/b/There", "{\"v\":1}").get("flow_id").stringValue()).isEqualTo(flowId);
        // a rename keeps the directory; a directory_id moves it there
        var renamed = ok(api.patch("/v5/flows/" + flowId, "{\"name\":\"Renamed\"}"));
        assertThat(renamed.get("path").stringValue()).isEqualTo("life/" + run + "/b/Renamed");
        assertThat(renamed.get("directory_id")).isEqualTo(moved.get("directory_id"));
        String directoryA = ok(api.get("/v5/flows/" + flowLog("life/" + run + "/a/Other", "{}").get("flow_id")
                .stringValue())).get("directory_id").stringValue();
        var intoA = ok(api.patch("/v5/flows/" + flowId, "{\"directory_id\":\"" + directoryA + "\"}"));
        assertThat(intoA.get("path").stringValue()).isEqualTo("life/" + run + "/a/Renamed");
        // the file as it was before the moves, and its history
        var then = ok(api.get("/v5/flows/" + flowId + "?as_of=" + beforeMove));
        assertThat(then.get("path").stringValue()).isEqualTo(path);
        assertThat(then.get("name").stringValue()).isEqualTo("Moved");
        var types = new ArrayList<String>();
        ok(api.get("/v5/flows/" + flowId + "/history")).get("events").forEach(e -> {
            types.add(e.get("type").stringValue());
            assertThat(e.get("actor").stringValue()).startsWith("api_key:");
        });
        assertThat(types).containsSubsequence("FileCreated", "FileMoved", "FileMoved", "FileMoved");
        refused(api.get("/v5/flows/" + flowId + "?as_of=2001-01-01T00:00:00Z"), 404, flowId);
    }

    @Test
    void aMoveToATakenPathIsAConflictAndAnInvalidOneIsRefusedNamingTheField() {
        String taken = "life/" + run + "/Taken";
        flowLog(taken, "{}");
        String flowId = flowLog("life/" + run + "/Mover", "{}").get("flow_id").stringValue();
        long events = allEvents();
        refused(api.patch("/v5/flows/" + flowId, "{\"path\":\"" + taken + "\"}"), 409, taken);
        refused(api.patch("/v5/flows/" + flowId, "{\"path\":\"a//b\"}"), 422, "path");
        refused(api.patch("/v5/flows/" + flowId, "{\"path\":\"\"}"), 422, "path");
        refused(api.patch("/v5/flows/" + flowId, "{\"path\":\"x/y\",\"name\":\"z\"}"), 422, "path");
        refused(api.patch("/v5/flows/" + flowId, "{\"name\":\"a/b\"}"), 422, "name");
        refused(api.patch("/v5/flows/" + flowId, "{\"path\":7}"), 422, "path");
        refused(api.patch("/v5/flows/" + flowId, "{\"directory_id\":\"dir_unknown\"}"), 422, "directory_id");
        refused(api.patch("/v5/flows/" + flowId, "{\"path\":\"" + "x".repeat(600) + "\"}"), 422, "path");
        refused(api.patch("/v5/flows/" + flowId, "not json"), 422, "body");
        refused(api.patch("/v5/prompts/" + flowId, "{\"name\":\"x\"}"), 404, flowId);
        assertThat(allEvents()).isEqualTo(events);
        // a move to where it is changes nothing
        ok(api.patch("/v5/flows/" + flowId, "{\"path\":\"life/" + run + "/Mover\"}"));
        assertThat(allEvents()).isEqualTo(events);
    }

    @Test
    void aVersionIsRenamedAndDescribedAndADuplicateNameIsAConflict() {
        String path = "life/" + run + "/Versions";
        var v1 = upsert(path, "{\"v\":1}", ",\"version_name\":\"one\"");
        var v2 = upsert(path, "{\"v\":2}", ",\"version_name\":\"two\"");
        String flowId = v1.get("id").stringValue();
        String v1Id = v1.get("version_id").stringValue();
        Instant before = Instant.now();
        var updated = ok(api.patch("/v5/flows/" + flowId + "/versions/" + v1Id,
                "{\"name\":\"first\",\"description\":\"the first\"}"));
        assertThat(updated.get("version_id").stringValue()).isEqualTo(v1Id);
        assertThat(updated.get("version_name").stringValue()).isEqualTo("first");
        assertThat(updated.get("version_description").stringValue()).isEqualTo("the first");
        // the freed name can be taken; a name another version holds cannot
        long events = allEvents();
        refused(api.patch("/v5/flows/" + flowId + "/versions/" + v1Id, "{\"name\":\"two\"}"), 409, "two");
        refused(api.patch("/v5/flows/" + flowId + "/versions/" + v1Id, "{\"name\":\"\"}"), 422, "name");
        refused(api.patch("/v5/flows/" + flowId + "/versions/" + v1Id, "{\"description\":5}"), 422, "description");
        refused(api.patch("/v5/flows/" + flowId + "/versions/flv_unknown", "{\"name\":\"x\"}"), 404, "flv_unknown");
        assertThat(allEvents()).isEqualTo(events);
        ok(api.patch("/v5/flows/" + flowId + "/versions/" + v2.get("version_id").stringValue(), "{\"name\":\"one\"}"));
        // as it was, and in the history
        var then = ok(api.get("/v5/flows/" + flowId + "?as_of=" + before + "&version_id=" + v1Id));
        assertThat(then.get("version_name").stringValue()).isEqualTo("one");
        var types = new ArrayList<String>();
        ok(api.get("/v5/flows/" + flowId + "/history")).get("events").forEach(e -> types.add(e.get("type").stringValue()));
        assertThat(types).contains("FileVersionUpdated");
    }

    @Test
    void aVersionWithLogsCannotBeDeletedAndAnUnusedOneCan() {
        String path = "life/" + run + "/VersionDelete";
        var used = flowLog(path, "{\"v\":1}");
        String flowId = used.get("flow_id").stringValue();
        var unused = upsert(path, "{\"v\":2}", "");
        String unusedId = unused.get("version_id").stringValue();
        long events = allEvents();
        refused(delete("/v5/flows/" + flowId + "/versions/" + used.get("version_id").stringValue()), 409, "1 log");
        refused(delete("/v5/flows/" + flowId + "/versions/flv_unknown"), 404, "flv_unknown");
        assertThat(allEvents()).isEqualTo(events);

        assertThat(delete("/v5/flows/" + flowId + "/versions/" + unusedId).status()).isEqualTo(204);
        var versions = ok(api.get("/v5/flows/" + flowId + "/versions")).get("records");
        assertThat(versions.size()).isEqualTo(1);
        refused(api.get("/v5/flows/" + flowId + "?version_id=" + unusedId), 404, unusedId);
        refused(api.post("/v5/flows/log?version_id=" + unusedId, "{\"id\":\"" + flowId
                + "\",\"inputs\":{},\"output\":\"o\"}"), 404, unusedId);
        assertThat(ok(api.get("/v5/flows/" + flowId)).get("version_id")).isEqualTo(used.get("version_id"));
        // its attributes make a new version again
        var again = upsert(path, "{\"v\":2}", "");
        assertThat(again.get("version_id").stringValue()).isNotEqualTo(unusedId);
    }

    @Test
    void aDeployedVersionCannotBeDeletedAndADeletedFileIsDeployedNowhere() {
        String path = "life/" + run + "/Deployed";
        var first = upsert(path, "{\"v\":1}", "");
        String flowId = first.get("id").stringValue();
        String firstId = first.get("version_id").stringValue();
        upsert(path, "{\"v\":2}", "");
        String environment = ok(api.post("/v5/environments", "{\"name\":\"life-" + run + "\"}")).get("id")
                .stringValue();
        ok(api.post("/v5/flows/" + flowId + "/environments/" + environment + "?version_id=" + firstId, null));
        long events = allEvents();
        refused(delete("/v5/flows/" + flowId + "/versions/" + firstId), 409, environment);
        assertThat(allEvents()).isEqualTo(events);
        // the environment holds a deployment of the file until the file is deleted
        refused(delete("/v5/environments/" + environment), 409, "deploy");
        assertThat(delete("/v5/flows/" + flowId).status()).isEqualTo(204);
        assertThat(delete("/v5/environments/" + environment).status()).isEqualTo(204);
    }

    @Test
    void theOnlyVersionOfAFileCannotBeDeleted() {
        var only = upsert("life/" + run + "/Only", "{}", "");
        refused(delete("/v5/flows/" + only.get("id").stringValue() + "/versions/" + only.get("version_id").stringValue()),
                409, "only version");
    }

    @Test
    void directoriesFollowPathsAndAreCreatedMovedAndDeletedWhenEmpty() {
        String top = "life-" + run;
        String fileId = flowLog(top + "/x/y/Deep", "{}").get("flow_id").stringValue();
        var flow = ok(api.get("/v5/flows/" + fileId));
        String xy = flow.get("directory_id").stringValue();
        var directory = ok(api.get("/v5/directories/" + xy));
        assertThat(directory.get("path").stringValue()).isEqualTo(top + "/x/y");
        assertThat(directory.get("name").stringValue()).isEqualTo("y");
        assertThat(directory.get("files").get(0).get("id").stringValue()).isEqualTo(fileId);
        assertThat(directory.get("parents").size()).isEqualTo(2);
        assertThat(directory.get("parents").get(0).get("path").stringValue()).isEqualTo(top);
        String x = directory.get("parent_id").stringValue();
        assertThat(ok(api.get("/v5/directories/" + x)).get("subdirectories").get(0).get("id").stringValue())
                .isEqualTo(xy);
        List<String> paths = new ArrayList<>();
        ok(api.get("/v5/directories")).forEach(d -> paths.add(d.get("path").stringValue()));
        assertThat(paths).contains(top, top + "/x", top + "/x/y");

        // create, refuse a duplicate, move an empty one, refuse a non-empty one
        var created = ok(api.post("/v5/directories", "{\"name\":\"made\",\"parent_id\":\"" + x + "\"}"));
        assertThat(created.get("path").stringValue()).isEqualTo(top + "/x/made");
        assertThat(created.get("parent_id").stringValue()).isEqualTo(x);
        long events = allEvents();
        refused(api.post("/v5/directories", "{\"path\":\"" + top + "/x/made\"}"), 409, "made");
        refused(api.post("/v5/directories", "{\"name\":\"n\",\"parent_id\":\"dir_unknown\"}"), 422, "parent_id");
        refused(api.post("/v5/directories", "{}"), 422, "name");
        refused(api.post("/v5/directories", "{\"path\":\"a//b\"}"), 422, "path");
        refused(api.send("DELETE", "/v5/directories/" + xy, null, Api.KEY), 409, "not empty");
        refused(api.send("DELETE", "/v5/directories/" + x, null, Api.KEY), 409, "not empty");
        refused(api.patch("/v5/directories/" + xy, "{\"name\":\"z\"}"), 409, "not empty");
        refused(api.get("/v5/directories/dir_unknown"), 404, "dir_unknown");
        assertThat(allEvents()).isEqualTo(events);
        var renamed = ok(api.patch("/v5/directories/" + created.get("id").stringValue(), "{\"name\":\"remade\"}"));
        assertThat(renamed.get("path").stringValue()).isEqualTo(top + "/x/remade");
        assertThat(api.send("DELETE", "/v5/directories/" + created.get("id").stringValue(), null, Api.KEY).status())
                .isEqualTo(204);
        refused(api.get("/v5/directories/" + created.get("id").stringValue()), 404, "not found");
        // emptied by deleting its file, a directory can be deleted
        assertThat(delete("/v5/flows/" + fileId).status()).isEqualTo(204);
        assertThat(api.send("DELETE", "/v5/directories/" + xy, null, Api.KEY).status()).isEqualTo(204);
    }

    @Test
    void filesOfEveryKindAreListedAndFilteredByTypeAndName() {
        String name = "Listed" + run;
        flowLog("life/" + run + "/" + name + "Flow", "{}");
        ok(api.post("/v5/prompts", "{\"path\":\"life/" + run + "/" + name + "Prompt\",\"model\":\"gpt-4o\"}"));
        var all = ok(api.get("/v5/files?name=" + name + "&sort_by=name&order=asc"));
        assertThat(all.get("total").asInt()).isEqualTo(2);
        assertThat(all.get("records").get(0).get("type").stringValue()).isEqualTo("flow");
        assertThat(all.get("records").get(1).get("type").stringValue()).isEqualTo("prompt");
        var prompts = ok(api.get("/v5/files?name=" + name + "&type=prompt"));
        assertThat(prompts.get("total").asInt()).isEqualTo(1);
        assertThat(ok(api.get("/v5/files?name=" + name + "&type=prompt&type=flow")).get("total").asInt()).isEqualTo(2);
        assertThat(ok(api.get("/v5/files?name=" + name + "&template=true")).get("records").size()).isZero();
        assertThat(ok(api.get("/v5/files?name=" + name + "&page=2&size=2")).get("records").size()).isZero();
        refused(api.get("/v5/files?type=folder"), 422, "type");
        // environment: only the files deployed there, each at the version deployed there
        assertThat(ok(api.get("/v5/files?name=" + name + "&environment=production")).get("total").asInt()).isZero();
        String promptId = prompts.get("records").get(0).get("id").stringValue();
        String first = prompts.get("records").get(0).get("version_id").stringValue();
        ok(api.post("/v5/prompts", "{\"path\":\"life/" + run + "/" + name + "Prompt\",\"model\":\"gpt-5\"}"));
        ok(api.post("/v5/prompts/" + promptId + "/environments/production?version_id=" + first, (String) null));
        var deployed = ok(api.get("/v5/files?name=" + name + "&environment=production"));
        assertThat(deployed.get("total").asInt()).isEqualTo(1);
        assertThat(deployed.get("records").get(0).get("id").stringValue()).isEqualTo(promptId);
        assertThat(deployed.get("records").get(0).get("version_id").stringValue()).isEqualTo(first);
        refused(api.get("/v5/files?environment=nowhere-" + run), 404, "nowhere-" + run);
        refused(api.get("/v5/files?size=0"), 422, "size");
        refused(api.get("/v5/files?sort_by=path"), 422, "sort_by");
        refused(api.get("/v5/files?template=maybe"), 422, "template");
    }

    @Test
    void filtersThatWouldBeIgnoredAreRefusedNamingThem() {
        var log = flowLog("life/" + run + "/Filters", "{}");
        String flowId = log.get("flow_id").stringValue();
        refused(api.get("/v5/logs?file_id=" + flowId + "&version_status=committed"), 422, "version_status");
        refused(api.get("/v5/flows?user_filter=someone"), 422, "user_filter");
        refused(api.get("/v5/prompts?user_filter=someone"), 422, "user_filter");
        refused(api.get("/v5/flows/" + flowId + "/versions?evaluator_aggregates=true"), 422, "evaluator_aggregates");
        ok(api.get("/v5/flows/" + flowId + "/versions?evaluator_aggregates=false"));
    }

    @Test
    void aFlowLogUpdateWithFieldsOnlyOtherLogsHaveIsRefusedNamingThem() {
        var log = ok(api.post("/v5/flows/log", "{\"path\":\"life/" + run + "/Patch\",\"inputs\":{},"
                + "\"log_status\":\"incomplete\"}"));
        String logId = log.get("id").stringValue();
        long events = allEvents();
        refused(api.patch("/v5/flows/logs/" + logId, "{\"output\":\"o\",\"end_time\":\"2025-01-01T00:00:00Z\"}"),
                422, "end_time");
        refused(api.patch("/v5/flows/logs/" + logId, "{\"output\":\"o\",\"provider_latency\":1.5}"), 422,
                "provider_latency");
        assertThat(allEvents()).isEqualTo(events);
        assertThat(ok(api.get("/v5/logs/" + logId)).get("output").isNull()).isTrue();
    }

    @Test
    void aReplayRebuildsAFilesLifeByteForByte() throws InterruptedException {
        String top = "replay-" + run;
        var moved = flowLog(top + "/a/Moved", "{\"v\":1}");
        String movedId = moved.get("flow_id").stringValue();
        ok(api.patch("/v5/flows/" + movedId, "{\"path\":\"" + top + "/b/There\"}"));
        ok(api.patch("/v5/flows/" + movedId + "/versions/" + moved.get("version_id").stringValue(),
                "{\"name\":\"renamed\",\"description\":\"after\"}"));
        String unused = upsert(top + "/b/There", "{\"v\":2}", "").get("version_id").stringValue();
        assertThat(delete("/v5/flows/" + movedId + "/versions/" + unused).status()).isEqualTo(204);
        var gone = flowLog(top + "/Gone", "{}");
        assertThat(delete("/v5/flows/" + gone.get("flow_id").stringValue()).status()).isEqualTo(204);
        String empty = ok(api.post("/v5/directories", "{\"path\":\"" + top + "/empty\"}")).get("id").stringValue();
        String directory = ok(api.get("/v5/flows/" + movedId)).get("directory_id").stringValue();
        List<String> reads = List.of("/v5/flows/" + movedId, "/v5/flows/" + movedId + "/versions",
                "/v5/logs/" + moved.get("id").stringValue(), "/v5/logs/" + gone.get("id").stringValue(),
                "/v5/flows/" + gone.get("flow_id").stringValue(), "/v5/directories/" + directory,
                "/v5/directories/" + empty, "/v5/files?name=There", "/v5/directories");
        var before = new java.util.LinkedHashMap<String, String>();
        reads.forEach(path -> before.put(path, api.get(path).status() + " " + api.get(path).body()));

        assertThat(api.post("/v5/admin/replay?projection=logs", null).status()).isEqualTo(202);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        while (!ok(api.get("/v5/admin/replay")).get("state").stringValue().equals("done")) {
            assertThat(System.nanoTime()).as("the replay ends").isLessThan(deadline);
            Thread.sleep(200);
        }
        for (String path : reads) {
            assertThat(api.get(path).status() + " " + api.get(path).body()).as(path).isEqualTo(before.get(path));
        }
    }
}
