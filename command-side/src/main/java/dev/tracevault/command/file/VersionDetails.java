package dev.tracevault.command.file;

import java.util.List;

/**
 * What an upsert says about the version it makes besides its kernel (spec §3.11, §3.16): its
 * {@code name} (unique within the file) and {@code description}, and the file's description, tags
 * and readme. Every part may be null; {@link #NONE} for log requests.
 */
public record VersionDetails(String name, String description, String fileDescription, List<String> tags,
                             String readme) {

    public static final VersionDetails NONE = new VersionDetails(null, null, null, null, null);
}
