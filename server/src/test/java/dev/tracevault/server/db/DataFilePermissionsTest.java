package dev.tracevault.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which H2 URLs name local files, and how an existing data directory and its files are made private. */
class DataFilePermissionsTest {

    @TempDir
    Path temp;

    @Test
    void onlyLocalH2FilesAreConcerned() {
        assertThat(DataFilePermissions.h2Base("jdbc:h2:file:./data/tracevault;WRITE_DELAY=0"))
                .contains(Path.of("data/tracevault").toAbsolutePath());
        assertThat(DataFilePermissions.h2Base("jdbc:h2:/srv/tv/db")).contains(Path.of("/srv/tv/db"));
        assertThat(DataFilePermissions.h2Base("jdbc:h2:file:~/tv")).contains(Path.of(System.getProperty("user.home"), "tv"));
        assertThat(DataFilePermissions.h2Base("jdbc:h2:mem:test")).isEmpty();
        assertThat(DataFilePermissions.h2Base("jdbc:h2:tcp://host/db")).isEmpty();
        assertThat(DataFilePermissions.h2Base("jdbc:postgresql://127.0.0.1/tv")).isEmpty();
        assertThat(DataFilePermissions.h2Base(null)).isEmpty();
    }

    @Test
    void anExistingDirectoryAndFilesOpenToOthersAreClosed() throws Exception {
        Path data = Files.createDirectory(temp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = Files.writeString(data.resolve("tracevault.mv.db"), "x");
        Path trace = Files.writeString(data.resolve("tracevault.trace.db"), "x");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(trace, PosixFilePermissions.fromString("rw-rw-rw-"));

        DataFilePermissions.prepare(data.resolve("tracevault"));

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(database)).isEqualTo("rw-------");
        assertThat(mode(trace)).isEqualTo("rw-------");
        assertThat(Files.readString(database)).as("an existing database is kept").isEqualTo("x");
    }

    @Test
    void aNewDatabaseFileIsCreatedPrivateBeforeH2OpensIt() throws Exception {
        Path data = temp.resolve("new/data");

        DataFilePermissions.prepare(data.resolve("tracevault"));

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve("tracevault.mv.db"))).isEqualTo("rw-------");
        assertThat(Files.size(data.resolve("tracevault.mv.db"))).isZero();
    }

    @Test
    void aSharedDirectoryIsLeftAsItIsButTheDatabaseFilesAreClosed() throws Exception {
        Path shared = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(shared.resolve("notes.txt"), "someone else's");
        Path database = Files.writeString(shared.resolve("tracevault.mv.db"), "x");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));

        DataFilePermissions.prepare(shared.resolve("tracevault"));

        assertThat(mode(shared)).as("not only ours: a warning, no change").isEqualTo("rwxr-xr-x");
        assertThat(mode(database)).isEqualTo("rw-------");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
