package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.Api;
import dev.tracevault.server.support.MarkedTrace;
import dev.tracevault.server.support.RawBytes;
import dev.tracevault.server.support.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Erasure on embedded H2, down to the bytes of the data directory: after the server's clean-up (a
 * full compaction of the store, at the next start after a crash or when it stops cleanly) no file
 * holds any marker of an erased log's content, in UTF-8, UTF-16 or hex; the markers of logs kept
 * alike are found by the same search, and so are the erased ones before the clean-up. The
 * server's own log holds no content at all.
 */
class ErasureFilesOnH2Test {

    @Test
    void afterTheCleanUpNoFileOfTheStoreHoldsErasedContent() throws Exception {
        Path dir = Files.createTempDirectory("tracevault-erasure-files-");
        String run = UUID.randomUUID().toString().substring(0, 8);
        var environment = Map.of("TRACEVAULT_DATA_DIR", dir.toString(), "TRACEVAULT_API_KEY", Api.KEY);
        Path pending = dir.resolve("tracevault.erased");
        var logs = new StringBuilder();
        MarkedTrace gone;
        MarkedTrace kept;
        try (var server = new ServerProcess(environment).start()) {
            var api = new Api(server.port());
            gone = MarkedTrace.write(api, "GONE", run);
            kept = MarkedTrace.write(api, "KEEP", run);
            assertThat(api.send("DELETE", "/v5/logs?id=" + gone.rootId, (String) null, Api.KEY).status()).isEqualTo(204);
            assertThat(pending).as("the erasure awaits the store's compaction").exists();
            server.kill(); // no clean stop: the compaction waits for the next start
            logs.append(server.output());
        }
        var crashed = RawBytes.of(dir);
        assertThat(gone.shown().values().stream().filter(crashed::contains))
                .as("before the clean-up the file still holds erased content: the search sees it").isNotEmpty();

        MarkedTrace stopped;
        MarkedTrace stays;
        try (var server = new ServerProcess(environment).start()) {
            assertThat(pending).as("compacted at the start").doesNotExist();
            var api = new Api(server.port());
            assertThat(api.get("/v5/logs/" + gone.rootId).json().get("erased").asBoolean()).isTrue();
            assertThat(api.get("/v5/logs/" + kept.rootId).body()).contains(kept.markers.get("flow.inputs"));
            assertThat(RawBytes.of(dir).contains(kept.markers.get("flow.inputs"))).isTrue();
            // the clean stop: erased while running, compacted when the server stops
            stopped = MarkedTrace.write(api, "STOP", run);
            stays = MarkedTrace.write(api, "STAY", run);
            assertThat(api.send("DELETE", "/v5/logs?id=" + stopped.rootId, (String) null, Api.KEY).status()).isEqualTo(204);
            assertThat(pending).exists();
            server.terminate();
            assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isPresent();
            assertThat(server.output()).contains("compacted");
            logs.append(server.output());
        }
        assertThat(pending).doesNotExist();
        var files = RawBytes.of(dir);
        assertThat(files.files()).as("the store and whatever else H2 wrote").isNotEmpty();
        for (var erased : new MarkedTrace[] {gone, stopped}) {
            erased.markers.forEach((where, marker) -> assertThat(files.contains(marker)).as("erased " + where).isFalse());
        }
        for (var live : new MarkedTrace[] {kept, stays}) {
            live.shown().forEach((where, marker) -> assertThat(files.contains(marker)).as("kept " + where).isTrue());
        }

        try (var server = new ServerProcess(environment).start()) {
            var api = new Api(server.port());
            assertThat(api.get("/v5/logs/" + stays.rootId).body()).as("the compacted store works")
                    .contains(stays.markers.get("flow.inputs"));
            assertThat(api.get("/v5/logs/" + stopped.rootId).json().get("erased").asBoolean()).isTrue();
            logs.append(server.output());
        }
        for (var trace : new MarkedTrace[] {gone, kept, stopped, stays}) {
            trace.markers.forEach((where, marker) -> assertThat(logs.toString()).as("the server's log never holds content: "
                    + where).doesNotContain(marker));
        }
        assertThat(logs.toString()).contains("compacted");
    }
}
