package dev.tracevault.command.flow;

import dev.tracevault.events.flow.FlowCreated;
import dev.tracevault.events.flow.FlowVersionCreated;
import dev.tracevault.problems.InvalidInput;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlowTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Map<String, Object> V1 = Map.of("version", "v1");
    private static final Map<String, Object> V2 = Map.of("version", "v2");

    private FixtureConfiguration<Flow> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Flow.class);
    }

    private final FlowCreated created = new FlowCreated("fl_1", "demo/My Flow", "My Flow", T0);
    private final FlowVersionCreated v1 = new FlowVersionCreated("fl_1", "flv_1", V1, "k1", T0);

    private ResolveFlowVersion resolve(String path, String versionId, Map<String, Object> attributes, String digest) {
        return new ResolveFlowVersion("fl_1", path, versionId, null, attributes, digest, "flv_new", T0);
    }

    @Test
    void createsFlowWithItsFirstVersionNamedAfterTheLastPathSegment() {
        fixture.givenNoPriorActivity()
                .when(new CreateFlow("fl_1", "demo/My Flow", V1, "k1", "flv_1", T0))
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
                .expectEvents(new FlowVersionCreated("fl_1", "flv_new", V2, "k2", T0))
                .expectResultMessagePayload("flv_new");
    }

    @Test
    void withoutKernelTheLatestVersionIsUsed() {
        fixture.given(created, v1, new FlowVersionCreated("fl_1", "flv_2", V2, "k2", T0))
                .when(resolve(null, null, null, null))
                .expectNoEvents()
                .expectResultMessagePayload("flv_2");
    }

    @Test
    void explicitVersionWinsOverKernel() {
        fixture.given(created, v1, new FlowVersionCreated("fl_1", "flv_2", V2, "k2", T0))
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
}
