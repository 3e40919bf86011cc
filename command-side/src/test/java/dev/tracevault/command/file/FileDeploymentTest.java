package dev.tracevault.command.file;

import dev.tracevault.events.file.DeploymentRemoved;
import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.events.file.VersionDeployed;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The File aggregate's deployment rules (spec §3.12 setDeployment, removeDeployment). */
class FileDeploymentTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-01T11:00:00Z");

    private FixtureConfiguration<File> fixture;

    private final FileCreated created = new FileCreated("fl_1", "flow", "demo/Flow", "Flow", T0);
    private final FileVersionCreated v1 = new FileVersionCreated("fl_1", "flv_1", Map.of("v", 1), "k1", T0);
    private final FileVersionCreated v2 = new FileVersionCreated("fl_1", "flv_2", Map.of("v", 2), "k2", T0);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(File.class);
    }

    @Test
    void deployingAVersionRecordsIt() {
        fixture.given(created, v1, v2)
                .when(new DeployVersion("fl_1", "flow", "env_a", "flv_1", T1))
                .expectEvents(new VersionDeployed("fl_1", "env_a", "flv_1", T1))
                .expectResultMessagePayload(true);
    }

    @Test
    void deployingAnotherVersionReplacesTheOneThere() {
        fixture.given(created, v1, v2, new VersionDeployed("fl_1", "env_a", "flv_1", T0))
                .when(new DeployVersion("fl_1", "flow", "env_a", "flv_2", T1))
                .expectEvents(new VersionDeployed("fl_1", "env_a", "flv_2", T1));
    }

    @Test
    void deployingTheVersionAlreadyThereRecordsNothing() {
        fixture.given(created, v1, new VersionDeployed("fl_1", "env_a", "flv_1", T0))
                .when(new DeployVersion("fl_1", "flow", "env_a", "flv_1", T1))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void theSameVersionMayBeDeployedToSeveralEnvironments() {
        fixture.given(created, v1, new VersionDeployed("fl_1", "env_a", "flv_1", T0))
                .when(new DeployVersion("fl_1", "flow", "env_b", "flv_1", T1))
                .expectEvents(new VersionDeployed("fl_1", "env_b", "flv_1", T1));
    }

    @Test
    void cannotDeployAVersionOfAnotherFile() {
        fixture.given(created, v1)
                .when(new DeployVersion("fl_1", "flow", "env_a", "flv_other", T1))
                .expectNoEvents()
                .expectException(NotFound.class)
                .expectExceptionMessage("version 'flv_other' of Flow 'fl_1' not found");
    }

    @Test
    void cannotDeployThroughAnotherKind() {
        fixture.given(created, v1)
                .when(new DeployVersion("fl_1", "prompt", "env_a", "flv_1", T1))
                .expectNoEvents()
                .expectException(NotFound.class);
    }

    @Test
    void removingADeploymentRecordsIt() {
        fixture.given(created, v1, new VersionDeployed("fl_1", "env_a", "flv_1", T0))
                .when(new RemoveDeployment("fl_1", "flow", "env_a", T1))
                .expectEvents(new DeploymentRemoved("fl_1", "env_a", T1));
    }

    @Test
    void removingWhereNothingIsDeployedIsNotFound() {
        fixture.given(created, v1, new VersionDeployed("fl_1", "env_a", "flv_1", T0),
                        new DeploymentRemoved("fl_1", "env_a", T0))
                .when(new RemoveDeployment("fl_1", "flow", "env_a", T1))
                .expectNoEvents()
                .expectException(NotFound.class)
                .expectExceptionMessage("no version of Flow 'fl_1' is deployed to environment 'env_a'");
    }
}
