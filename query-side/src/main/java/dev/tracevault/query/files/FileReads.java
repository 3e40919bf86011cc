package dev.tracevault.query.files;

import java.util.List;
import java.util.Optional;

/**
 * What file objects are rendered from: file versions with their usage, and monitors. The read
 * model answers as things are now ({@link FileDocuments}); {@link FilesAsOf} as they were at an
 * earlier moment.
 */
public interface FileReads {

    Optional<FileDocuments.Version> version(String versionId);

    Optional<FileDocuments.Version> latestVersion(String fileId);

    List<FileDocuments.Monitor> monitors(String fileId);

    /** Where the version's file is, what the version is called, and whether the file is deleted. */
    FileDocuments.Life life(FileDocuments.Version version);
}
