package dev.tracevault.command.file;

import dev.tracevault.events.file.FileCreated;
import dev.tracevault.events.file.FileDeleted;
import dev.tracevault.events.file.FileMoved;
import dev.tracevault.events.file.FileVersionCreated;
import dev.tracevault.events.file.FileVersionDeleted;
import dev.tracevault.events.file.FileVersionUpdated;
import dev.tracevault.events.file.VersionDeployed;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of a file's life on the File aggregate: move, delete, a version's update and deletion. */
class FileLifeTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-01T11:00:00Z");

    private FixtureConfiguration<File> fixture;

    private final FileCreated created = new FileCreated("fl_1", "flow", "demo/My Flow", "My Flow", T0);
    private final FileVersionCreated v1 = new FileVersionCreated("fl_1", "flv_1", Map.of("v", 1), "k1", T0, "one",
            "first", null, null, null);
    private final FileVersionCreated v2 = new FileVersionCreated("fl_1", "flv_2", Map.of("v", 2), "k2", T0, "two",
            null, null, null, null);
    private final FileDeleted deleted = new FileDeleted("fl_1", "demo/My Flow", T1);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(File.class);
    }

    @Test
    void aMoveRecordsWhereFromAndWhereToWithTheNewName() {
        fixture.given(created, v1)
                .when(new MoveFile("fl_1", "flow", "other/Renamed", T1))
                .expectEvents(new FileMoved("fl_1", "demo/My Flow", "other/Renamed", "Renamed", T1));
    }

    @Test
    void aSecondMoveStartsWhereTheFirstEnded() {
        fixture.given(created, v1, new FileMoved("fl_1", "demo/My Flow", "b/B", "B", T1))
                .when(new MoveFile("fl_1", "flow", "c/C", T1))
                .expectEvents(new FileMoved("fl_1", "b/B", "c/C", "C", T1));
    }

    @Test
    void aMoveToWhereTheFileIsRecordsNothing() {
        fixture.given(created, v1)
                .when(new MoveFile("fl_1", "flow", "demo/My Flow", T1))
                .expectNoEvents();
    }

    @Test
    void aFileOfAnotherKindIsNotFound() {
        fixture.given(created, v1)
                .when(new DeleteFile("fl_1", "prompt", T1))
                .expectException(NotFound.class);
    }

    @Test
    void deletingRecordsThePathItFrees() {
        fixture.given(created, v1)
                .when(new DeleteFile("fl_1", "flow", T1))
                .expectEvents(deleted);
    }

    @Test
    void aDeletedFileIsNotFoundByAnyCommand() {
        fixture.given(created, v1, deleted).when(new DeleteFile("fl_1", "flow", T1))
                .expectException(NotFound.class);
        fixture.given(created, v1, deleted).when(new MoveFile("fl_1", "flow", "x/Y", T1))
                .expectException(NotFound.class);
        fixture.given(created, v1, deleted).when(new AddFileVersion("fl_1", "flow", Map.of("v", 3), "k3", "flv_3", T1))
                .expectException(NotFound.class);
        fixture.given(created, v1, v2, deleted).when(new DeleteFileVersion("fl_1", "flow", "flv_2", T1))
                .expectException(NotFound.class);
    }

    @Test
    void aVersionUpdateKeepsWhatTheRequestDidNotGive() {
        fixture.given(created, v1)
                .when(new UpdateFileVersion("fl_1", "flow", "flv_1", true, "uno", false, null, T1))
                .expectEvents(new FileVersionUpdated("fl_1", "flv_1", "uno", "first", T1));
    }

    @Test
    void aGivenNullRemovesTheDescription() {
        fixture.given(created, v1)
                .when(new UpdateFileVersion("fl_1", "flow", "flv_1", false, null, true, null, T1))
                .expectEvents(new FileVersionUpdated("fl_1", "flv_1", "one", null, T1));
    }

    @Test
    void anUpdateThatChangesNothingRecordsNothing() {
        fixture.given(created, v1)
                .when(new UpdateFileVersion("fl_1", "flow", "flv_1", true, "one", true, "first", T1))
                .expectNoEvents();
    }

    @Test
    void aNameAnotherVersionHoldsIsAConflict() {
        fixture.given(created, v1, v2)
                .when(new UpdateFileVersion("fl_1", "flow", "flv_1", true, "two", false, null, T1))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void aRenamedVersionFreesItsOldName() {
        fixture.given(created, v1, v2, new FileVersionUpdated("fl_1", "flv_2", "deux", null, T1))
                .when(new UpdateFileVersion("fl_1", "flow", "flv_1", true, "two", false, null, T1))
                .expectEvents(new FileVersionUpdated("fl_1", "flv_1", "two", "first", T1));
    }

    @Test
    void anUnknownVersionIsNotFound() {
        fixture.given(created, v1)
                .when(new UpdateFileVersion("fl_1", "flow", "flv_9", true, "x", false, null, T1))
                .expectException(NotFound.class);
    }

    @Test
    void aVersionIsDeletedAndItsKernelThenMakesANewVersion() {
        fixture.given(created, v1, v2)
                .when(new DeleteFileVersion("fl_1", "flow", "flv_2", T1))
                .expectEvents(new FileVersionDeleted("fl_1", "flv_2", T1));
        fixture.given(created, v1, v2, new FileVersionDeleted("fl_1", "flv_2", T1))
                .when(new AddFileVersion("fl_1", "flow", Map.of("v", 2), "k2", "flv_3", T1))
                .expectEvents(new FileVersionCreated("fl_1", "flv_3", Map.of("v", 2), "k2", T1))
                .expectResultMessagePayload("flv_3");
    }

    @Test
    void aDeletedVersionsNameIsFree() {
        fixture.given(created, v1, v2, new FileVersionDeleted("fl_1", "flv_2", T1))
                .when(new UpdateFileVersion("fl_1", "flow", "flv_1", true, "two", false, null, T1))
                .expectEvents(new FileVersionUpdated("fl_1", "flv_1", "two", "first", T1));
    }

    @Test
    void theOnlyVersionCannotBeDeleted() {
        fixture.given(created, v1)
                .when(new DeleteFileVersion("fl_1", "flow", "flv_1", T1))
                .expectException(Conflict.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownOrDeletedVersionCannotBeDeleted() {
        fixture.given(created, v1, v2, new FileVersionDeleted("fl_1", "flv_2", T1))
                .when(new DeleteFileVersion("fl_1", "flow", "flv_2", T1))
                .expectException(NotFound.class);
    }

    @Test
    void aDeployedVersionCannotBeDeleted() {
        fixture.given(created, v1, v2, new VersionDeployed("fl_1", "env_1", "flv_2", T1))
                .when(new DeleteFileVersion("fl_1", "flow", "flv_2", T1))
                .expectException(Conflict.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("env_1"))
                .expectNoEvents();
    }

    @Test
    void aDeletedFileCannotBeDeployed() {
        fixture.given(created, v1, deleted)
                .when(new DeployVersion("fl_1", "flow", "env_1", "flv_1", T1))
                .expectException(NotFound.class);
    }
}
