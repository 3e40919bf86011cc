package dev.tracevault.server.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.events.file.FileVersionCreated;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;

/**
 * {@link FileVersionCreated} gained its version name, descriptions, tags and readme without a new
 * revision: a version stored before them, in the exact stored shape, still reads, with those null.
 */
class FileVersionCreatedCompatibilityTest {

    private final Serializer serializer = Jackson3Serializer.builder().build();

    @Test
    void aVersionStoredBeforeUpsertsReadsWithoutNameOrDescriptions() throws IOException {
        byte[] payload;
        try (InputStream in = getClass().getResourceAsStream("/upcasting/file-version-created-rev1-before-upserts.json")) {
            payload = in.readAllBytes();
        }
        SerializedType type = new SimpleSerializedType(FileVersionCreated.class.getName(), "1");
        FileVersionCreated event = serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class, type));
        assertThat(event.versionId()).isEqualTo("flv_1");
        assertThat(event.kernel()).containsEntry("version", "v1");
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-11-26T01:10:18.034770Z"));
        assertThat(event.versionName()).isNull();
        assertThat(event.versionDescription()).isNull();
        assertThat(event.description()).isNull();
        assertThat(event.tags()).isNull();
        assertThat(event.readme()).isNull();
    }

    @Test
    void aNamedVersionRoundTrips() {
        var event = new FileVersionCreated("fl_1", "flv_2", java.util.Map.of("v", 2), "k2",
                Instant.parse("2026-12-01T00:00:00Z"), "v2", "second", "a flow", List.of("a", "b"), "# Read me");
        var stored = serializer.serialize(event, byte[].class);
        assertThat(stored.getType().getRevision()).isEqualTo("1");
        assertThat((Object) serializer.deserialize(stored)).isEqualTo(event);
    }
}
