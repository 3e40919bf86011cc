package dev.tracevault.command.directory;

import dev.tracevault.events.directory.DirectoryCreated;
import dev.tracevault.events.directory.DirectoryDeleted;
import dev.tracevault.events.directory.DirectoryMoved;
import dev.tracevault.problems.NotFound;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Directory aggregate: created named after its last segment, moved, deleted, then not found. */
class DirectoryTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

    private FixtureConfiguration<Directory> fixture;
    private final DirectoryCreated created = new DirectoryCreated("dir_2", "a/b", "b", "dir_1", T0);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Directory.class);
    }

    @Test
    void aDirectoryIsNamedAfterTheLastSegmentOfItsPath() {
        fixture.givenNoPriorActivity()
                .when(new CreateDirectory("dir_2", "a/b", "dir_1", T0))
                .expectEvents(created);
    }

    @Test
    void aMoveRecordsWhereFromAndWhereTo() {
        fixture.given(created)
                .when(new MoveDirectory("dir_2", "c", null, T0))
                .expectEvents(new DirectoryMoved("dir_2", "a/b", "c", "c", null, T0));
    }

    @Test
    void aMoveToWhereItIsRecordsNothing() {
        fixture.given(created)
                .when(new MoveDirectory("dir_2", "a/b", "dir_1", T0))
                .expectNoEvents();
    }

    @Test
    void aDeletedDirectoryIsNotFound() {
        fixture.given(created)
                .when(new DeleteDirectory("dir_2", T0))
                .expectEvents(new DirectoryDeleted("dir_2", "a/b", T0));
        fixture.given(created, new DirectoryDeleted("dir_2", "a/b", T0))
                .when(new MoveDirectory("dir_2", "c", null, T0))
                .expectException(NotFound.class);
        fixture.given(created, new DirectoryDeleted("dir_2", "a/b", T0))
                .when(new DeleteDirectory("dir_2", T0))
                .expectException(NotFound.class);
    }
}
