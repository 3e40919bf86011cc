package dev.tracevault.command.file;

import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Map<String, Object> V1 = Map.of("version", "v1");
    private static final Map<String, Object> V2 = Map.of("version", "v2");

    private FixtureConfiguration<File> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(File.class);
    }

    private final FileCreated created = new FileCreated("fl_1", "flow", "demo/My Flow", "My Flow", T0);
    private final FileVersionCreated v1 = new FileVersionCreated("fl_1", "flv_1", V1, "k1", T0);

    private ResolveFileVersion resolve(String path, String versionId, Map<String, Object> kernel, String digest) {
        return new ResolveFileVersion("fl_1", "flow", path, versionId, null, kernel, digest, "flv_new", T0);
    }

    @Test
    void createsFileWithItsFirstVersionNamedAfterTheLastPathSegment() {
        fixture.givenNoPriorActivity()
                .when(new CreateFile("fl_1", "flow", "demo/My Flow", V1, "k1", "flv_1", T0))
                .expectEvents(created, v1);
    }

    @Test
    void sameKernelReusesItsVersion() {
        fixture.given(created, v1)
                .when(resolve(null, null, V1, "k1"))
                .expectNoEvents()
                .expectResultMessagePayload("flv_1");
    }

    @Test
    void newKernelCreatesAVersion() {
        fixture.given(created, v1)
                .when(resolve(null, null, V2, "k2"))
                .expectEvents(new FileVersionCreated("fl_1", "flv_new", V2, "k2", T0))
                .expectResultMessagePayload("flv_new");
    }

    @Test
    void withoutKernelTheLatestVersionIsUsed() {
        fixture.given(created, v1, new FileVersionCreated("fl_1", "flv_2", V2, "k2", T0))
                .when(resolve(null, null, null, null))
                .expectNoEvents()
                .expectResultMessagePayload("flv_2");
    }

    @Test
    void explicitVersionWinsOverKernel() {
        fixture.given(created, v1, new FileVersionCreated("fl_1", "flv_2", V2, "k2", T0))
                .when(resolve(null, "flv_1", V2, "k2"))
                .expectNoEvents()
                .expectResultMessagePayload("flv_1");
    }

    @Test
    void unknownVersionIsNotFound() {
        fixture.given(created, v1)
                .when(resolve(null, "flv_x", null, null))
                .expectException(NotFound.class);
    }

    @Test
    void idAndPathMustAgree() {
        fixture.given(created, v1)
                .when(resolve("demo/Other", null, null, null))
                .expectException(InvalidInput.class);
    }

    @Test
    void aFileOfAnotherKindIsNotFound() {
        fixture.given(created, v1)
                .when(new ResolveFileVersion("fl_1", "prompt", null, null, null, null, null, "prv_1", T0))
                .expectException(NotFound.class);
    }
}
