package dev.tracevault.command.environment;

import dev.tracevault.events.environment.EnvironmentCreated;
import dev.tracevault.events.environment.EnvironmentRemoved;
import dev.tracevault.events.environment.EnvironmentRenamed;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workspace's environment rules: unique names, the default one stays. */
class WorkspaceTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final String WS = "workspace";

    private FixtureConfiguration<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class);
    }

    @Test
    void theFirstEnvironmentCreatesTheWorkspace() {
        fixture.givenNoPriorActivity()
                .when(new CreateEnvironment(WS, "env_s", "staging", T0))
                .expectEvents(new EnvironmentCreated(WS, "env_s", "staging", "other", T0));
    }

    @Test
    void theDefaultEnvironmentExistsWithoutAnEvent() {
        fixture.givenNoPriorActivity()
                .when(new CreateEnvironment(WS, "env_x", "production", T0))
                .expectNoEvents()
                .expectException(Conflict.class)
                .expectExceptionMessage("environment name 'production' is already used by environment 'env_default'");
    }

    @Test
    void theDefaultEnvironmentCanBeRenamedAsTheFirstChange() {
        fixture.givenNoPriorActivity()
                .when(new RenameEnvironment(WS, "env_default", "prod", T0))
                .expectEvents(new EnvironmentRenamed(WS, "env_default", "prod", T0));
    }

    @Test
    void aNameInUseIsAConflict() {
        fixture.given(new EnvironmentCreated(WS, "env_s", "staging", "other", T0))
                .when(new RenameEnvironment(WS, "env_default", "staging", T0))
                .expectNoEvents()
                .expectException(Conflict.class);
    }

    @Test
    void renamingToTheSameNameRecordsNothing() {
        fixture.given(new EnvironmentCreated(WS, "env_s", "staging", "other", T0))
                .when(new RenameEnvironment(WS, "env_s", "staging", T0))
                .expectNoEvents()
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aRemovedNameCanBeUsedAgain() {
        fixture.given(new EnvironmentCreated(WS, "env_s", "staging", "other", T0),
                        new EnvironmentRemoved(WS, "env_s", T0))
                .when(new CreateEnvironment(WS, "env_t", "staging", T0))
                .expectEvents(new EnvironmentCreated(WS, "env_t", "staging", "other", T0));
    }

    @Test
    void theDefaultEnvironmentCannotBeRemoved() {
        fixture.given(new EnvironmentCreated(WS, "env_s", "staging", "other", T0))
                .when(new RemoveEnvironment(WS, "env_default", T0))
                .expectNoEvents()
                .expectException(Conflict.class);
    }

    @Test
    void anUnknownEnvironmentIsNotFound() {
        fixture.given(new EnvironmentCreated(WS, "env_s", "staging", "other", T0))
                .when(new RemoveEnvironment(WS, "env_nope", T0))
                .expectNoEvents()
                .expectException(NotFound.class);
        fixture.given(new EnvironmentCreated(WS, "env_s", "staging", "other", T0))
                .when(new RenameEnvironment(WS, "env_nope", "x", T0))
                .expectException(NotFound.class);
    }
}
