package dev.tracevault.server.db;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded H2's files are the server user's alone: the data directory {@code 0700}, the database
 * files {@code 0600}. The database file is created {@code 0600} before H2 first opens it (H2 keeps
 * the mode of a file it finds, and fills an empty one); files H2 makes later (its trace file, a file
 * rewritten by compaction) are inside the {@code 0700} directory, and are set to {@code 0600} at the
 * next start. Nothing happens for PostgreSQL, in-memory or remote H2, or where the file system has
 * no POSIX modes.
 */
final class DataFilePermissions {

    private static final Logger log = LoggerFactory.getLogger(DataFilePermissions.class);
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** H2 URL prefixes that name something other than a local file. */
    private static final List<String> NOT_LOCAL = List.of("mem:", "tcp:", "ssl:", "zip:", "memFS:", "memLZF:");

    private DataFilePermissions() {
    }

    /** The database's base path ({@code <dir>/<name>}, H2 adds {@code .mv.db}) if {@code url} is a local H2 file. */
    static Optional<Path> h2Base(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String name = url.substring("jdbc:h2:".length());
        int settings = name.indexOf(';');
        if (settings >= 0) {
            name = name.substring(0, settings);
        }
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        } else if (NOT_LOCAL.stream().anyMatch(name::startsWith)) {
            return Optional.empty();
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return name.isBlank() ? Optional.empty() : Optional.of(Path.of(name).toAbsolutePath().normalize());
    }

    /** Before H2 opens the database: the directory {@code 0700}, the database file created {@code 0600}. */
    static void prepare(Path base) throws IOException {
        Path directory = base.getParent();
        if (!posix()) {
            return;
        }
        if (Files.notExists(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
            // createDirectories applies the mode through the umask
            Files.setPosixFilePermissions(directory, DIRECTORY);
        }
        Path database = Path.of(base + ".mv.db");
        if (Files.notExists(database)) {
            Files.createFile(database, PosixFilePermissions.asFileAttribute(FILE));
            Files.setPosixFilePermissions(database, FILE);
        }
        tighten(base);
    }

    /**
     * Sets this database's files to {@code 0600} and its directory to {@code 0700} where they allow
     * more. The directory is changed only if this user owns it and it holds nothing but this
     * database (never a shared directory such as {@code /tmp}); otherwise a warning says so.
     */
    static void tighten(Path base) throws IOException {
        Path directory = base.getParent();
        if (!posix() || !Files.isDirectory(directory)) {
            return;
        }
        String prefix = base.getFileName() + ".";
        UserPrincipal me = directory.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        boolean onlyThisDatabase = true;
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().startsWith(prefix)) {
                    onlyThisDatabase = false;
                } else if (Files.isRegularFile(entry) && !Files.isSymbolicLink(entry)
                        && open(Files.getPosixFilePermissions(entry))) {
                    if (Files.getOwner(entry).equals(me)) {
                        Files.setPosixFilePermissions(entry, FILE);
                    } else {
                        log.warn("{} is readable by other users and not owned by {}: set it to 0600", entry, me.getName());
                    }
                }
            }
        }
        if (open(Files.getPosixFilePermissions(directory))) {
            if (onlyThisDatabase && Files.getOwner(directory).equals(me)) {
                Files.setPosixFilePermissions(directory, DIRECTORY);
            } else {
                log.warn("the data directory {} is open to other users (H2's files in it are 0600): make it 0700",
                        directory);
            }
        }
    }

    private static boolean open(Set<PosixFilePermission> permissions) {
        return permissions.stream().anyMatch(OTHERS::contains);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
