/**
 * The registries of all files: tables with unique keys that a file's creation or new version claims in its
 * own transaction ({@link dev.tracevault.command.fileregistry.FilePaths}, {@link
 * dev.tracevault.command.fileregistry.FileVersions}), and the canonical digest of kernels they are keyed
 * by ({@link dev.tracevault.command.fileregistry.Kernels}). The aggregate itself is in
 * {@link dev.tracevault.command.file}.
 */
package dev.tracevault.command.fileregistry;
