package dev.tracevault.command.file;

import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.events.file.MonitorTarget;
import dev.tracevault.events.file.MonitoringEvaluatorActivated;
import dev.tracevault.events.file.MonitoringEvaluatorDeactivated;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.List;
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

    private AddFileVersion add(Map<String, Object> kernel, String digest) {
        return new AddFileVersion("fl_1", "flow", kernel, digest, "flv_new", T0);
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
                .when(add(V1, "k1"))
                .expectNoEvents()
                .expectResultMessagePayload("flv_1");
    }

    @Test
    void newKernelCreatesAVersion() {
        fixture.given(created, v1)
                .when(add(V2, "k2"))
                .expectEvents(new FileVersionCreated("fl_1", "flv_new", V2, "k2", T0))
                .expectResultMessagePayload("flv_new");
    }

    @Test
    void anEarlierKernelKeepsItsVersion() {
        fixture.given(created, v1, new FileVersionCreated("fl_1", "flv_2", V2, "k2", T0))
                .when(add(V1, "k1"))
                .expectNoEvents()
                .expectResultMessagePayload("flv_1");
    }

    @Test
    void aFileOfAnotherKindIsNotFound() {
        fixture.given(created, v1)
                .when(new AddFileVersion("fl_1", "prompt", V2, "k2", "prv_1", T0))
                .expectException(NotFound.class)
                .expectNoEvents();
    }

    private static VersionDetails named(String name) {
        return new VersionDetails(name, "about " + name, null, null, null);
    }

    @Test
    void aNewKernelWithAFreeVersionNameCreatesANamedVersion() {
        fixture.given(created, v1)
                .when(new AddFileVersion("fl_1", "flow", V2, "k2", "flv_new", named("v2"), T0))
                .expectEvents(new FileVersionCreated("fl_1", "flv_new", V2, "k2", T0, "v2", "about v2", null, null,
                        null))
                .expectResultMessagePayload("flv_new");
    }

    @Test
    void aVersionNameHeldByAnotherVersionIsAConflict() {
        fixture.given(created, new FileVersionCreated("fl_1", "flv_1", V1, "k1", T0, "v1", null, null, null, null))
                .when(new AddFileVersion("fl_1", "flow", V2, "k2", "flv_new", named("v1"), T0))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void theSameKernelUnderItsOwnNameIsItsVersion() {
        fixture.given(created, new FileVersionCreated("fl_1", "flv_1", V1, "k1", T0, "v1", null, null, null, null))
                .when(new AddFileVersion("fl_1", "flow", V1, "k1", "flv_new", named("v1"), T0))
                .expectNoEvents()
                .expectResultMessagePayload("flv_1");
    }

    @Test
    void theSameKernelUnderAnotherVersionsNameIsAConflict() {
        fixture.given(created, new FileVersionCreated("fl_1", "flv_1", V1, "k1", T0, "v1", null, null, null, null),
                        new FileVersionCreated("fl_1", "flv_2", V2, "k2", T0))
                .when(new AddFileVersion("fl_1", "flow", V2, "k2", "flv_new", named("v1"), T0))
                .expectException(Conflict.class);
    }

    private static final MonitorRef PINNED = new MonitorRef("ev_1", "evv_1", null);
    private static final MonitorRef FOLLOWING = new MonitorRef("ev_2", null, "production");

    private UpdateMonitoring monitoring(List<MonitorRef> activate, List<MonitorRef> deactivate) {
        return new UpdateMonitoring("fl_1", "flow", activate, deactivate, T0);
    }

    @Test
    void activatesMonitorsByVersionAndByEnvironment() {
        fixture.given(created, v1)
                .when(monitoring(List.of(PINNED, FOLLOWING), List.of()))
                .expectEvents(new MonitoringEvaluatorActivated("fl_1", "ev_1", new MonitorTarget("evv_1", null), T0),
                        new MonitoringEvaluatorActivated("fl_1", "ev_2", new MonitorTarget(null, "production"), T0))
                .expectResultMessagePayload(new MonitoringChanged(List.of(PINNED, FOLLOWING), List.of(), 3));
    }

    @Test
    void activatingAnActiveMonitorRecordsNothing() {
        fixture.given(created, v1, new MonitoringEvaluatorActivated("fl_1", "ev_1", new MonitorTarget("evv_1", null), T0))
                .when(monitoring(List.of(PINNED), List.of()))
                .expectNoEvents()
                .expectResultMessagePayload(new MonitoringChanged(List.of(), List.of(), 2));
    }

    @Test
    void deactivatesOnlyActiveMonitors() {
        fixture.given(created, v1, new MonitoringEvaluatorActivated("fl_1", "ev_1", new MonitorTarget("evv_1", null), T0))
                .when(monitoring(List.of(), List.of(PINNED, FOLLOWING)))
                .expectEvents(new MonitoringEvaluatorDeactivated("fl_1", "ev_1", new MonitorTarget("evv_1", null), T0))
                .expectResultMessagePayload(new MonitoringChanged(List.of(), List.of(PINNED), 3));
    }

    @Test
    void monitoringAFileOfAnotherKindIsNotFound() {
        fixture.given(created, v1)
                .when(new UpdateMonitoring("fl_1", "prompt", List.of(PINNED), List.of(), T0))
                .expectException(NotFound.class)
                .expectNoEvents();
    }
}
